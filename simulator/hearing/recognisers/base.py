"""The one interface every recogniser implements, and what it returns.

A turn is recognised in one of two ways:

* **streaming** (vosk): ``begin(hints)``, then ``feed(pcm)`` for each chunk (returns the new
  partial text, or ``None`` when it did not change), then ``finish()`` for the final result;
* **whole turn** (whisper): ``transcribe(pcm, hints)`` on the turn's audio.

Every recogniser has both: a streaming one's ``transcribe`` streams the audio through itself; a
whole-turn one's ``feed`` only buffers and ``finish`` transcribes the buffer. ``streaming`` says
which is native. Audio is 16 kHz mono int16 little-endian bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.hearing.hints import NO_HINTS, Hints


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: float  # seconds from the start of the audio given
    end: float
    confidence: float


@dataclass(frozen=True, slots=True)
class Transcript:
    text: str
    confidence: float | None
    recogniser: str
    words: tuple[Word, ...] = ()
    seconds: float = 0.0  # processing time
    audio_seconds: float = 0.0
    alternatives: tuple[str, ...] = ()  # the recogniser's other candidates, best first

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "recogniser": self.recogniser}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        if self.words:
            out["words"] = [{"text": w.text, "start": round(w.start, 2), "end": round(w.end, 2),
                             "confidence": round(w.confidence, 3)} for w in self.words]
        return out


class Recogniser:
    """Base class; subclasses set ``name`` and ``streaming`` and implement the methods."""

    name = "base"
    streaming = False
    load_seconds = 0.0

    def __init__(self) -> None:
        self._buf = bytearray()
        self._hints: Hints = NO_HINTS

    def load(self) -> None:
        """Load the model now (otherwise on first use); raises ModelMissingError."""

    def prepare(self, hints: Hints = NO_HINTS) -> None:
        """A turn with ``hints`` has begun: build now what decoding it will need (while the
        trainee still speaks, not after)."""

    def begin(self, hints: Hints = NO_HINTS) -> None:
        self._hints = hints
        self._buf = bytearray()

    def feed(self, pcm: bytes) -> str | None:
        self._buf += pcm
        return None

    def finish(self) -> Transcript:
        return self.transcribe(bytes(self._buf), self._hints)

    def transcribe(self, pcm: bytes, hints: Hints = NO_HINTS) -> Transcript:
        raise NotImplementedError

