"""The app: an unusable data folder is a message at start-up; SIGTERM, SIGHUP and Ctrl+Q (during the
render ahead too) end the app with exit 0 and nothing on the terminal. (A call that cannot be saved
does not start, and the history screen reads the records store: tests/tui and tests/records.)"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardkit import ROOT, hotline, no_traceback, tmpfs

pytest.importorskip("textual")


def test_data_folder_is_a_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("x")
    proc = hotline(env={"HOTLINE_DATA": str(data)}, input=b"")
    err = no_traceback(proc)
    assert proc.returncode == 2 and "HOTLINE_DATA" in err


def test_data_folder_read_only() -> None:
    with tmpfs("1m") as mnt:
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        proc = hotline(env={"HOTLINE_DATA": str(mnt / "data")}, input=b"")
        err = no_traceback(proc)
        assert proc.returncode == 2 and "只读" in err


def _spawn(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOTLINE_DATA=str(tmp_path / "data"), TERM="xterm-256color",
               HOTLINE_VOICE_CACHE=str(tmp_path / "voice-cache"),  # empty: Kokoro renders ahead
               COLUMNS="120", LINES="40")
    proc = subprocess.Popen([sys.executable, "-m", "simulator"], stdin=slave, stdout=slave, stderr=slave,
                            env=env, start_new_session=True)
    os.close(slave)
    return proc, master


def _drain(master: int, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def _finish(proc: subprocess.Popen[bytes], master: int) -> bytes:
    tail = b""
    try:
        end = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < end:
            tail += _drain(master, 0.5)
        tail += _drain(master, 0.5)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return tail


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "ctrl+q-during-render-ahead"])
def test_app_stops_cleanly(tmp_path: Path, how: str) -> None:
    proc, master = _spawn(tmp_path)
    out = _drain(master, 12)  # start-up and first frame
    assert proc.poll() is None, out[-2000:]
    if how.startswith("SIG"):
        proc.send_signal(getattr(signal, how))
    else:
        for key in (b"p", b"\r"):  # the picker, then a scenario's brief: the voices render ahead
            os.write(master, key)
            out += _drain(master, 4)
        os.write(master, b"\x11")  # Ctrl+Q
    tail = _finish(proc, master)
    text = tail.decode("utf-8", "replace")
    assert proc.returncode == 0, (proc.returncode, text[-2000:])
    assert "Traceback" not in text and "terminate called" not in text, text[-2000:]


def test_legacy_history_with_hostile_files_imports_the_rest(tmp_path: Path) -> None:
    """The old history (calls/index.jsonl) with a deeply nested line, a non-UTF-8 line and a deeply
    nested record: the first start imports what it can and does not crash."""
    from simulator.records import open_store
    from simulator.records.legacy import import_legacy

    calls = tmp_path / "calls"
    (calls / "20260101-000000-info-query").mkdir(parents=True)
    deep = '{"a": ' * 100_000 + "1" + "}" * 100_000
    (calls / "index.jsonl").write_bytes(deep.encode() + b"\n\xff\xfe not utf-8\n")
    (calls / "20260101-000000-info-query" / "record.json").write_text(deep)
    (calls / "play.json").write_text('{"format": "hotline-call/1", "x": ' + "[" * 900 + "]" * 900 + "}")
    store = open_store(str(tmp_path / "records.db"))
    assert import_legacy(store, calls) in (0, 1)
