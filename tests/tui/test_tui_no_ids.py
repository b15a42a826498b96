"""No internal ids in what the trainee reads: a walk through every screen of the app (home, picker,
brief, call ringing / live / on hold / transfer dialog, report findings and transcript, history,
場景管理 diagnostics / graph / golden playthroughs, settings, trainer view, trainee dialog, command
palette) fails on any visible text that looks like an id — lower-case ASCII words joined by ``_``
or ``-`` (``operator_hung_up``, ``angry-complainant``, ``zm_yunjian``, ``self_identify``) — except
the names a trainer chose: scenario ids, node ids, persona ids and file names of the library."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from textual.widgets import OptionList
from tuikit import Rig, advance, open_call, play, screen_text, script_of, settle, type_text, until

from simulator.scenario.library import load_all, scenario_files
from simulator.tui.screens.call import CallScreen

ID = re.compile(r"(?<![A-Za-z0-9_./-])[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+(?![A-Za-z0-9_-])")


def trainer_names() -> set[str]:
    """What a trainer wrote and sees on the trainers' screens (场景管理, 培训师视图)."""
    names: set[str] = set()
    for sc in load_all():
        names |= {sc.id, sc.caller.persona, *sc.nodes}
    names |= {p.stem for p in scenario_files()}
    return names


ALLOWED = trainer_names()
TRAINERS = ("场景管理", "培训师视图")  # screens where a trainer reads the names they chose


def ids_in(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    return [m for m in ID.findall(text) if m not in allowed]


class Walk:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.found: dict[str, list[str]] = {}
        self.seen: dict[str, str] = {}

    def look(self, where: str) -> None:
        text = screen_text(self.app)
        self.seen[where] = text
        bad = ids_in(text, ALLOWED if where.startswith(TRAINERS) else frozenset())
        if bad:
            self.found[where] = sorted(set(bad))


async def home(pilot: Any) -> None:
    from simulator.tui.screens.home import HomeScreen

    for _ in range(5):
        if isinstance(pilot.app.screen, HomeScreen):
            return
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen), type(pilot.app.screen)


def test_no_screen_shows_an_internal_id(rig: Rig) -> None:
    sc = next(s for s in load_all() if s.id == "lookup-hold")
    script, _ = script_of(sc)

    async def body() -> None:
        app = rig.app()
        walk = Walk(app)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            walk.look("主页")
            await pilot.press("n")
            await settle(pilot)
            walk.look("学员对话框")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            walk.look("命令面板")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await until(pilot, rig, lambda: "正在载入" not in screen_text(app), limit=60)
            walk.look("选择场景")
            for _ in range(3):
                await pilot.press("down")
                await pilot.pause()
                walk.look("选择场景（移动）")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            call = await open_call(pilot, "lookup-hold")
            walk.look("通话：响铃")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            await advance(pilot, rig, 4.0)
            await type_text(pilot, "您好，12320卫生热线，请讲。")
            await pilot.press("enter")
            await advance(pilot, rig, 6.0)
            walk.look("通话：接听后")
            await pilot.press("f4")
            await settle(pilot)
            walk.look("转接对话框")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("f3")
            await advance(pilot, rig, 3.0)
            walk.look("通话：保持中")
            await pilot.press("f3")
            await advance(pilot, rig, 2.0)
            await pilot.press("f8")
            s = call.session
            assert s is not None
            await until(pilot, rig, lambda: s.over, limit=120)
            await settle(pilot)
            await until(pilot, rig, lambda: not isinstance(app.screen, CallScreen), limit=60)
            await settle(pilot)
            walk.look("评分报告：问题")
            findings = app.screen.query_one("#report-findings", OptionList)  # scrolls by keyboard
            assert findings.has_focus and findings.option_count > 1
            first = findings.highlighted
            await pilot.press("down")
            await pilot.pause()
            assert findings.highlighted != first
            await pilot.press("end")
            await pilot.pause()
            assert findings.highlighted == findings.option_count - 1
            await pilot.press("p")
            await settle(pilot)
            walk.look("评分报告：通话记录")
            await pilot.press("r")  # again, with the golden script this time
            await settle(pilot)
            await play(pilot, rig, script)
            s = app.screen.session if isinstance(app.screen, CallScreen) else None
            if s is not None:
                await until(pilot, rig, lambda: s.over, limit=300)
            await settle(pilot)
            await until(pilot, rig, lambda: not isinstance(app.screen, CallScreen), limit=60)
            await settle(pilot)
            walk.look("评分报告（标准演练）")
            await home(pilot)
            await pilot.press("h")
            await settle(pilot)
            walk.look("历史记录")
            await pilot.press("enter")
            await settle(pilot)
            walk.look("历史记录：报告")
            await home(pilot)
            await pilot.press("s")
            await settle(pilot)
            await until(pilot, rig, lambda: "正在检查" not in screen_text(app), limit=120)
            walk.look("场景管理：诊断")
            await pilot.press("g")
            await until(pilot, rig, lambda: "正在运行" not in screen_text(app), limit=300)
            await settle(pilot)
            walk.look("场景管理：标准演练")
            await pilot.press("tab")
            await pilot.press("right")
            await settle(pilot)
            walk.look("场景管理：场景图")
            await home(pilot)
            await pilot.press("c")
            await settle(pilot)
            walk.look("设置")
            await home(pilot)
            await pilot.press("t")
            await settle(pilot)
            walk.look("培训师视图")
        for where, marker in (("选择场景", "难度"), ("通话：接听后", "我："), ("评分报告：问题", "评分报告"),
                               ("历史记录", "历史"), ("场景管理：诊断", "场景管理"), ("设置", "设置"),
                               ("场景管理：标准演练", "条标准演练通过"), ("评分报告：通话记录", "来电者")):
            assert marker in walk.seen.get(where, ""), f"没有走到 {where}：\n{walk.seen.get(where)}"
        assert not walk.found, "界面上出现了内部 id：\n" + "\n".join(
            f"  {where}：{'、'.join(ids)}" for where, ids in walk.found.items())

    asyncio.run(body())


def test_the_id_pattern() -> None:
    assert ids_in("结局：话务员挂机（operator_hung_up）") == ["operator_hung_up"]
    assert ids_in("情绪激动的投诉者（angry-complainant）") == ["angry-complainant"]
    assert ids_in("angry-complainant 的诊断", ALLOWED) == []  # on the trainers' own screens
    assert ids_in("声音：kokoro（zm_yunjian）") == ["zm_yunjian"]
    assert ids_in("电话 025-83620000，2026-03-02 09:30，Kokoro 离线语音，麦克风 + Whisper") == []
    assert ids_in("self_identify + offer_help") == ["self_identify", "offer_help"]


def test_graph_labels_name_acts_moods_and_endings_in_words() -> None:
    from simulator.tui.graph_text import graph_lines

    for sc in load_all():
        text = "\n".join(graph_lines(sc))
        assert ids_in(text, set(sc.nodes)) == [], (sc.id, ids_in(text, set(sc.nodes)))
