"""Call time is the trainee's time: a caller voice that renders slowly does not change the call.

The issue's reproduction: angry-complainant with its first golden playthrough's replies, on a
fresh install (every line synthesised as it is needed, 5 s a line). The record once had the
caller's hang-up before the caller's first line, and the correct call failed CMP001/CMP002.
"""

from __future__ import annotations

from typing import Any

import pytest
from callkit import drive, heard_order, timed

from grading import grade
from simulator.scenario.library import find


def last_time(record: dict[str, Any]) -> float:
    return max(float(e.get("end", e["t"])) for e in record["events"])


def golden(scenario_id: str, index: int = 0) -> tuple[str, int]:
    sc = find(scenario_id)
    pt = sc.playthroughs[index]
    return pt.script, pt.seed


@pytest.mark.parametrize("mode", ["heard", "typed"])
def test_a_slow_voice_gives_the_same_record_and_report_as_an_instant_one(mode: str) -> None:
    sc = find("angry-complainant")
    script, seed = golden("angry-complainant")
    quick = drive(sc, script, seed=seed, render_seconds=0.0, mode=mode)  # type: ignore[arg-type]
    slow = drive(sc, script, seed=seed, render_seconds=5.0, mode=mode)  # type: ignore[arg-type]
    assert slow.wall > quick.wall + 20  # the slow voice really took longer
    assert heard_order(slow.record) == heard_order(quick.record)
    assert timed(slow.record) == timed(quick.record)
    assert slow.record["path"] == quick.record["path"]
    a, b = grade(quick.record), grade(slow.record)
    def summary(r: Any) -> tuple[bool, int, list[str]]:
        return r.passed, r.score, [f.rule for f in r.findings]

    assert summary(b) == summary(a)
    assert a.passed and not {"CMP001", "CMP002"} & {f.rule for f in a.findings}
    assert quick.record["outcome"] == "resolved"


def test_every_caller_line_is_recorded_before_the_caller_hangs_up() -> None:
    sc = find("angry-complainant")
    script, seed = golden("angry-complainant")
    slow = drive(sc, script, seed=seed, render_seconds=5.0)
    events = slow.record["events"]
    hangup = next(i for i, e in enumerate(events) if e["type"] == "hangup")
    assert all(i < hangup for i, e in enumerate(events) if e["type"] == "say")
    # and the transcript shows them in the same order
    shown = [t.text for t in slow.session.turns if t.who == "caller"]
    assert shown == [e["text"] for e in events if e["type"] == "say" and e["who"] == "caller"]


def test_on_the_real_clock_a_slow_voice_gives_the_same_record_order() -> None:
    sc = find("angry-complainant")
    script, seed = golden("angry-complainant")
    # the opening of the call (one reply), then the trainee hangs up: a minute of real time
    lines = [ln for ln in script.splitlines() if ln.strip()]
    short = "\n".join(["/answer 1", *[ln for ln in lines if not ln.startswith("/")][:1], "/hangup"])
    quick = drive(sc, short, seed=seed, render_seconds=0.0, real=True)
    slow = drive(sc, short, seed=seed, render_seconds=3.0, real=True)
    # call time held while the first line rendered: the wall clock ran on past the call's own end
    # by at least that render (a lower bound only, so a busy machine cannot fail it)
    assert slow.wall - last_time(slow.record) >= 2.5
    assert heard_order(slow.record) == heard_order(quick.record)
    assert slow.record["path"] == quick.record["path"]
    # real time: ticks land differently, so times agree within a few ticks, not exactly
    for a, b in zip(timed(quick.record), timed(slow.record), strict=True):
        assert abs(a[3] - b[3]) < 1.0 and abs(a[4] - b[4]) < 1.0
    ga, gb = grade(quick.record), grade(slow.record)
    assert (gb.passed, [f.rule for f in gb.findings]) == (ga.passed, [f.rule for f in ga.findings])


def test_typed_replies_with_long_typing_pauses_give_no_dead_air() -> None:
    """Reading the caller's line and typing the reply takes far longer than saying it."""
    from simulator.call.clock import FakeClock
    from simulator.call.session import CallSession

    sc = find("angry-complainant")
    script, seed = golden("angry-complainant")
    lines = [ln for ln in script.splitlines() if ln.strip() and not ln.startswith("/")]
    clock = FakeClock()
    s = CallSession(sc, seed, source=clock)
    s.ring()
    clock.advance(3.0)
    s.answer()

    def wait(seconds: float) -> None:
        for _ in range(int(seconds / 0.1)):
            clock.advance(0.1)
            s.tick()

    for text in lines:
        if s.over:
            break
        wait(max(0.0, s.caller_end - s.clock.now()) + 0.3)  # the caller's line is over
        wait(8.0)  # reading it
        s.compose(True)
        clock.advance(25.0)  # typing a long reply
        s.tick()
        s.say_typed(text)
    wait(30.0)
    rec = s.record()
    findings = grade(rec).findings
    assert "TIM002" not in {f.rule for f in findings}, [f.message for f in findings]
    typed = [e for e in rec["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert typed and all(e.get("typed") is True for e in typed)
    assert s.talk_seconds() == pytest.approx((s.ended_at or 0) - (s.answered_at or 0))
