"""A call's own outcome and a call with nothing in it decide the verdict (issue 13 class 3,
issue 12 §2): a failure ending is a finding, never a pass; an empty, ring-only, unanswered,
wordless or interrupted call fails."""

from __future__ import annotations

from typing import Any

import pytest

from grading.data import clauses
from grading.grader import grade, scenario_facts
from simulator.scenario.library import scenario_files
from simulator.scenario.loader import load_scenario

RING = {"t": 0.0, "type": "ring"}
HOTLINE = {"name": "12320卫生热线", "aliases": ["12320"]}


def _record(events: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"format": "hotline-call/1", "scenario": "info-query", "hotline": HOTLINE,
            "events": events, **extra}


def test_every_failure_ending_of_the_library_says_why() -> None:
    known = clauses()
    for path in scenario_files():
        sc = load_scenario(path)
        for node in sc.nodes.values():
            if node.end is None or node.success:
                continue
            assert node.fail is not None and node.fail.note, f"{sc.id}:{node.id} 缺少 fail"
            assert node.fail.clause in known, f"{sc.id}:{node.id} 的条款 {node.fail.clause!r} 未知"


def test_scenario_facts_carry_the_endings() -> None:
    facts = scenario_facts("transfer-consent")
    wrong = facts.ending("transferred-wrong-place")
    assert wrong is not None and not wrong.success and wrong.note and wrong.category == "transfer"
    good = [e for e in facts.endings if e.success]
    assert good and all(not e.note for e in good)


@pytest.mark.parametrize(("name", "events"), [
    ("empty", []),
    ("ring only", [RING]),
    ("hung up during the ring", [RING, {"t": 2.0, "type": "hangup", "who": "operator"}]),
    ("caller gave up unanswered", [RING, {"t": 30.0, "type": "hangup", "who": "caller"}]),
    ("answered, never spoke", [RING, {"t": 3.0, "type": "answer"},
                               {"t": 3.5, "end": 5.0, "type": "say", "who": "caller", "text": "喂？有人吗？"},
                               {"t": 15.0, "type": "hangup", "who": "caller"}]),
])
def test_a_call_with_nothing_in_it_is_not_a_pass(name: str, events: list[dict[str, Any]]) -> None:
    report = grade(_record(events))
    assert not report.passed, name
    assert any(f.rule == "OUT002" and f.severity == "blocker" for f in report.findings), name


def test_an_interrupted_call_is_never_a_pass() -> None:
    greeting = "您好，12320卫生热线，请问有什么可以帮您？"
    events = [RING, {"t": 3.0, "type": "answer"},
              {"t": 3.2, "end": 7.0, "type": "say", "who": "operator", "text": greeting}]
    assert not any(f.rule == "OUT003" for f in grade(_record(events)).findings)
    report = grade(_record(events, interrupted=True))
    assert not report.passed
    assert any(f.rule == "OUT003" for f in report.findings)


def test_silent_caller_who_speaks_as_the_operator_hangs_up_fails() -> None:
    """The engine says hung-up-before-caller / hung-up-on-speaking-caller: the grade agrees."""
    from simulator.play.golden import check_playthrough

    sc = load_scenario(next(p for p in scenario_files() if p.stem == "silent-caller"))
    pt = next(p for p in sc.playthroughs if "抢先挂机" in p.name)
    result = check_playthrough(sc, pt)
    report = grade(result.play.record)
    assert not report.passed
    assert any(f.category == "closing" for f in report.findings)


def test_outcome_finding_is_not_repeated_when_a_blocker_already_says_it() -> None:
    from simulator.play.golden import check_playthrough

    sc = load_scenario(next(p for p in scenario_files() if p.stem == "silent-caller"))
    pt = next(p for p in sc.playthroughs if "忌语" in p.name)
    report = grade(check_playthrough(sc, pt).play.record)
    assert not report.passed
    assert [f.rule for f in report.findings if f.category == "forbidden"].count("OUT001") == 0


def test_silent_caller_who_starts_to_speak_as_the_operator_hangs_up_fails() -> None:
    """The issue's call: the engine ends on a failure (the caller was speaking), the grade says so."""
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script

    sc = load_scenario(next(p for p in scenario_files() if p.stem == "silent-caller"))
    script = parse_script("\n".join([
        "/answer 3", "您好，12320卫生热线，请讲。", "/wait 4", "您好，请问您需要咨询什么问题？", "/wait 4",
        "您好，请问您能听到我的声音吗？", "/wait 6.5", "/hangup",
    ]))
    record = play_script(sc, script, seed=3).record
    assert record["success"] is False, record["path"]
    report = grade(record)
    assert not report.passed
    assert any(f.rule == "OUT001" for f in report.findings), report.findings
