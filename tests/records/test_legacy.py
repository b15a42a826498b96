"""The first round's ``calls/`` folders and ``index.jsonl`` move into the store on first start."""

from __future__ import annotations

import hashlib
import io
import json
import wave
from pathlib import Path

import pytest

from simulator.records import open_store
from tests.records.test_store import RECORD


def wav(n: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x03\x00" * n)
    return buf.getvalue()


def old_history(data: Path) -> None:
    calls = data / "calls"
    lines = []
    for name, trainee, mode, score in (("20261101-090000-silent-caller", "张三", "exam", 62),
                                       ("20261102-100000-silent-caller", "李四", "practice", 91)):
        folder = calls / name
        folder.mkdir(parents=True)
        (folder / "record.json").write_text(json.dumps(RECORD, ensure_ascii=False), encoding="utf-8")
        report = {"scenario": "silent-caller", "score": score, "passed": score >= 80, "findings": []}
        (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
        (folder / "operator.wav").write_bytes(wav(1600))
        files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}
        lines.append({"id": name, "when": f"{name[:4]}-{name[4:6]}-{name[6:8]}T09:00:00",
                      "scenario": "silent-caller", "title": "无声来电", "trainee": trainee, "mode": mode,
                      "score": score, "passed": score >= 80, "files": files, "prev": "0" * 64, "mac": "x"})
    (calls / "index.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                                       encoding="utf-8")
    (calls / "20261102-100000-silent-caller" / "report.json").write_text("{}", encoding="utf-8")  # edited


def test_old_folders_are_imported_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    old_history(tmp_path)
    with open_store() as store:
        calls = store.calls()
        # 李四's report.json was emptied: his call is graded again from its record on import
        assert [(c.trainee, c.mode) for c in calls] == [("李四", "practice"), ("张三", "exam")]
        assert calls[1].score == 62 and calls[0].score is not None
        zhang = calls[1]
        assert store.record(zhang.id) == RECORD
        assert store.audio(zhang.id, "operator") == (16000, b"\x03\x00" * 1600)
        assert zhang.meta["legacy_check"] == "与旧索引一致" and zhang.started_at.startswith("2026-11-01")
        assert calls[0].meta["legacy_check"] == "report.json 与旧索引不符"
        assert store.verify() == []
    with open_store() as store:  # the second start imports nothing again
        assert store.count() == 2
    assert (tmp_path / "calls" / "index.jsonl").is_file()  # the old files stay
