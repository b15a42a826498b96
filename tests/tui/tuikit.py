"""Driving the app in tests: a rig of services on a fake clock, typing, moving time, reading the screen.

The app never sleeps on its own clock: :func:`advance` moves the fake monotonic clock in small steps
and runs the call screen's tick after each, so a 30-second call takes a fraction of a second and
always happens the same way.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot

from simulator.call.clock import CallClock, FakeClock
from simulator.call.ports import CallerVoice, NoEar, OperatorEar, SilentVoice
from simulator.call.timing import REPLY_GAP
from simulator.play.script import Script, parse_script
from simulator.scenario.model import Scenario
from simulator.tui.app import HotlineApp
from simulator.tui.devices import DeviceList
from simulator.tui.screens.call import CallScreen
from simulator.tui.services import Services
from simulator.tui.store.settings import Settings

STEP = 1.0  # at most this much call time per tick when moving the clock


class Rig:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.clock = FakeClock()
        self.voices: list[CallerVoice] = []
        self.ears: list[OperatorEar] = []
        self.played: list[tuple[Any, int]] = []
        self.make_voice: Callable[[Settings, Scenario, Path, CallClock], CallerVoice] = \
            lambda s, sc, f, c: SilentVoice("测试：不出声")
        self.make_ear: Callable[[Settings, Scenario, Path, CallClock], OperatorEar] = \
            lambda s, sc, f, c: NoEar("测试：键盘输入")
        self.services = Services(
            source=self.clock, store_url=str(tmp / "records.db"), audio_root=tmp / "audio",
            settings_file=tmp / "settings.json", voice=self._voice, ear=self._ear, seed=lambda: 0,
            prepare=lambda s, sc: None,
            play=lambda samples, rate: self.played.append((samples, rate)),
            devices=lambda: DeviceList(["测试麦克风"], ["测试耳机"]), tick=5.0,  # advance() ticks
        )

    def _voice(self, s: Settings, sc: Scenario, folder: Path, clock: CallClock) -> CallerVoice:
        voice = self.make_voice(s, sc, folder, clock)
        self.voices.append(voice)
        return voice

    def _ear(self, s: Settings, sc: Scenario, folder: Path, clock: CallClock) -> OperatorEar:
        ear = self.make_ear(s, sc, folder, clock)
        self.ears.append(ear)
        return ear

    def app(self) -> HotlineApp:
        return HotlineApp(self.services)


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text (what the trainee reads)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Key events as a terminal sends them (Pilot.press drops full-width punctuation such as ，)."""
    driver = pilot.app._driver
    assert driver is not None
    for ch in text:
        key = ch if ch.isalnum() else _character_to_key(ch)
        event = events.Key(key, ch)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()


def call_screen(app: App[Any]) -> CallScreen:
    screen = app.screen
    assert isinstance(screen, CallScreen), f"not on the call screen: {type(screen).__name__}"
    return screen


def _owed(pilot: Pilot[Any]) -> bool:
    """A caller line is rendering on the voice's real thread: call time holds meanwhile."""
    screen = pilot.app.screen
    return isinstance(screen, CallScreen) and screen.session is not None and screen.session.owed


async def _tick(pilot: Pilot[Any], rig: Rig, seconds: float) -> None:
    screen = pilot.app.screen
    if _owed(pilot):
        await asyncio.sleep(0.02)  # wait for the voice in real time; the fake clock stands still
        seconds = 0.0
    rig.clock.advance(seconds)
    if isinstance(screen, CallScreen):
        screen.tick()
    await pilot.pause(0)  # one turn of the event loop


async def advance(pilot: Pilot[Any], rig: Rig, seconds: float) -> None:
    """Move the fake clock ``seconds`` forward, ticking the call screen as the real timer would."""
    left = seconds
    while left > 1e-9:
        step = min(STEP, left)
        await _tick(pilot, rig, step)
        left -= step
    await pilot.pause()


async def advance_to(pilot: Pilot[Any], rig: Rig, session: Any, t: float) -> None:
    """Move the clock until the call time reaches ``t`` (exactly), or the call is over."""
    for _ in range(10_000):
        left = t - session.clock.now()
        if left <= 1e-9 or session.over:
            break
        while session.owed and not session.over:  # call time holds while the caller's voice
            await _tick(pilot, rig, 0.0)  # is still rendering (on its real thread)
        await _tick(pilot, rig, min(STEP, left))
    else:
        raise AssertionError("the clock did not reach the time")
    await pilot.pause()


