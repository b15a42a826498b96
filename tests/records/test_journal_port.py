"""The call runtime journals itself: a :class:`~simulator.call.session.CallSession` (the app, live
play) and the script runner (``hotline play --save``) hand the record to the store's journal after
every step through the small ``CallJournal`` port — the screen's timer no longer does it, so a
driver that never ticks between steps still leaves every event in the store."""

from __future__ import annotations

from typing import Any

from simulator.call.clock import CallClock, FakeClock
from simulator.call.session import CallSession
from simulator.play.runner import Runner
from simulator.play.script import parse_script
from simulator.records import open_store
from simulator.scenario.library import find


class Spy:
    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def sync(self, record: dict[str, Any]) -> None:
        self.records.append(record)


def test_a_session_hands_every_step_to_its_journal(store_url: str) -> None:
    scenario = find("silent-caller")
    source = FakeClock()
    with open_store(store_url) as store:
        journal = store.begin(scenario=scenario.id, flush_interval=3600)  # flushed by hand below
        session = CallSession(scenario, 3, clock=CallClock(source), journal=journal)
        session.ring()
        source.advance(2.0)
        session.answer()
        source.advance(1.0)
        session.say_typed("您好，12320卫生热线，请问有什么可以帮您？")
        journal.flush()  # no tick ran after the reply, and nobody called sync: the session did
        stored = store.journaled_record(journal.call_id)
        assert stored["events"] == session.record()["events"]
        assert any(e.get("who") == "operator" and e.get("type") == "say" for e in stored["events"])
        session.hang_up()
        journal.flush()
        assert store.journaled_record(journal.call_id)["events"] == session.record()["events"]
        row, _ = journal.finish(session.record())
        assert store.record(row.id) == session.record()


def test_the_script_runner_hands_every_step_to_its_journal() -> None:
    scenario = find("silent-caller")
    good = next(p for p in scenario.playthroughs if p.success)
    spy = Spy()
    runner = Runner(scenario, 3, journal=spy)
    script = parse_script(good.script, "golden")
    runner.ring(script.answer_after)
    steps = len(spy.records)
    assert steps >= 2 and spy.records[-1] == runner.engine.record()
    for step in script.actions:
        runner.apply(step)
    runner.finish()
    assert len(spy.records) > steps and spy.records[-1] == runner.result().record
