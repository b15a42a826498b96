"""A candidate takes an exam sitting in the app (run_test + Pilot): the home screen's 考场作答 lists the
calls the trainer drew for them, a call runs in exam mode (no hints) with the drawn caller seed and
counts as an attempt in the store, the report is held back when the exam says so, there is no retry,
and a used-up call cannot be started again."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import DataTable
from tuikit import Rig, play, screen_text, settle

from simulator.exams.library import find as find_exam
from simulator.exams.trainer import open_sitting_in_store
from simulator.exams.verify import verify_sitting
from simulator.play.script import parse_script
from simulator.records import open_store
from simulator.scenario.library import find
from simulator.tui.screens.exam_call import ExamCallScreen
from simulator.tui.screens.exam_report import ExamReportScreen
from simulator.tui.screens.sitting import SittingScreen
from simulator.tui.store import settings as st
from simulator.tui.widgets.hints import HintsPanel

SECRET = "考官的密钥-冬季-2026"


async def _wait(pilot: Any, what: str) -> None:
    for _ in range(300):
        await pilot.pause(0.05)
        if what in screen_text(pilot.app):
            return
    raise AssertionError(f"never showed {what!r}:\n{screen_text(pilot.app)}")


async def _sittings(pilot: Any, who: str = "张三") -> None:
    """From the home screen to 考场作答, once the candidate's calls are listed."""
    await settle(pilot)
    await pilot.press("e")
    await _wait(pilot, f"考生：{who}")


def test_a_candidate_takes_a_drawn_call_in_exam_mode(rig: Rig) -> None:
    st.save(st.Settings(trainee="张三", mode="practice"), rig.services.settings_file)
    url = rig.services.store_url
    assert url is not None
    with open_store(url) as store:
        sitting = open_sitting_in_store(store, find_exam("hotline-certification"), "上岗考核-1",
                                        ["张三", "李四"], 7, SECRET)
    first = sitting.candidates["张三"][0]
    sc = find(first.scenario)
    script = parse_script(next(p for p in sc.playthroughs if p.success).script, "golden")

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _sittings(pilot)
            assert isinstance(app.screen, SittingScreen)
            text = screen_text(app)
            assert "上岗考核-1" in text and sc.title in text and "0/1" in text
            await pilot.press("enter")
            await pilot.pause()
            call = app.screen
            assert isinstance(call, ExamCallScreen) and not call.query(HintsPanel)
            assert call.session is not None and call.session.engine.seed == first.seeds[0]
            await play(pilot, rig, script)
            for _ in range(300):
                await pilot.pause(0.05)
                if isinstance(app.screen, ExamReportScreen):
                    break
            assert isinstance(app.screen, ExamReportScreen)
            text = screen_text(app)
            assert "考官结束考场并校验后公布" in text and "再练一次" not in text
            await pilot.press("r")  # no retry in an exam
            await pilot.pause()
            assert isinstance(app.screen, ExamReportScreen)
            await pilot.press("escape")
            await _wait(pilot, "已用完")
            assert isinstance(app.screen, SittingScreen)
            assert app.settings.mode == "practice" and app.call_mode is None  # exam for that call only
            await pilot.press("enter")  # the used-up call does not start again
            await pilot.pause()
            assert isinstance(app.screen, SittingScreen)
            table = app.screen.query_one(DataTable)
            assert table.row_count == len(sitting.candidates["张三"])
    asyncio.run(body())
    with open_store(url) as store:
        calls = store.calls(exam=True)
        assert len(calls) == 1 and calls[0].trainee == "张三" and calls[0].seed == first.seeds[0]
        label = {"sitting": "上岗考核-1", "candidate": "张三", "slot": 1, "attempt": 1}
        assert calls[0].meta["exam"] == label
        result = verify_sitting(store, "上岗考核-1", SECRET)
        assert result.ok, [p.message for p in result.problems]


