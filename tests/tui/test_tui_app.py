"""The app around the call: exam mode, quitting mid-call, the history's tamper flags, the trainers'
scenario screen, settings, the trainee's name, the command palette, an 80×24 terminal."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from tuikit import Rig, advance, open_call, play, screen_text, script_of, settle, type_text, until

from simulator.scenario.library import find
from simulator.tui.screens.call import CallScreen
from simulator.tui.screens.history import HistoryScreen
from simulator.tui.screens.home import HomeScreen
from simulator.tui.screens.report import ReportScreen
from simulator.tui.screens.scenarios import ScenariosScreen
from simulator.tui.screens.settings import SettingsScreen
from simulator.tui.store import settings as st
from simulator.tui.widgets.hints import HintsPanel


def run(coro: Any) -> None:
    asyncio.run(coro)


def test_practice_mode_shows_hints_for_the_situation(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            call = await open_call(pilot, "misrouted-call")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            await pilot.pause()
            text = screen_text(app)
            assert "提示（规范用语）" in text and "【接入】" in text  # pick-up phrases first
            assert call.query(HintsPanel)
            await pilot.press("f1")  # hide and show again
            assert not call.query_one(HintsPanel).display
            await pilot.press("f1")
            assert call.query_one(HintsPanel).display
    run(body())


def test_exam_mode_has_no_hints_and_seals_the_result(rig: Rig) -> None:
    st.save(st.Settings(trainee="1024", mode="exam"), rig.services.settings_file)
    sc = find("misrouted-call")
    script, _pt = script_of(sc)

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            assert "考核（无提示" in screen_text(app)
            call = await open_call(pilot, "misrouted-call")
            assert not call.query(HintsPanel)
            await play(pilot, rig, script)
            s = call.session
            assert s is not None
            await until(pilot, rig, lambda: s.over, limit=300)
            assert "提示（规范用语）" not in "".join(t.text for t in s.turns)
            await settle(pilot)
            assert isinstance(app.screen, ReportScreen) and "考核" in screen_text(app)
        store = rig.services.store
        entry = store.calls()[0]
        assert entry.mode == "exam" and entry.trainee == "1024" and store.verify() == []
        # Quietly editing the result is flagged on the history screen and in the report.
        stored = store.report(entry.id)
        assert stored is not None
        score = 100 if stored.score != 100 else 99  # a different result, whatever the call scored
        data = {**stored.body, "score": score, "passed": True, "findings": []}
        store.db.execute("UPDATE reports SET score = ?, passed = 1, body = ? WHERE id = ?",
                         (score, json.dumps(data, ensure_ascii=False), stored.id))
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            text = screen_text(app)
            assert "⚠ 被改动" in text and "校验发现 1 个问题" in text
            assert "所选通话校验失败：通话 #1 的评分报告 被改动" in text
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ReportScreen)
            assert "校验失败：通话 #1 的评分报告 被改动" in screen_text(app)
    run(body())


def test_quitting_mid_call_silences_the_voice_first_and_keeps_the_record(rig: Rig) -> None:
    """Quitting does not wait for a device that is slow to close, and the voice is silenced before
    anything else. (Behaviour and order with generous limits; speed is for benchmarks/.)"""
    stopped: list[float] = []
    closing: list[float] = []

    class Voice:
        name, reason = "测试", ""
        reports_played = False

        def prepare(self, lines: Any) -> None: ...
        def trainee_speaking(self, on: bool) -> None: ...
        def upcoming(self, texts: Any) -> None: ...
        def ring(self, on: bool) -> None: ...
        def say(self, item: Any, on_played: Any) -> None: ...
        def cut(self, line: int) -> None: ...
        def hold_music(self, on: bool) -> None: ...
        def stop(self) -> None:
            stopped.append(time.monotonic())

        def close(self) -> None:
            closing.append(time.monotonic())
            time.sleep(30)  # a device that takes long to close must not hold the quit

    rig.make_voice = lambda s, sc, f, c: Voice()
    elapsed: list[float] = []

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await open_call(pilot, "misrouted-call")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            await type_text(pilot, "您好，12320卫生热线，请问有什么可以帮您？")
            await pilot.press("enter")
            await advance(pilot, rig, 3.0)
            await pilot.press("ctrl+q")  # asks first: the call goes on meanwhile
            await settle(pilot)
            assert "确定退出吗" in screen_text(app) and "保存为“中断”" in screen_text(app)
            assert not stopped and app.is_running
            started = time.monotonic()
            await pilot.press("y")
        elapsed.append(time.monotonic() - started)
        assert stopped  # the voice fell silent …
        assert not closing or stopped[0] <= closing[0]  # … before the device was closed

    run(body())
    assert elapsed[0] < 25.0, elapsed  # the 30 s close did not hold the quit
    store = rig.services.store
    entry = store.calls()[0]
    assert entry.interrupted and entry.status == "interrupted" and entry.outcome == "operator_hung_up"
    assert store.verify() == []
    record = store.record(entry.id)
    assert record is not None and record["interrupted"] is True
    assert any(e["type"] == "say" and e["who"] == "operator" for e in record["events"])


def test_ctrl_q_in_an_exam_call_says_the_call_counts_and_n_goes_on(rig: Rig) -> None:
    st.save(st.Settings(trainee="1024", mode="exam"), rig.services.settings_file)

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            call = await open_call(pilot, "misrouted-call")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            await pilot.press("ctrl+q")
            await settle(pilot)
            from simulator.tui.screens.quit import EXAM, QuitScreen

            assert isinstance(app.screen, QuitScreen) and app.screen.exam and "确定退出吗" in screen_text(app)
            shown = screen_text(app).replace(" ", "").replace("\n", "").replace("│", "")
            assert "计入考核成绩" in EXAM and "照常计入" in shown
            await pilot.press("n")
            await settle(pilot)
            assert app.is_running and call.in_call and app.screen is call
    run(body())
    calls = rig.services.store.calls()
    assert [c.status for c in calls] == ["open"]  # still going when the app was torn down


def test_scenarios_screen_lints_draws_and_runs_golden_playthroughs(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ScenariosScreen)
            text = screen_text(app)
            assert "✓ 通过" in text and "angry-complainant" in text
            screen.query_one("TabbedContent").active = "tab-graph"  # type: ignore[attr-defined]
            await pilot.pause()
            assert "▶ " in screen_text(app) and "─→" in screen_text(app)
            await pilot.press("g")
            await settle(pilot)
            sc = find(screen.files[0].stem)
            assert f"{len(sc.playthroughs)}/{len(sc.playthroughs)} 条标准演练通过" in screen_text(app)
    run(body())


def test_settings_are_saved_and_the_trainee_is_remembered(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await type_text(pilot, "张三")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and "学员：张三" in screen_text(app)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, SettingsScreen)
            assert "测试麦克风" in str(app.screen.query_one("#input_device").__dict__.get("_options", "")) \
                or "找到 1 个输入设备" in screen_text(app)
            app.screen.query_one("#mode").value = "exam"  # type: ignore[attr-defined]
            app.screen.query_one("#phone_effect").value = False  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("escape")
        saved = st.load(rig.services.settings_file)
        assert saved.trainee == "张三" and saved.mode == "exam" and saved.phone_effect is False
    run(body())


def test_command_palette_opens_places(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await type_text(pilot, "历史记录")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen) and "还没有通话记录" in screen_text(app)
    run(body())


def test_readable_at_80_by_24(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "开始练习" in screen_text(app) and "^q 退出" in screen_text(app)
            call = await open_call(pilot, "misrouted-call")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            await type_text(pilot, "您好，12320卫生热线，请问有什么可以帮您？")
            await pilot.press("enter")
            await advance(pilot, rig, 6.0)
            text = screen_text(app)
            for needed in ("通话中", "来电者", "情绪", "我：您好", "f3 保持", "f8 挂机"):
                assert needed in text, needed
            assert isinstance(call, CallScreen)
    run(body())


def test_a_fault_inside_the_call_ends_the_call_not_the_app(rig: Rig, tmp_path: Any,
                                                          monkeypatch: Any) -> None:
    """The engine failing mid-call: the trainee is told, the call is graded and kept (marked
    interrupted), the traceback goes to logs/errors.log — and the app goes on."""
    from simulator.errors import EngineError

    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            call = await open_call(pilot, "misrouted-call")
            await advance(pilot, rig, 2.0)
            await pilot.press("f2")
            s = call.session
            assert s is not None

            def broken(event: Any) -> Any:
                raise EngineError("测试：引擎出错")

            s.engine.step = broken  # type: ignore[method-assign]
            await type_text(pilot, "您好，12320卫生热线，请讲。")
            await pilot.press("enter")
            await settle(pilot)
            assert app.is_running
            assert isinstance(app.screen, ReportScreen), type(app.screen).__name__
            assert app.screen.record.get("interrupted") is True
            assert any("程序出错，本次通话已中止并保存" in str(n.message) for n in app._notifications)
    run(body())
    assert len(rig.services.store.calls()) == 1 and rig.services.store.verify() == []
    log = (tmp_path / "data" / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "测试：引擎出错" in log and "Traceback" in log


def test_a_trainers_own_scenario_shows_in_the_picker(rig: Rig, tmp_path: Any, monkeypatch: Any) -> None:
    """A scenario in the user data folder's scenarios/ is in the picker, says where it comes from,
    and opens its brief; the picker is sorted by difficulty, then by the title's pinyin."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scenario"))
    from test_scenario_library import own_scenario

    from simulator.tui.screens.brief import BriefScreen
    from simulator.tui.screens.picker import PickerScreen, order_key

    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))
    own_scenario(tmp_path / "data" / "scenarios", "my-silent", title="本中心的无声来电")

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(110, 34)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, PickerScreen)
            await until(pilot, rig, lambda: bool(picker.shown), limit=60)
            keys = [order_key(sc) for sc in picker.shown]
            assert keys == sorted(keys)
            assert "本中心的无声来电" in [sc.title for sc in picker.shown]
            await pilot.press("slash")
            await type_text(pilot, "本中心")
            await pilot.press("enter")
            await pilot.pause()
            text = screen_text(app)
            assert "本中心的无声来电" in text and "用户场景库" in text
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BriefScreen)
    run(body())


def test_m_in_the_brief_changes_this_calls_mode_only(rig: Rig) -> None:
    """M in the brief switches practice/exam for the call about to start, says so, and leaves the
    saved default alone; the caller is described in words (陈女士，中年女性，说普通话)."""
    from simulator.tui.screens.brief import BriefScreen

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("slash")
            await type_text(pilot, "misrouted-call")
            await pilot.press("enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, BriefScreen)
            text = screen_text(app)
            assert "来电者：陈女士，中年女性，说普通话" in text and "（普通话）" not in text
            await pilot.press("m")
            await pilot.pause()
            assert "考核" in screen_text(app) and "默认模式不变" in screen_text(app)
            assert app.settings.mode == "practice"
            assert st.load(rig.services.settings_file).mode == "practice"
            await pilot.press("enter")
            await pilot.pause()
            call = app.screen
            assert isinstance(call, CallScreen) and not call.query(HintsPanel)  # exam: no hints
            assert app.settings.mode == "practice"
    run(body())
