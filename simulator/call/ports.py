"""The two small audio interfaces the app uses: the caller's voice (out) and the trainee's ear (in).

The call screen and :class:`~simulator.call.session.CallSession` talk only to these protocols; the
adapters :mod:`simulator.tui.voice_port` (``simulator.voices`` + ``simulator.audio``) and
:mod:`simulator.tui.ear_port` (``simulator.hearing``) implement them. When audio, a voice engine
or a recogniser is missing the app runs on :class:`SilentVoice` / :class:`NoEar` — text and typed
replies — and shows ``reason``.

Threads: every method is called on the UI thread and returns at once; the work happens on the
implementation's own (daemon) threads. Callbacks (``on_played``, the :class:`EarSink` methods)
arrive on those threads; the call screen turns them into messages. All times are *call time*:
seconds since the first ring, as :class:`~simulator.call.clock.CallClock` counts them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from simulator.hearing.hints import Hints

# on_played(line id, start, end): when a caller line really sounded (call time).
PlayedCallback = Callable[[int, float, float], None]


@dataclass(frozen=True, slots=True)
class LineToSay:
    """One caller line for the voice: the engine's CallerSay plus who is speaking."""

    line: int
    text: str
    mood: str
    persona: str
    noise: str = "none"


BACKGROUND_NICE = 10


def lower_priority() -> None:
    """Make the calling thread — and the threads it starts, such as a model's compute pool — yield
    the CPU to the UI: on a 2-core machine a recogniser or a voice engine using both cores would
    otherwise leave the screen without CPU for a tenth of a second at a time (Linux: per-thread
    nice; elsewhere nothing)."""
    import os
    import threading

    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


class CallJournal(Protocol):
    """Where a call's record goes while it happens (the records store's
    :class:`~simulator.records.journal.Journal`). The session calls :meth:`sync` on its own thread
    after every engine step — each event, turn and retiming — with the record so far; it must
    return at once and never raise (the store writes on its own thread)."""

    def sync(self, record: dict[str, Any]) -> None: ...


class CallerVoice(Protocol):
    name: str  # shown on the call screen
    reason: str  # why it is not the full voice ("" when it is); may change while the call runs
    # True: every line said is reported through ``on_played`` when it starts to sound — or with
    # start −1 when it never will (render failed, stopped) — and until then the caller is taken to
    # be still speaking (no silence timeout runs out on a line that has not played yet).
    reports_played: bool

    def prepare(self, lines: list[LineToSay]) -> None:
        """Render these lines ahead of time (background, best effort)."""

    def trainee_speaking(self, on: bool) -> None:
        """The trainee is speaking or being recognised (True) or that is over (False): work ahead
        of time waits meanwhile, so the recogniser has the CPU and the caller answers sooner."""

    def upcoming(self, texts: set[str]) -> None:
        """The lines the caller may say next (render those ahead first)."""

    def ring(self, on: bool) -> None: ...

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        """Speak now (after any line still playing)."""

    def cut(self, line: int) -> None:
        """Stop this line if it is playing (the trainee talked over it)."""

    def hold_music(self, on: bool) -> None: ...

    def stop(self) -> None:
        """Silence everything within 50 ms (hang-up, quit); later lines may still be said."""

    def close(self) -> None:
        """Release the device; finish the caller channel WAV."""


class SilentVoice:
    """No audio: the caller's lines appear as text only."""

    name = "仅文字"
    reports_played = False  # a line is "said" at its time on the call clock

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        self.said: list[LineToSay] = []

    def prepare(self, lines: list[LineToSay]) -> None:
        pass

    def trainee_speaking(self, on: bool) -> None:
        pass

    def upcoming(self, texts: set[str]) -> None:
        pass

    def ring(self, on: bool) -> None:
        pass

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        self.said.append(item)

    def cut(self, line: int) -> None:
        pass

    def hold_music(self, on: bool) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class EarSink(Protocol):
    """Where the ear reports (from its own threads)."""

    def level(self, value: float) -> None:
        """Microphone level 0–1, about 20 times a second."""

    def partial(self, text: str) -> None:
        """The words so far of the turn being spoken."""

    def speaking(self, on: bool) -> None:
        """The trainee started (True) or stopped without a turn (False: a cough, a backchannel)."""

    def barge_in(self, line: int) -> None:
        """The trainee started talking over caller line ``line``."""

    def turn(self, start: float, end: float, text: str, confidence: float | None) -> None:
        """A finished turn (call time)."""

    def echo(self, text: str) -> None:
        """The caller's own words came back through the microphone (no headset): ignored."""

    def failed(self, message: str) -> None:
        """The ear stopped (device lost, model error): the trainee goes on typing."""


class OperatorEar(Protocol):
    name: str
    reason: str

    def start(self, sink: EarSink, offset: float) -> None:
        """Start listening; ``offset`` is the call time of the first sample."""

    def follow(self, hints: Hints) -> None:
        """The call moved on: what the trainee is expected to say next — the node's expected
        phrases and the call's words, as plain data (recogniser biasing, early turn decisions)."""

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        """A caller line is playing (for barge-in, backchannel and echo detection)."""

    def caller_cut(self, line: int, t: float) -> None: ...

    def annotate(self, record: dict[str, Any], timeout: float) -> dict[str, Any]:
        """The record with what the ear adds (second-pass transcripts, the operator audio)."""

    def heard_until(self) -> float | None:
        """The call time up to which the input has been listened to and everything heard in it
        reported (speech started, turns); None when that does not apply (no ear, a failed one, or
        a driver that paces the input itself). The caller judges silence only that far: on a busy
        machine the ear falls behind, and a trainee already talking is not silent."""

    def stop(self) -> None:
        """Stop capturing within a second; the operator channel WAV is finished."""


class NoEar:
    """No microphone or recogniser: typed replies only."""

    name = "键盘输入"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason

    def start(self, sink: EarSink, offset: float) -> None:
        pass

    def follow(self, hints: Hints) -> None:
        pass

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        pass

    def caller_cut(self, line: int, t: float) -> None:
        pass

    def annotate(self, record: dict[str, Any], timeout: float) -> dict[str, Any]:
        return record

    def heard_until(self) -> float | None:
        return None

    def stop(self) -> None:
        pass
