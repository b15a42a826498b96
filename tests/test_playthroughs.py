"""Golden playthroughs: every ``playthroughs`` entry of every scenario file becomes a test.

A trainer who adds a scenario file with playthroughs gets tests without writing Python: each
one is played through the same runner as ``hotline play ID --script`` and its path (exact),
outcome, success and final mood are checked. Test ids are ``scenario-id::playthrough-name``;
a failure shows the mismatches, where the path diverged and the whole timed transcript.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.play.golden import check_playthrough
from simulator.scenario.library import scenario_files
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Playthrough, Scenario


def _cases() -> list[object]:
    cases: list[object] = []
    for path in scenario_files():
        try:
            scenario = load_scenario(path)
        except Exception as exc:  # a broken file is its own failing test, not a collection error
            cases.append(pytest.param(path, None, exc, id=f"{Path(path).stem}::（无法加载）"))
            continue
        for pt in scenario.playthroughs:
            cases.append(pytest.param(scenario, pt, None, id=f"{scenario.id}::{pt.name}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("scenario", "playthrough", "error"), CASES)
def test_playthrough(scenario: Scenario, playthrough: Playthrough | None, error: Exception | None) -> None:
    if error is not None or playthrough is None:
        pytest.fail(f"场景文件 {scenario} 无法加载：{error}")
    result = check_playthrough(scenario, playthrough)
    assert result.ok, result.report()


def test_the_scenario_library_has_playthroughs() -> None:
    assert any(p.values[1] is not None for p in CASES), "scenarios/ 下没有任何带 playthroughs 的场景"  # type: ignore[attr-defined]


def _library() -> list[Scenario]:
    return [load_scenario(path) for path in scenario_files()]


def test_every_scenario_has_good_and_faulty_playthroughs() -> None:
    """A trainer learns a scenario from its golden calls: at least one handled well and one
    failing for a named mistake (issue 15), each stating the grade it expects."""
    for sc in _library():
        good = [pt for pt in sc.playthroughs if pt.success]
        faulty = [pt for pt in sc.playthroughs if not pt.success]
        counts = f"现有 {len(good)} 条规范、{len(faulty)} 条错误"
        assert good and faulty, f"{sc.id}：需要规范和错误两种演练（{counts}）"
        for pt in sc.playthroughs:
            assert pt.passed is not None, f"{sc.id}::{pt.name} 没有写预期评分 passed"
            assert pt.passed == pt.success, f"{sc.id}::{pt.name}：success 与 passed 不一致"
            if not pt.success:
                assert pt.must_flag, f"{sc.id}::{pt.name}：错误演练应写 must_flag（评分必须指出的问题）"
            prefix = "规范处理" if pt.success else "错误"
            assert pt.name.startswith(prefix), f"{sc.id}::{pt.name}：名称应以“{prefix}”开头"


def test_the_library_covers_every_line() -> None:
    """At least 24 scenarios, and each of the four hotlines has its own calls."""
    library = _library()
    assert len(library) >= 24, f"场景库只有 {len(library)} 个场景"
    names = {sc.hotline.name for sc in library}
    for line in ("96128", "12320", "95598", "热力"):
        assert any(line in name for name in names), f"没有 {line} 热线的场景"
