"""Settings and the sealed history: defaults, bad values, and every way of quietly editing a result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.tui.store import settings as st
from simulator.tui.store.calls import finish_call, load_call
from simulator.tui.store.history import INDEX, Entry, History
from simulator.tui.store.reports import report_from_json, report_to_json

RECORD = {"format": "hotline-call/1", "scenario": "silent-caller", "outcome": "caller_hung_up",
          "success": False, "events": [{"t": 0.0, "type": "ring"}, {"t": 2.0, "type": "answer"},
                                       {"t": 3.0, "end": 6.0, "type": "say", "who": "operator",
                                        "text": "您好，12320卫生热线，请讲。"},
                                       {"t": 20.0, "type": "hangup", "who": "caller"}]}


def test_settings_round_trip_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert st.load(path) == st.Settings()  # no file: defaults
    new = st.Settings(trainee="张三 1024", recogniser="whisper", voice_engine="espeak", phone_effect=False,
                      mode="exam", input_device="USB", output_device="")
    st.save(new, path)
    assert st.load(path) == new and st.load(path).exam
    bad = {"mode": "party", "phone_effect": "yes", "trainee": 7, "voice_engine": "kokoro", "unknown": 1}
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert st.load(path) == st.Settings(voice_engine="kokoro")
    path.write_text("{not json", encoding="utf-8")
    assert st.load(path) == st.Settings()


def seal_one(history: History, tmp_path: Path, name: str = "a", score_text: str = "") -> Entry:
    folder = history.new_folder(name)
    (folder / "operator.wav").write_bytes(b"RIFF....")
    entry, report = finish_call(history, folder, dict(RECORD), title="无声来电", trainee="张三", mode="exam")
    assert report is not None
    return entry


def test_sealed_history_verifies(tmp_path: Path) -> None:
    h = History(tmp_path / "calls", key=b"k")
    first = seal_one(h, tmp_path)
    second = seal_one(h, tmp_path, "b")
    entries = h.entries()
    assert [e.id for e in entries] == [second.id, first.id]  # newest first
    assert all(e.problem == "" for e in entries)
    assert set(first.files) == {"record.json", "report.json", "operator.wav"}
    record, report = load_call(h, entries[0])
    assert record is not None and record["scenario"] == "silent-caller"
    assert report is not None and report.score == entries[0].score


@pytest.mark.parametrize("what", ["record", "report", "audio", "deleted"])
def test_a_changed_file_is_flagged(tmp_path: Path, what: str) -> None:
    h = History(tmp_path / "calls", key=b"k")
    entry = seal_one(h, tmp_path)
    folder = h.folder(entry)
    if what == "record":
        data = json.loads((folder / "record.json").read_text(encoding="utf-8"))
        data["events"][2]["text"] = "您好，请讲。"
        (folder / "record.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    elif what == "report":
        data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        data["score"], data["passed"] = 100, True
        (folder / "report.json").write_text(json.dumps(data), encoding="utf-8")
    elif what == "audio":
        (folder / "operator.wav").write_bytes(b"RIFF!!!!")
    else:
        (folder / "report.json").unlink()
    problem = h.entries()[0].problem
    assert problem and ("改动" in problem or "删除" in problem)


def test_an_edited_index_line_is_flagged(tmp_path: Path) -> None:
    h = History(tmp_path / "calls", key=b"k")
    seal_one(h, tmp_path)
    index = tmp_path / "calls" / INDEX
    line = json.loads(index.read_text(encoding="utf-8"))
    line["score"] = 100 if line["score"] != 100 else 99
    index.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert h.entries()[0].problem == "索引条目被改动"


def test_a_removed_call_breaks_the_chain(tmp_path: Path) -> None:
    h = History(tmp_path / "calls", key=b"k")
    for name in "abc":
        seal_one(h, tmp_path, name)
    index = tmp_path / "calls" / INDEX
    lines = index.read_text(encoding="utf-8").splitlines()
    index.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")  # drop the failed exam
    entries = h.entries()
    assert entries[0].problem == "前面的记录被删除或插入" and entries[1].problem == ""


def test_recomputing_digests_without_the_key_is_flagged(tmp_path: Path) -> None:
    """Someone edits the record and fixes the digest in the index, but cannot redo the MAC."""
    h = History(tmp_path / "calls", key=b"k")
    entry = seal_one(h, tmp_path)
    folder = h.folder(entry)
    (folder / "record.json").write_text("{}", encoding="utf-8")
    index = tmp_path / "calls" / INDEX
    line = json.loads(index.read_text(encoding="utf-8"))
    import hashlib

    line["files"]["record.json"] = hashlib.sha256(b"{}").hexdigest()
    index.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert h.entries()[0].problem == "索引条目被改动"
    assert History(tmp_path / "calls", key=b"other").entries()[0].problem == "索引条目被改动"


def test_report_json_round_trip() -> None:
    from grading import grade

    report = grade(dict(RECORD))
    back = report_from_json(json.loads(json.dumps(report_to_json(report))))
    assert back == report
