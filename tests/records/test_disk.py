"""A full disk or a read-only folder is a clear message, never a traceback, and never damages the
calls already stored (SQLite: the file the candidate's account writes)."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.records import StoreError, open_store
from simulator.records.errors import explain
from tests.records.test_store import RECORD

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "/answer 2\n您好，12320卫生热线，请问有什么可以帮您？\n/hangup\n"


def _full_disk() -> None:
    """In the child: every write past 4 KiB of any file fails (EFBIG), as on a disk that is full."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))


def test_a_full_disk_is_a_message_and_keeps_the_stored_calls(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "records.db"), legacy=False) as store:
        for _ in range(3):
            journal = store.begin(scenario="silent-caller", trainee="张三")
            journal.finish(RECORD, {"score": 90, "passed": True})
    script = tmp_path / "s.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "HOTLINE_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("HOTLINE_DB", None)
    argv = [sys.executable, "-m", "simulator", "play", "silent-caller", "--script", str(script), "--save"]
    out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, preexec_fn=_full_disk)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "错误：" in out.stderr and "磁盘" in out.stderr, out.stderr
    with open_store(str(tmp_path / "records.db"), legacy=False) as store:
        assert [c.score for c in store.calls()] == [90, 90, 90]
        assert store.verify() == []


def test_an_unwritable_place_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as info:
        open_store(str(blocker / "records.db"))
    assert "通话记录库" in info.value.message or "无法" in info.value.message


@pytest.mark.parametrize(("text", "word"), [("database or disk is full", "磁盘已满"),
                                            ("disk I/O error", "磁盘写入失败"),
                                            ("attempt to write a readonly database", "只读")])
def test_driver_errors_read_as_sentences(text: str, word: str) -> None:
    import sqlite3

    assert word in explain(sqlite3.OperationalError(text), "/x/records.db").message
