"""The scenario library's golden playthroughs, graded: the grader agrees with the scenarios.

Every ``playthroughs`` entry of every scenario is played (as ``hotline play ID --script`` does)
and its call record graded. A successful playthrough is an exemplary call: it must pass with no
finding at all (like the exemplary dev calls, all 15 categories absent). A failing playthrough
shows a mistake the standards name: the grader must report at least one finding (a minor one is
enough — a slip such as a missing 让您久等了 does not fail a call, but it must be seen).

KNOWN lists the disagreements that are not the grader's to fix, each with the reason; they are
strict xfails, so a fix elsewhere makes the test fail until the entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.play.golden import check_playthrough
from simulator.scenario.library import scenario_files
from simulator.scenario.loader import load_scenario

KNOWN: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    cases: list[object] = []
    for path in scenario_files():
        try:
            scenario = load_scenario(path)
        except Exception as exc:  # a broken file is tests/test_playthroughs.py's business
            cases.append(pytest.param(None, None, marks=pytest.mark.skip(reason=f"{Path(path).name}: {exc}"),
                                      id=f"{Path(path).stem}::（无法加载）"))
            continue
        for pt in scenario.playthroughs:
            reason = KNOWN.get((scenario.id, pt.name))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(scenario, pt, marks=marks, id=f"{scenario.id}::{pt.name}"))
    return cases


@pytest.mark.parametrize(("scenario", "playthrough"), _cases())
def test_playthrough_is_graded_as_its_outcome_says(scenario: object, playthrough: object) -> None:
    from grading.grader import grade
    from grading.report_text import render

    result = check_playthrough(scenario, playthrough)  # type: ignore[arg-type]
    report = grade(result.play.record)
    transcript = "\n".join(result.play.lines())
    shown = f"{render(report)}\n通话：\n{transcript}"
    if playthrough.success:  # type: ignore[attr-defined]
        assert report.passed and not report.findings, f"规范演练却被扣分：\n{shown}"
    else:  # the call's own outcome says the trainee failed it: the verdict never says pass
        assert report.findings, f"错误演练没有任何发现：\n{shown}"
        assert not report.passed, f"失败结局的演练却判为通过：\n{shown}"


def test_known_gaps_name_existing_playthroughs() -> None:
    existing = set()
    for path in scenario_files():
        scenario = load_scenario(path)
        existing |= {(scenario.id, pt.name) for pt in scenario.playthroughs}
    assert not set(KNOWN) - existing, f"KNOWN 里有不存在的演练：{sorted(set(KNOWN) - existing)}"
