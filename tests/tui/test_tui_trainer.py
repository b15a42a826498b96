"""The trainer's view in the app (run_test + Pilot): the cohort × scenario table of best and last
scores, the weakness and progress tables, sitting results, and drilling into a call — all read from
the records store the calls were saved in, with Chinese names and no internal ids on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, TabbedContent
from tuikit import Rig, screen_text, settle

from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.records import open_store
from simulator.scenario.library import find

GOOD = {"silent-caller": None, "misrouted-call": None}
POOR = "/answer 2\n喂，干什么？\n/wait 2\n/hangup\n"


def _save(store: Any, trainee: str, scenario: str, script: str, seed: int = 0) -> None:
    sc = find(scenario)
    record = play_script(sc, parse_script(script, "t"), seed).record
    journal = store.begin(scenario=sc.id, title=sc.title, trainee=trainee, seed=seed)
    journal.finish(record)


def _good(scenario: str) -> str:
    sc = find(scenario)
    return next(p for p in sc.playthroughs if p.success).script


@pytest.fixture
def centre(rig: Rig, tmp_path: Path) -> str:
    url = rig.services.store_url
    assert url is not None
    with open_store(url) as store:
        _save(store, "张三", "silent-caller", POOR)
        _save(store, "张三", "silent-caller", _good("silent-caller"), seed=1)
        _save(store, "李四", "misrouted-call", POOR)
        _save(store, "李四", "silent-caller", POOR)
        from simulator.exams.library import find as find_exam
        from simulator.exams.take import take
        from simulator.exams.trainer import open_sitting_in_store

        open_sitting_in_store(store, find_exam("mock-exam"), "模拟考-1", ["王五"], 3, "考官的密钥-冬季")
        scripts = tmp_path / "scripts"
        scripts.mkdir()
        for name in ("silent-caller", "misrouted-call"):
            (scripts / f"{name}.txt").write_text(_good(name), encoding="utf-8")
        take(store, "模拟考-1", "王五", scripts, slot=1, say=lambda _: None)
    return url


async def _loaded(pilot: Any) -> None:
    for _ in range(200):
        await pilot.pause(0.05)
        if "正在读取" not in screen_text(pilot.app):
            return
    raise AssertionError("the trainer's view did not load")


def _rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def test_trainer_view_shows_the_cohort_and_opens_a_call(rig: Rig, centre: str) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(130, 40)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await _loaded(pilot)
            text = screen_text(app)
            assert "培训师视图" in text and "3 位学员" in text
            assert "张三" in text and "无声来电" in text
            assert "silent-caller" not in text and "misrouted" not in text
            screen = app.screen
            overview = _rows(screen.query_one("#trainer-overview", DataTable))
            zhang = next(r for r in overview if r[0] == "张三")
            header = [str(c.label) for c in screen.query_one("#trainer-overview", DataTable).columns.values()]
            cell = zhang[header.index("无声来电")]
            best, last = cell.split("（")[0].split("/")
            assert int(best) >= int(last) and cell.endswith("（2）")
            weakness = _rows(screen.query_one("#trainer-weakness", DataTable))
            assert weakness and all(not r[0].isascii() for r in weakness)  # 开场, 结束 … not opening
            progress = {r[0]: r for r in _rows(screen.query_one("#trainer-progress", DataTable))}
            assert progress["张三"][5].startswith("+") and int(progress["张三"][5]) > 0
            sittings = _rows(screen.query_one("#trainer-sittings", DataTable))
            assert sittings and sittings[0][0] == "模拟考-1" and sittings[0][3] == "王五"
            tabs = screen.query_one(TabbedContent)
            tabs.active = "tab-calls"
            await pilot.pause()
            calls = screen.query_one("#trainer-calls", DataTable)
            calls.focus()
            await pilot.press("enter")
            for _ in range(200):
                await pilot.pause(0.05)
                if "对话：" in screen_text(app):
                    break
            text = screen_text(app)
            assert "通话详情" in text and "话务员：" in text and "通话结束时的评分" in text
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
    asyncio.run(body())


def test_trainer_view_of_an_empty_store(rig: Rig) -> None:
    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await _loaded(pilot)
            assert "还没有通话记录" in screen_text(app)
    asyncio.run(body())
