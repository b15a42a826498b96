"""SVG snapshots of every screen at 80×24 (and the call screen on a larger terminal).

The app runs on the test rig (fake clock, seed 0, text-only audio) against a fixed scenario folder
(``tests/tui/data/home``: two scenarios and one with deliberate mistakes), so the pictures only
change when the screens do. After an intended change: ``pytest tests/tui --snapshot-update`` and
look at the new SVGs under ``tests/tui/__snapshots__``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tuikit import Rig, advance, open_call, settle, type_text

from grading import grade
from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.records import CallRow
from simulator.scenario.library import find
from simulator.tui.screens.report import ReportScreen
from simulator.tui.store import settings as st

HOME = Path(__file__).parent / "data" / "home"
WHEN = "2026-03-02T09:30:00+00:00"


@pytest.fixture(autouse=True)
def fixed_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_HOME", str(HOME))
    from simulator.personas import clear_cache

    clear_cache()


def snap(snap_compare: Any, rig: Rig, run_before: Any = None, size: tuple[int, int] = (80, 24)) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        if run_before is not None:
            await run_before(pilot)
        await settle(pilot)
        # A blinking cursor makes a picture depend on the moment it is taken: hold it visible.
        from textual.widgets import Input

        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await settle(pilot)

    assert snap_compare(rig.app(), terminal_size=size, run_before=before)


def test_home(snap_compare: Any, rig: Rig) -> None:
    st.save(st.Settings(trainee="张三（工号 1024）"), rig.services.settings_file)
    snap(snap_compare, rig)


def test_trainee_dialog(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("n")
        await type_text(pilot, "李四")

    snap(snap_compare, rig, run)


def test_picker(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("p")

    snap(snap_compare, rig, run)


def test_brief(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "enter")

    snap(snap_compare, rig, run)


def test_call_ringing(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await open_call(pilot, "misrouted-call")
        await advance(pilot, rig, 6.0)

    snap(snap_compare, rig, run)


async def _talking(pilot: Any, rig: Rig) -> None:
    await open_call(pilot, "misrouted-call")
    await advance(pilot, rig, 3.0)
    await pilot.press("f2")
    await type_text(pilot, "您好，12320卫生热线，请问有什么可以帮您？")
    await pilot.press("enter")
    await advance(pilot, rig, 9.0)
    await type_text(pilot, "您是说医保报销的问题，对吗？")


def test_call_practice(snap_compare: Any, rig: Rig) -> None:
    snap(snap_compare, rig, lambda pilot: _talking(pilot, rig))


def test_call_practice_large_terminal(snap_compare: Any, rig: Rig) -> None:
    snap(snap_compare, rig, lambda pilot: _talking(pilot, rig), size=(132, 36))


def test_call_exam(snap_compare: Any, rig: Rig) -> None:
    st.save(st.Settings(mode="exam"), rig.services.settings_file)
    snap(snap_compare, rig, lambda pilot: _talking(pilot, rig))


def test_call_on_hold(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await _talking(pilot, rig)
        await pilot.press("enter", "f3")
        await advance(pilot, rig, 12.0)

    snap(snap_compare, rig, run)


def test_transfer_dialog(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await _talking(pilot, rig)
        await pilot.press("f4")

    snap(snap_compare, rig, run)


def _report(name: str) -> tuple[Any, dict[str, Any], Any]:
    sc = find("misrouted-call")
    pt = next(p for p in sc.playthroughs if p.name == name)
    record = play_script(sc, parse_script(pt.script, "snapshot"), pt.seed).record
    return sc, record, grade(record)


ENTRY = CallRow(id=1, uid="u1", started_at=WHEN, ended_at=WHEN, alive_at=WHEN, station="培训室1", pid=1,
                status="finished", scenario="misrouted-call", title="转接错误的来电", trainee="张三",
                mode="practice", seed=0, outcome="operator_hung_up")


def test_report_findings(snap_compare: Any, rig: Rig) -> None:
    sc, record, report = _report("错误：禁语“这不归我们管”")

    async def run(pilot: Any) -> None:
        await pilot.app.push_screen(ReportScreen(sc, record, report, ENTRY))

    snap(snap_compare, rig, run)


def test_report_transcript(snap_compare: Any, rig: Rig) -> None:
    sc, record, report = _report("错误：没有致歉，直接报号码")

    async def run(pilot: Any) -> None:
        await pilot.app.push_screen(ReportScreen(sc, record, report, ENTRY))
        await pilot.pause()
        pilot.app.screen.query_one("TabbedContent").active = "tab-transcript"

    snap(snap_compare, rig, run)


def _stored(rig: Rig, when: str, score: int, passed: bool, mode: str) -> int:
    store = rig.services.store
    journal = store.begin(scenario="misrouted-call", title="转接错误的来电", trainee="张三", mode=mode)
    store.db.execute("UPDATE calls SET started_at = ? WHERE id = ?", (when, journal.call_id))
    record = {"format": "hotline-call/1", "scenario": "misrouted-call", "events": [], "outcome": "resolved"}
    row, _ = journal.finish(record, {"score": score, "passed": passed, "findings": []})
    return row.id


def test_history_with_a_tampered_call(snap_compare: Any, rig: Rig) -> None:
    _stored(rig, "2026-03-02T09:30:00+00:00", 92, True, "practice")
    bad = _stored(rig, "2026-03-02T09:45:00+00:00", 64, False, "exam")
    _stored(rig, "2026-03-02T10:00:00+00:00", 88, True, "exam")
    rig.services.store.db.execute("UPDATE calls SET record = '{}' WHERE id = ?", (bad,))

    async def run(pilot: Any) -> None:
        await pilot.press("h")

    snap(snap_compare, rig, run)


def test_scenarios_diagnostics(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "down")  # typo-example.yaml

    snap(snap_compare, rig, run)


def test_scenarios_graph(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down")  # silent-caller.yaml
        pilot.app.screen.query_one("TabbedContent").active = "tab-graph"

    snap(snap_compare, rig, run)


def test_settings(snap_compare: Any, rig: Rig) -> None:
    async def run(pilot: Any) -> None:
        await pilot.press("c")

    snap(snap_compare, rig, run)
