"""The store's interface, the same on SQLite and PostgreSQL: a call's life, reading, the chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.records import open_store
from simulator.records.recover import recover

RECORD: dict[str, Any] = {
    "format": "hotline-call/1", "scenario": "silent-caller", "seed": 3,
    "hotline": {"name": "12320卫生热线", "aliases": ["12320"]},
    "events": [
        {"t": 0.0, "type": "ring"},
        {"t": 2.0, "type": "answer"},
        {"t": 2.5, "end": 6.0, "type": "say", "who": "operator",
         "text": "您好，12320卫生热线，请问有什么可以帮您？"},
        {"t": 14.0, "type": "hangup", "who": "caller"},
    ],
    "outcome": "caller_hangup",
}


def test_a_call_is_journaled_closed_graded_and_listed(store_url: str) -> None:
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller", title="无声来电", trainee="张三", mode="exam", seed=3,
                              meta={"sitting": "S1"})
        partial = {**RECORD, "events": RECORD["events"][:2]}
        journal.sync(partial)
        journal.audio("operator", b"\x01\x00" * 8000, 16000)
        journal.flush()
        assert store.open_calls()[0].id == journal.call_id
        assert store.record(journal.call_id)["events"] == RECORD["events"][:2]  # type: ignore[index]
        row, report = journal.finish(RECORD)
        assert row.status == "finished" and row.trainee == "张三" and row.exam
        assert row.meta == {"sitting": "S1"}
        assert report is not None and row.score == report.score
        assert store.record(row.id) == RECORD
        assert store.audio(row.id, "operator") == (16000, b"\x01\x00" * 8000)
        assert [r.kind for r in store.reports(row.id)] == ["grade"]
        assert store.calls(trainee="张三", exam=True)[0].uid == row.uid
        assert store.calls(trainee="李四") == [] and store.calls(exam=False) == []
        assert store.verify() == []


def test_closing_twice_keeps_the_first(store_url: str) -> None:
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller")
        row, _ = journal.finish(RECORD)
        again = store.close_call(row.id, {**RECORD, "events": []}, {"score": 100, "passed": True})
        assert again == row and store.record(row.id) == RECORD
        assert store.verify() == []


def test_a_retimed_event_is_rewritten_in_place(store_url: str) -> None:
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller")
        events = [dict(e) for e in RECORD["events"][:3]]
        journal.sync({**RECORD, "events": events})
        journal.flush()
        events[2]["end"] = 4.0
        journal.sync({**RECORD, "events": events})
        journal.abandon()
        assert store.journaled_record(journal.call_id)["events"][2]["end"] == 4.0


def test_recover_closes_a_dead_call_as_interrupted(store_url: str) -> None:
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller", trainee="张三")
        journal.sync({**RECORD, "events": RECORD["events"][:3]})
        journal.abandon()
        store.db.execute("UPDATE calls SET pid = ? WHERE id = ?", (2**22 + 12345, journal.call_id))  # gone
        closed = recover(store)
        assert [c.id for c in closed] == [journal.call_id]
        row = store.call(journal.call_id)
        assert row.status == "interrupted" and row.interrupted
        record = store.record(row.id)
        assert record is not None and record["events"] == RECORD["events"][:3] and record["interrupted"]
        assert recover(store) == [] and store.verify() == []


def test_a_live_call_is_not_recovered(store_url: str) -> None:
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller")
        journal.sync(RECORD)
        assert recover(store) == []
        journal.finish(RECORD)


def test_regrade_keeps_the_old_grade(store_url: str) -> None:
    with open_store(store_url) as store:
        row, _ = store.begin(scenario="silent-caller").finish(RECORD)
        store.add_report(row.id, {"score": 12, "passed": False, "findings": []}, "regrade")
        assert [r.kind for r in store.reports(row.id)] == ["grade", "regrade"]
        first, last = store.report(row.id), store.report(row.id, latest=True)
        assert first is not None and last is not None and first.score == row.score and last.score == 12
        assert store.verify() == []


def test_a_wav_being_written_is_journaled_as_it_grows(store_url: str, tmp_path: Path) -> None:
    import wave

    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller", flush_interval=3600)
        path = tmp_path / "operator.wav"
        journal.watch("operator", path)
        journal.flush()  # no file yet: nothing, no error
        w = wave.open(str(path), "wb")  # noqa: SIM115 - written to while the journal reads it
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x07\x00" * 16000)
        w._file.flush()  # type: ignore[attr-defined]  # what the recorder's buffer does on its own
        journal.flush()
        assert store.audio(journal.call_id, "operator") == (16000, b"\x07\x00" * 16000)  # before close
        w.writeframes(b"\x08\x00" * 8000)
        w.close()
        row, _ = journal.finish(RECORD, {"score": 1, "passed": False})
        assert store.audio(row.id, "operator") == (16000, b"\x07\x00" * 16000 + b"\x08\x00" * 8000)
        assert store.verify() == []


def test_a_store_of_schema_1_migrates_to_the_append_only_journal(store_url: str, monkeypatch: Any) -> None:
    """A store written by the previous version (journal upserted in ``call_events``, closes written by
    UPDATE) opens with migration 2: the running call's journal and head carry over, a closed call
    stays closed (its close is on record, so it cannot be closed again), and recovery still works."""
    import json

    from simulator.records import schema

    first = schema.MIGRATIONS[:1]
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", first)
        m.setattr(schema, "LATEST", 1)
        with open_store(store_url) as old:
            done = old.begin(scenario="silent-caller", seed=3).call_id
            running = old.begin(scenario="silent-caller", seed=3)
            running._halt()
            with old.db.write():
                old.db.execute("UPDATE calls SET status = 'finished', ended_at = started_at, record = ?, "
                               "score = 0, passed = 0 WHERE id = ?", (json.dumps(RECORD), done))
                for i, event in enumerate(RECORD["events"][:3]):
                    old.db.execute("INSERT INTO call_events (call_id, idx, body) VALUES (?, ?, ?)",
                                   (running.call_id, i, json.dumps(event, ensure_ascii=False)))
                old.db.execute("UPDATE calls SET head = ?, pid = ? WHERE id = ?",
                               (json.dumps({"outcome": "pending"}), 2**22 + 777, running.call_id))
    with open_store(store_url) as store:
        assert store.db.one("SELECT MAX(version) FROM schema_version") == (schema.LATEST,)
        journaled = store.journaled_record(running.call_id)
        assert journaled["events"] == RECORD["events"][:3] and journaled["outcome"] == "pending"
        assert store.record(done) == RECORD
        again = store.close_call(done, {**RECORD, "events": []}, {"score": 100, "passed": True})
        assert again.status == "finished" and again.score == 0 and store.record(done) == RECORD
        (closed,) = recover(store)
        assert closed.id == running.call_id and closed.interrupted
        assert store.record(closed.id)["events"] == RECORD["events"][:3]  # type: ignore[index]
        fresh = store.begin(scenario="silent-caller")
        row, _ = fresh.finish(RECORD)
        assert row.status == "finished" and store.record(row.id) == RECORD


def test_the_journal_and_closes_are_appended_never_updated(store_url: str) -> None:
    """A retimed event is a newer journal row; a close is one row of call_closes (the trigger applies it,
    and refuses a second): nothing a station writes while a call runs or ends is an UPDATE."""
    with open_store(store_url) as store:
        journal = store.begin(scenario="silent-caller")
        events = [dict(e) for e in RECORD["events"][:3]]
        journal.sync({**RECORD, "events": events})
        journal.flush()
        events[2] = {**events[2], "end": 7.5}
        journal.sync({**RECORD, "events": events})
        journal.flush()
        rows = store.db.rows("SELECT idx FROM call_journal WHERE call_id = ? AND idx = 2", (journal.call_id,))
        assert len(rows) == 2
        assert store.journaled_record(journal.call_id)["events"][2]["end"] == 7.5
        row, _ = journal.finish(RECORD)
        (count,) = store.db.one("SELECT COUNT(*) FROM call_closes WHERE call_id = ?", (row.id,)) or (0,)
        assert count == 1
        import pytest

        with pytest.raises(Exception, match=r"not open|UNIQUE|duplicate"), store.db.write():
            store.db.execute("INSERT INTO call_closes (call_id, ended_at, status, interrupted) "
                             "VALUES (?, 'x', 'finished', 0)", (row.id,))
        assert store.record(row.id) == RECORD and store.verify() == []
