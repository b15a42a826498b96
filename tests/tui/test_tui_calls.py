"""Whole practice calls through the UI with typed replies: every scenario's golden playthrough,
acted out with keys on a fake clock, ends as the golden playthrough says — and the transcript, the
outcome and the report are on screen."""

from __future__ import annotations

import asyncio
import os

import pytest
from tuikit import Rig, open_call, play, screen_text, script_of, settle, until

from simulator.play.transcript import OUTCOME_NAMES
from simulator.scenario.library import load_all
from simulator.tui.screens.report import ReportScreen
from simulator.tui.widgets.transcript import Transcript

SCENARIOS = {sc.id: sc for sc in load_all()}
WITH_SUCCESS = sorted(i for i, sc in SCENARIOS.items() if any(pt.success for pt in sc.playthroughs))
# By default a spread of behaviours (waiting in silence, referral, hold, transfer dialog, complaint,
# harassment); HOTLINE_TUI_ALL=1 plays every scenario's golden call through the UI (~2 minutes).
DEFAULT = ["silent-caller", "misrouted-call", "lookup-hold", "transfer-consent", "angry-complainant",
           "harassment-call"]
CHOSEN = WITH_SUCCESS if os.environ.get("HOTLINE_TUI_ALL") else [i for i in DEFAULT if i in WITH_SUCCESS]


@pytest.mark.parametrize("scenario_id", CHOSEN)
def test_golden_playthrough_through_the_ui(rig: Rig, scenario_id: str) -> None:
    asyncio.run(_golden(rig, scenario_id))


async def _golden(rig: Rig, scenario_id: str) -> None:
    sc = SCENARIOS[scenario_id]
    script, pt = script_of(sc)
    app = rig.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        call = await open_call(pilot, scenario_id)
        transcript = call.query_one(Transcript)
        await play(pilot, rig, script)
        s = call.session
        assert s is not None
        await until(pilot, rig, lambda: s.over, limit=400)
        lines = transcript.lines  # the live transcript, as shown during the call
        said = [step.text for step in script.actions if step.kind == "say"]
        assert [t.text for t in lines if t.who == "operator"][: len(said)] == said
        caller = [t.text for t in lines if t.who == "caller"]
        recorded = [e for e in s.record()["events"] if e["type"] == "say"]
        assert caller == [e["text"] for e in recorded if e["who"] == "caller"]
        assert s.state.outcome == pt.outcome, (s.state.path, pt.path)
        assert s.state.success == pt.success
        if pt.path:
            assert s.state.path == pt.path
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        report = app.screen.report
        assert report is not None
        shown = screen_text(app)
        assert "评分报告" in shown and f"得分 {report.score} / 100" in shown
        assert OUTCOME_NAMES[pt.outcome] in shown
        assert ("通过" if report.passed else "不通过") in shown
    entries = rig.services.store.calls()
    assert len(entries) == 1 and rig.services.store.verify() == [] and entries[0].scenario == scenario_id
    assert entries[0].score == report.score
