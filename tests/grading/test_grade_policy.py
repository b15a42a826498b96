"""Proportion and citations (issue 13 classes 4 and 5): weights are a per-line policy in
profiles.yaml with a clause for each decision, shown by ``hotline rules --policy``; a finding
cites the call's own line's standard and says so when it borrows another's."""

from __future__ import annotations

from typing import Any

from grading.casebuild import build_call
from grading.grader import grade

H12320 = {"name": "12320卫生热线", "aliases": ["12320"]}
H95598 = {"name": "95598供电服务热线", "aliases": ["95598"]}
HHEAT = {"name": "恒源热力集团客服热线", "aliases": ["恒源热力集团"]}
CLOSE = [{"operator": "请问还有什么可以帮您？"}, {"caller": "没有了。"},
         {"operator": "感谢您的来电，再见。"}, {"caller": "再见。"}, {"hangup": "caller"}]


def _call(first: str, hotline: dict[str, Any], answer: float = 3.0) -> Any:
    turns = [{"operator": first}, {"caller": "我想问一下体检中心在几楼？"},
             {"operator": "在门诊楼三楼。"}, *CLOSE]
    return grade(build_call({"name": "x", "hotline": hotline, "answer": answer, "turns": turns}))


def test_a_lone_wei_on_answering_is_not_a_veto() -> None:
    report = _call("喂？", H95598)
    wei = [f for f in report.findings if f.rule == "FRB001"]
    assert wei and all(f.severity == "minor" for f in wei)
    assert not any(f.severity == "blocker" for f in report.findings)
    assert any(f.category == "opening" for f in report.findings)  # the missing greeting is its own finding


def test_wei_then_the_standard_greeting_passes() -> None:
    report = _call("喂，您好，95598供电服务热线，请问有什么可以帮您？", H95598)
    assert report.passed, report.findings


def test_answering_late_is_weighed_by_how_late() -> None:
    slightly = _call("您好，12320卫生热线，请讲。", H12320, answer=15.0)
    assert slightly.passed and [f.severity for f in slightly.findings if f.rule == "TIM001"] == ["minor"]
    long = _call("您好，12320卫生热线，请讲。", H12320, answer=28.0)
    assert not long.passed and [f.severity for f in long.findings if f.rule == "TIM001"] == ["major"]


def test_a_12320_call_is_cited_against_its_own_standard() -> None:
    report = _call("您好，12320卫生热线，请讲。", H12320, answer=15.0)
    (late,) = [f for f in report.findings if f.rule == "TIM001"]
    assert late.clause.startswith("002_"), late.clause  # 002 第十八条, not 004 六 3.2
    assert "借用" not in late.message


def test_a_heating_call_cites_004_and_a_power_call_says_it_borrows() -> None:
    heat = _call("您好，我是恒源热力集团话务员，请问有什么可以帮您？", HHEAT, answer=15.0)
    (late,) = [f for f in heat.findings if f.rule == "TIM001"]
    assert late.clause.startswith("004_") and "借用" not in late.message
    power = _call("您好，95598供电服务热线，请问有什么可以帮您？", H95598, answer=15.0)
    (late,) = [f for f in power.findings if f.rule == "TIM001"]
    assert late.clause.startswith("004_") and "借用" in late.message and "95598" in late.message


def test_every_decision_names_a_known_clause_and_a_reason() -> None:
    from grading.data import clauses, policy_for, profiles

    known = clauses()
    for pid in [*profiles(), "default"]:
        policy = policy_for(pid)
        assert set(policy.weights) == {"blocker", "major", "minor"}
        for d in policy.decisions:
            assert d.clause in known and d.why.strip()


def test_rules_policy_shows_the_policy(capsys: Any) -> None:
    from simulator.cli import main

    assert main(["rules", "--policy", "12320"]) == 0
    out = capsys.readouterr().out
    assert "12320卫生热线" in out and "扣 50 分" in out and "FRB001" in out and "003-biao-1" in out