def test_without_a_name_or_a_sitting_the_screen_says_what_to_do(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await _wait(pilot, "按 N 填写姓名")
    asyncio.run(body())
    st.save(st.Settings(trainee="王五"), rig.services.settings_file)

    async def named() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await _wait(pilot, "没有正在进行、名单上有“王五”的考场")
    asyncio.run(named())


def test_a_call_of_a_sitting_closed_meanwhile_does_not_start(rig: Rig) -> None:
    from simulator.exams.trainer import close_sitting

    st.save(st.Settings(trainee="张三"), rig.services.settings_file)
    url = rig.services.store_url
    assert url is not None
    with open_store(url) as store:
        open_sitting_in_store(store, find_exam("mock-exam"), "模拟-2", ["张三"], 3, SECRET)

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _sittings(pilot)
            with open_store(url) as store:  # the trainer closes it while the candidate reads the list
                close_sitting(store, "模拟-2", SECRET)
            await pilot.press("enter")
            for _ in range(100):
                await pilot.pause(0.05)
                if isinstance(app.screen, SittingScreen):
                    break
            assert isinstance(app.screen, SittingScreen)
            assert app.call_mode is None
    asyncio.run(body())
    with open_store(url) as store:
        assert store.calls() == []


def test_an_exam_that_shows_reports_shows_it_without_retry(rig: Rig) -> None:
    st.save(st.Settings(trainee="张三"), rig.services.settings_file)
    url = rig.services.store_url
    assert url is not None
    with open_store(url) as store:
        sitting = open_sitting_in_store(store, find_exam("mock-exam"), "模拟-3", ["张三"], 5, SECRET)
    sc = find(sitting.candidates["张三"][0].scenario)
    script = parse_script(next(p for p in sc.playthroughs if p.success).script, "golden")

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _sittings(pilot)
            await pilot.press("enter")
            await pilot.pause()
            await play(pilot, rig, script)
            for _ in range(300):
                await pilot.pause(0.05)
                if isinstance(app.screen, ExamReportScreen):
                    break
            assert isinstance(app.screen, ExamReportScreen)
            await pilot.pause()
            text = screen_text(app)
            assert "评分报告" in text and "再练一次" not in text
            await pilot.press("escape")
            await _wait(pilot, "1/2")  # mock-exam: two attempts per call
    asyncio.run(body())


def test_a_sitting_with_start_codes_asks_the_invigilator_before_the_phone_rings(rig: Rig) -> None:
    """考场作答 in a sitting opened with start codes: Enter asks for the code of this attempt (masked),
    a mistyped code is refused on the spot, Esc uses no attempt, and the right code starts the call —
    its attempt row records the code, so a later restore of records.db shows (exam verify --issued)."""
    from textual.widgets import Input

    from simulator.exams.keys import derive
    from simulator.exams.startcodes import code_for
    from simulator.exams.tables import ExamTables
    from simulator.tui.screens.start_code import StartCodeScreen

    st.save(st.Settings(trainee="张三"), rig.services.settings_file)
    url = rig.services.store_url
    assert url is not None
    with open_store(url) as store:
        sitting = open_sitting_in_store(store, find_exam("mock-exam"), "模拟-码", ["张三"], 5, SECRET,
                                        start_codes=True)
    first = sitting.candidates["张三"][0]
    code = code_for(derive(SECRET, sitting.salt), "模拟-码", "张三", first.index, 1)

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _sittings(pilot)
            await pilot.press("enter")
            await _wait(pilot, "请监考员输入开考码")
            assert isinstance(app.screen, StartCodeScreen)
            assert "第 1 通　第 1 次作答" in screen_text(app)
            field = app.screen.query_one(Input)
            assert field.password  # the candidate does not see it
            await pilot.press("escape")  # cancelled: nothing is used
            await pilot.pause()
            assert isinstance(app.screen, SittingScreen) and app.call_mode is None
            await pilot.press("enter")
            await _wait(pilot, "请监考员输入开考码")
            await pilot.press(*"12345679", "enter")  # a typo: the check digit catches it
            await _wait(pilot, "校验位不对")
            assert isinstance(app.screen, StartCodeScreen)
            await pilot.press(*code.replace("-", ""), "enter")
            for _ in range(100):
                await pilot.pause(0.05)
                if isinstance(app.screen, ExamCallScreen):
                    break
            call = app.screen
            assert isinstance(call, ExamCallScreen) and call.started is not None
            assert call.started.attempt == 1
            await pilot.press("ctrl+q")  # leave: the call counts (the quit dialog says so)
            await pilot.pause()
    asyncio.run(body())
    with open_store(url) as store:
        rows = ExamTables(store.db).attempts("模拟-码", "张三")
        assert [(r.slot, r.attempt, r.start_code) for r in rows] == [(first.index, 1, code)]
        assert store.calls(exam=True)[0].meta["exam"]["start_code"] == code