async def until(pilot: Pilot[Any], rig: Rig, done: Callable[[], bool], limit: float = 120.0) -> None:
    spent = 0.0
    while not done():
        assert spent < limit, "the call did not get there in time"
        owed = _owed(pilot)
        await advance(pilot, rig, STEP)
        spent += 0.0 if owed else STEP  # (a line owed holds call time: it is not the call's time)


async def wait_real(pilot: Pilot[Any], done: Callable[[], bool], timeout: float = 60.0,
                    why: Callable[[], str] | None = None) -> None:
    """Wait in real time (the fake clock stands still) until ``done()``: e.g. a recogniser's turn.
    ``why()`` describes the state when the wait times out (what the call was doing)."""
    import time

    end = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < end, "timed out waiting" + (f": {why()}" if why else "")
        await pilot.pause(0.05)


async def settle(pilot: Pilot[Any]) -> None:
    """Let thread workers (grading, loading) finish and their results reach the screen, and
    tables size their columns (a DataTable does that when it is next idle)."""
    from textual.widgets import DataTable

    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    for _ in range(100):
        tables = list(pilot.app.screen.query(DataTable))
        if not any(t._require_update_dimensions for t in tables):
            break
        await pilot.pause(0.02)


async def open_call(pilot: Pilot[Any], scenario_id: str) -> CallScreen:
    """Home → picker → search → brief → call, all by keys."""
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("slash")
    await type_text(pilot, scenario_id)
    await pilot.press("enter", "enter")  # leave the search box, open the brief
    await pilot.pause()
    await pilot.press("enter")  # start the call
    await pilot.pause()
    return call_screen(pilot.app)


Speaker = Callable[[Any, str], Awaitable[None]]  # (session, text): say it some other way than typing


async def play(pilot: Pilot[Any], rig: Rig, script: Script, speaker: Speaker | None = None) -> None:
    """A play script acted out on the call screen with keys, timed like the headless runner.
    ``speaker``: how replies are said (default: typed into the reply box)."""
    await advance(pilot, rig, script.answer_after)
    await pilot.press("f2")
    after_wait = False
    for step in script.actions:
        s = call_screen(pilot.app).session
        assert s is not None
        if not s.live:
            break
        if step.kind == "say" and speaker is not None:
            await advance_to(pilot, rig, s, s.reply_start() if not after_wait else s.clock.now())
            await speaker(s, step.text)
            after_wait = False
            continue
        if step.kind == "say":
            await type_text(pilot, step.text)  # the clock freezes where the reply starts
            await advance_to(pilot, rig, s, s.clock.frozen_at or s.clock.now())
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(pilot.app.screen, CallScreen):  # the reply is in the live transcript
                assert f"我：{step.text[:6]}" in screen_text(pilot.app), step.text
            after_wait = False
            continue
        if step.kind == "wait":
            quiet = max(s.caller_end, s.state.t)
            await advance_to(pilot, rig, s, quiet)
            await advance_to(pilot, rig, s, quiet + step.seconds)
            after_wait = True
            continue
        gap = 0.0 if after_wait else REPLY_GAP
        target = max(s.caller_end + REPLY_GAP if s.caller_end else 0.0, s.state.t + gap)
        await advance_to(pilot, rig, s, target)
        after_wait = False
        if not s.live:
            break
        if step.kind in ("hold", "unhold"):
            await pilot.press("f3")
        elif step.kind == "hangup":
            await pilot.press("f8")
        elif step.kind == "transfer":
            await pilot.press("f4")
            await pilot.pause()
            await pilot.press("tab")
            await type_text(pilot, step.text)
            await pilot.press("enter")
        await pilot.pause()


def script_of(scenario: Scenario, name: str | None = None) -> tuple[Script, Any]:
    """A golden playthrough's script (the first successful one unless ``name`` is given)."""
    for pt in scenario.playthroughs:
        if (name is None and pt.success) or pt.name == name:
            return parse_script(pt.script, f"{scenario.id}:{pt.name}"), pt
    raise LookupError(name)


def wait_for(read: Callable[[], str], text: str, timeout: float = 15.0) -> str:
    """Poll ``read()`` (a terminal's screen) until ``text`` shows; the screen."""
    end = time.monotonic() + timeout
    while True:
        screen = read()
        if text in screen:
            return screen
        assert time.monotonic() < end, f"{text!r} never appeared; the screen was:\n{screen}"
        time.sleep(0.1)
