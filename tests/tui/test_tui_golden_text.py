"""The trainers' golden-playthrough panel: a line a playthrough, and what went wrong under a failure."""

from __future__ import annotations

from dataclasses import replace

from simulator.play.golden import check_playthrough
from simulator.scenario.library import find
from simulator.tui.screens.scenarios import golden_text


def test_passing_and_failing_playthroughs_read_at_a_glance() -> None:
    sc = find("praise-call")
    good = sc.playthroughs[0]
    bad = replace(good, name="故意写错的预期", path=(*good.path[:2], "no-such-node"),
                  outcome="caller_hung_up")
    text = golden_text(sc, [check_playthrough(sc, good), check_playthrough(sc, bad)]).plain
    lines = text.splitlines()
    assert lines[0] == "praise-call：1/2 条标准演练通过"
    assert f"✓ {good.name}　→ " in text
    assert "✗ 故意写错的预期" in text
    assert "预期 no-such-node" in text  # where the path parted, under the failure
    assert "通话记录" in text
