"""Typed frames: what the ear and the voice report to a call, from their own threads.

The ear (:class:`~simulator.call.ports.OperatorEar`) calls an :class:`~simulator.call.ports.EarSink`
and the voice an ``on_played`` callback, on their threads. :class:`FrameSink` turns each report into
one small frozen dataclass and hands it to ``post`` (the call screen's thread-safe
``post_message``, or a queue in ``hotline play --live``); on the driving thread
:meth:`CallSession.feed <simulator.call.session.CallSession.feed>` applies the frames that change
the call, and the screen shows the others (the level, the words so far, a lost microphone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Level:
    """Microphone level 0–1, about 20 times a second."""

    value: float


@dataclass(frozen=True, slots=True)
class Partial:
    """The words so far of the turn being spoken."""

    text: str


@dataclass(frozen=True, slots=True)
class Speaking:
    """The trainee started (True) or stopped without a turn (False)."""

    on: bool


@dataclass(frozen=True, slots=True)
class BargeIn:
    """The trainee started talking over caller line ``line``."""

    line: int


@dataclass(frozen=True, slots=True)
class Heard:
    """A finished, recognised turn (call time)."""

    start: float
    end: float
    text: str
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Echo:
    """The caller's own words came back through the microphone (no headset): ignored."""

    text: str


@dataclass(frozen=True, slots=True)
class EarFailed:
    """The ear stopped (device lost, model error): the trainee goes on typing."""

    message: str


@dataclass(frozen=True, slots=True)
class Played:
    """Caller line ``line`` really sounded from ``start`` to ``end`` (call time; −1: never will)."""

    line: int
    start: float
    end: float


Frame = Level | Partial | Speaking | BargeIn | Heard | Echo | EarFailed | Played


class FrameSink:
    """An :class:`~simulator.call.ports.EarSink` (and an ``on_played``) that posts frames."""

    def __init__(self, post: Callable[[Frame], object]) -> None:
        self.post = post

    def level(self, value: float) -> None:
        self.post(Level(value))

    def partial(self, text: str) -> None:
        self.post(Partial(text))

    def speaking(self, on: bool) -> None:
        self.post(Speaking(on))

    def barge_in(self, line: int) -> None:
        self.post(BargeIn(line))

    def turn(self, start: float, end: float, text: str, confidence: float | None) -> None:
        self.post(Heard(start, end, text, confidence))

    def echo(self, text: str) -> None:
        self.post(Echo(text))

    def failed(self, message: str) -> None:
        self.post(EarFailed(message))

    def played(self, line: int, start: float, end: float) -> None:
        self.post(Played(line, start, end))
