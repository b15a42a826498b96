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
