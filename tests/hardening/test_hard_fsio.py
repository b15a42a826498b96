"""Atomic writes: a full disk, a read-only folder or a bad text never destroys the old file."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from hardkit import fill, hotline, no_traceback

from simulator.fsio import (
    WriteError,
    atomic_open,
    atomic_write_bytes,
    atomic_write_json,
    atomic_write_text,
    describe_os_error,
    shown,
)


def test_writes_and_replaces(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    atomic_write_json(p, {"名": 1})
    assert json.loads(p.read_text("utf-8")) == {"名": 1}
    atomic_write_text(p, "新")
    assert p.read_text("utf-8") == "新"
    assert [x.name for x in tmp_path.iterdir()] == ["a.json"]


def test_keeps_mode_of_old_file(tmp_path: Path) -> None:
    p = tmp_path / "k"
    p.write_text("x")
    p.chmod(0o600)
    atomic_write_text(p, "y")
    assert p.stat().st_mode & 0o777 == 0o600


def test_unencodable_text_creates_nothing(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    with pytest.raises(WriteError) as info:
        atomic_write_text(p, "您好\udcff")
    assert "编码" in info.value.message
    assert not p.exists() and not list(tmp_path.iterdir())


def test_exception_in_block_keeps_old(tmp_path: Path) -> None:
    p = tmp_path / "f"
    p.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(p) as fh:
        fh.write(b"new")
        raise RuntimeError
    assert p.read_bytes() == b"old"
    assert [x.name for x in tmp_path.iterdir()] == ["f"]


def test_full_disk_keeps_old_file(tiny_disk: Path) -> None:
    p = tiny_disk / "record.json"
    atomic_write_text(p, "old")
    fill(tiny_disk)
    with pytest.raises(WriteError) as info:
        atomic_write_bytes(p, b"x" * 200_000)
    assert "磁盘空间不足" in info.value.message and "原文件未改动" in info.value.message
    assert info.value.errno == errno.ENOSPC
    assert p.read_text() == "old"
    assert sorted(x.name for x in tiny_disk.iterdir()) == ["filler", "record.json"]


def test_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere: check the message with a read-only mount's errno
        message, hint = describe_os_error(OSError(errno.EROFS, "Read-only file system"), tmp_path / "x")
        assert "只读" in message and "HOTLINE_DATA" in hint
        return
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(WriteError) as info:
            atomic_write_text(tmp_path / "x", "y")
        assert "权限" in info.value.message
    finally:
        tmp_path.chmod(0o700)


def test_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        atomic_write_text(tmp_path / ("长" * 300), "y")
    assert "太长" in info.value.message
    assert len(info.value.message) < 300


def test_shown_escapes_control_characters() -> None:
    assert "\x1b" not in shown("a\x1b[31mb")
    assert "\\x1b" in shown("a\x1b[31mb")


def test_play_typed_undecodable_line_keeps_record(tmp_path: Path) -> None:
    """The issue's reproduction: a line that is not UTF-8 is reported and skipped; R is whole."""
    out = tmp_path / "R"
    proc = hotline("play", "info-query", "--typed", "--record", str(out),
                   input=b"/answer 2\n\xff\xfe\xe6\x82\xa8\xe5\xa5\xbd\n", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0
    assert "UTF-8" in proc.stdout.decode()
    assert json.loads(out.read_text("utf-8"))["format"].startswith("hotline-call")


def test_play_record_on_full_disk_keeps_old_record(tiny_disk: Path) -> None:
    old = tiny_disk / "OLD.json"
    old.write_text('{"old": true}', "utf-8")
    fill(tiny_disk)
    proc = hotline("play", "info-query", "--script", "-", "--record", str(old),
                   input="/answer 2\n您好，请讲。\n/hangup\n".encode())
    err = no_traceback(proc)
    assert proc.returncode == 2 and "磁盘空间不足" in err
    assert old.read_text("utf-8") == '{"old": true}'


def test_script_not_utf8(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_bytes("您好".encode("gbk"))
    proc = hotline("play", "info-query", "--script", str(script), "--record", str(tmp_path / "r.json"))
    err = no_traceback(proc)
    assert proc.returncode == 2 and "UTF-8" in err


def test_grade_html_on_full_disk_leaves_no_empty_file(tiny_disk: Path, tmp_path: Path) -> None:
    rec = tmp_path / "r.json"
    rec.write_text(json.dumps({"format": "hotline-call/1", "scenario": "info-query", "events": [
        {"t": 0.0, "type": "ring"}, {"t": 1.0, "type": "answer"},
        {"t": 1.5, "end": 4.0, "type": "say", "who": "operator", "text": "您好，96128，请讲。"},
        {"t": 5.0, "type": "hangup", "who": "caller"}]}), "utf-8")
    fill(tiny_disk)
    out = tiny_disk / "report.html"
    proc = hotline("grade", str(rec), "--html", str(out))
    err = no_traceback(proc)
    assert proc.returncode == 2 and "磁盘空间不足" in err
    assert not out.exists()


def test_play_refuses_before_the_call_when_the_record_cannot_be_saved(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("a file, not a folder")
    proc = hotline("play", "info-query", "--script", "-", env={"HOTLINE_DATA": str(data)},
                   input="/answer 2\n您好\n".encode())
    err = no_traceback(proc)
    assert proc.returncode == 2 and "没有开始" in err
    assert "来电者" not in proc.stdout.decode()  # the call was not played
