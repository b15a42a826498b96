"""Driving a :class:`CallSession` with scripted hands and a caller voice that takes its time.

:class:`RenderingVoice` stands for Kokoro on a fresh install: each line takes ``render_seconds``
of wall time to synthesise (one at a time, in order) before it plays, for its spoken length; it
reports each line when it starts, as the real speaking voice does. :func:`drive` runs one call on a
fake clock (fast, deterministic) or on the real one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.call.clock import FakeClock
from simulator.call.hands import Mode, ScriptedHands
from simulator.call.ports import LineToSay, PlayedCallback, SilentVoice
from simulator.call.session import CallSession
from simulator.play.script import parse_script
from simulator.scenario.model import Scenario


def line_seconds(text: str) -> float:
    return max(0.5, len(text) / 4.5)


class RenderingVoice(SilentVoice):
    reports_played = True

    def __init__(self, source: Callable[[], float], render_seconds: float) -> None:
        super().__init__()
        self.source, self.render_seconds = source, render_seconds
        self.to_call: Callable[[float], float] = lambda mono: mono
        self.queue: list[tuple[float, LineToSay, PlayedCallback]] = []
        self._render_free = 0.0
        self._playing_until = 0.0

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        super().say(item, on_played)
        ready = max(self.source(), self._render_free) + self.render_seconds
        self._render_free = ready
        self.queue.append((ready, item, on_played))

    def poll(self) -> None:
        mono = self.source()
        while self.queue and self.queue[0][0] <= mono and mono >= self._playing_until:
            _, item, on_played = self.queue.pop(0)
            length = line_seconds(item.text)
            self._playing_until = mono + length
            at = self.to_call(mono)
            on_played(item.line, at, at + length)

    def stop(self) -> None:
        self.queue.clear()
        self._playing_until = 0.0


@dataclass
class Driven:
    session: CallSession
    voice: RenderingVoice
    hands: ScriptedHands
    wall: float
    record: dict[str, Any] = field(default_factory=dict)


def drive(scenario: Scenario, script: str, *, seed: int = 0, render_seconds: float = 0.0,
          mode: Mode = "heard", real: bool = False, step: float = 0.05, limit: float = 900.0) -> Driven:
    """One call; ``real``: on the real monotonic clock (sleeping ``step`` between ticks)."""
    fake = FakeClock()
    source: Callable[[], float] = time.monotonic if real else fake
    voice = RenderingVoice(source, render_seconds)
    s = CallSession(scenario, seed, source=source, voice=voice)
    voice.to_call = s.clock.call_time
    hands = ScriptedHands(s, parse_script(script), mode=mode)
    begun = source()
    s.ring()
    while not s.over and source() - begun < limit:
        voice.poll()
        hands.poll()
        s.tick()
        if real:
            time.sleep(step)
        else:
            fake.advance(step)
    assert s.over, "the call did not end"
    return Driven(s, voice, hands, source() - begun, s.record())


def heard_order(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The record as the trainee heard it: (type, who, text) in order."""
    return [(e["type"], e.get("who", ""), e.get("text", "")) for e in record["events"]]


def timed(record: dict[str, Any]) -> list[tuple[str, str, str, float, float]]:
    return [(e["type"], e.get("who", ""), e.get("text", ""), e["t"], e.get("end", e["t"]))
            for e in record["events"]]
