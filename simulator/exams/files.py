"""Atomic file writes for reports and schemas: a full disk never leaves half a report behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from simulator.exams.errors import ExamError


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temp file in the same folder and a rename."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise ExamError(f"无法写入 {path}：{exc.strerror or exc}",
                        hint="检查磁盘空间和文件夹权限；原有文件没有被改动") from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
