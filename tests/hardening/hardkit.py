"""Helpers for the hardening tests: run ``hotline`` in a subprocess, a tiny full disk."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def hotline(*args: str, env: dict[str, str] | None = None, input: bytes | None = None,
            timeout: float = 120, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``hotline ARGS`` with this checkout first on the path; bytes in and out."""
    full = dict(os.environ)
    full["PYTHONPATH"] = str(ROOT) + os.pathsep + full.get("PYTHONPATH", "")
    full.setdefault("HOTLINE_DATA", tempfile.mkdtemp(prefix="hotline-hard-"))
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "simulator", *args], input=input,
                          capture_output=True, timeout=timeout, env=full, cwd=cwd)


def no_traceback(proc: subprocess.CompletedProcess[bytes]) -> str:
    """stderr as text, after checking it holds a message and no Python traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 1, 2), (proc.returncode, err)
    return err


@contextlib.contextmanager
def _tmpfs(size: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="hotline-full-"))
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                         capture_output=True)
    if res.returncode != 0:
        folder.rmdir()
        pytest.skip("a tiny tmpfs needs root (mount)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def tmpfs(size: str = "1m") -> contextlib.AbstractContextManager[Path]:
    """A tiny tmpfs (root only; the test is skipped otherwise): fill it to get ENOSPC."""
    if os.geteuid() != 0:
        pytest.skip("a tiny tmpfs needs root")
    return _tmpfs(size)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` until writes fail with ENOSPC."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
