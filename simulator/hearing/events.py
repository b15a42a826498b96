"""What the hearing side reports, in stream time (seconds from the start of the audio input).

The listener converts to call time (seconds from the first ring) with its offset before handing
them on; :meth:`Turn.say` builds the engine's :class:`~simulator.engine.events.Say`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.engine import events as ev
from simulator.hearing.recognisers.base import Transcript


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    t: float
    overlaps: int | None  # the caller line playing when the operator started, if any


@dataclass(frozen=True, slots=True)
class Partial:
    t: float
    text: str


@dataclass(frozen=True, slots=True)
class BargeIn:
    """The operator is talking over caller line ``line`` (started at ``t``)."""

    t: float
    line: int


@dataclass(frozen=True, slots=True)
class Backchannel:
    """嗯 / 好的 / 对 … during caller line ``line``: not a turn."""

    t: float
    end: float
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Unheard:
    """Voice without recognisable words (a cough, a noise): not a turn."""

    t: float
    end: float


@dataclass(frozen=True, slots=True)
class Echo:
    """The caller's own words coming back into the microphone (speakers, no headset): not a turn."""

    t: float
    end: float
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Turn:
    """One operator turn: from the first to the last voiced frame, with what was recognised."""

    t: float
    end: float
    text: str
    confidence: float | None
    result: Transcript
    early: bool = False  # closed after the short pause because the words already did what was expected
    barge_in: int | None = None  # the caller line talked over
    last_voiced_wall: float = 0.0  # monotonic time the last voiced frame was captured
    decided_wall: float = 0.0  # monotonic time the turn was decided
    audio: bytes = field(default=b"", repr=False)  # 16 kHz int16, from audio_t (includes pre-roll)
    audio_t: float = 0.0
    index: int = 0  # set by the listener: the n-th turn of the call

    def say(self) -> ev.Say:
        return ev.Say(round(self.t, 2), round(max(self.end, self.t), 2), self.text,
                      None if self.confidence is None else round(self.confidence, 3))

    def asr(self) -> dict[str, Any]:
        return {"stream": self.text, "recogniser": self.result.recogniser, "early": self.early}


@dataclass(frozen=True, slots=True)
class InputLost:
    """The audio input failed (device unplugged, PortAudio error): switch to typed input."""

    message: str
    hint: str | None = None


Event = SpeechStarted | Partial | BargeIn | Backchannel | Echo | Unheard | Turn | InputLost
