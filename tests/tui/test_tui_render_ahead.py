"""Rendering the caller's lines ahead: what is needed next first, out of the way of the call, one
renderer shared by the brief and the call — and the brief says how many lines are ready."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from tuikit import Rig, screen_text, settle, type_text

from simulator.call.ports import LineToSay
from simulator.call.render_ahead import RenderAhead, render_ahead, upcoming_texts
from simulator.scenario.library import find


class FakeVoices:
    """Records what was rendered; each render takes ``seconds`` (or until ``gate`` is set)."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.rendered: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered: list[str] = []

    def render(self, text: str, who: str, mood: str, **kw: Any) -> None:
        self.entered.append(text)
        self.gate.wait(5)
        time.sleep(self.seconds)
        self.rendered.append(text)


def lines(*texts: str) -> list[LineToSay]:
    return [LineToSay(-1, t, "calm", "f-adult-mandarin", "none") for t in texts]


def wait_for(cond: Any, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def test_renders_every_line_once_and_reports_progress() -> None:
    voices = FakeVoices()
    ahead = RenderAhead(voices, lines("一", "二", "三"), None)
    assert ahead.progress() == (0, 3)
    ahead.start()
    wait_for(lambda: ahead.progress() == (3, 3))
    assert sorted(voices.rendered) == ["一", "三", "二"]


def test_the_lines_wanted_next_go_first() -> None:
    voices = FakeVoices()
    voices.gate.clear()  # hold the first render until the call has moved on
    ahead = RenderAhead(voices, lines("一", "二", "三", "四"), None).start()
    wait_for(lambda: voices.entered == ["一"])
    ahead.follow({"四"})
    voices.gate.set()
    wait_for(lambda: ahead.progress()[0] == 4)
    assert voices.rendered[:2] == ["一", "四"]  # the line in hand, then the one wanted next


def test_waits_while_the_trainee_speaks_and_while_a_line_is_wanted_now() -> None:
    voices = FakeVoices()
    ahead = RenderAhead(voices, lines("一", "二"), None)
    ahead.trainee_speaking(True)
    ahead.start()
    time.sleep(0.3)
    assert voices.rendered == []  # held back
    ahead.urgent(True)
    ahead.trainee_speaking(False)
    time.sleep(0.3)
    assert voices.rendered == []  # a line to say now is being rendered
    ahead.urgent(False)
    wait_for(lambda: ahead.progress() == (2, 2))


def test_one_renderer_for_the_same_lines_a_new_one_for_others() -> None:
    voices = FakeVoices(seconds=0.05)
    first = render_ahead(voices, lines("一", "二"), "phone")
    assert render_ahead(voices, lines("一", "二"), "phone") is first  # brief and call share it
    other = render_ahead(voices, lines("三"), "phone")
    assert other is not first and first.stopped
    wait_for(lambda: other.progress() == (1, 1))
    other.stop()


def test_upcoming_texts_are_the_lines_one_step_on() -> None:
    sc = find("praise-call")
    texts = upcoming_texts(sc, sc.start)
    assert texts and texts <= {t for n in sc.nodes.values() for t in (*n.say, *n.unclear)} | {
        t for n in sc.nodes.values() for tr in n.transitions for t in tr.say}
    node = sc.nodes[sc.start]
    first_goto = sc.nodes[node.transitions[0].goto]
    assert set(first_goto.say) <= texts


def test_the_brief_says_how_many_lines_are_ready(rig: Rig) -> None:
    class Progress:
        ready = 3

        def progress(self) -> tuple[int, int]:
            return self.ready, 20

    made = Progress()
    rig.services.prepare = lambda settings, scenario: made

    async def body() -> None:
        app = rig.app()
        async with app.run_test(size=(100, 34)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await pilot.press("slash")
            await type_text(pilot, "praise-call")
            await pilot.press("enter", "enter")
            await settle(pilot)
            await pilot.pause(0.6)
            assert "正在准备来电者语音：3/20 句" in screen_text(app)
            made.ready = 20
            await pilot.pause(0.6)
            assert "来电者语音已准备好（20 句）" in screen_text(app)
    asyncio.run(body())
