"""The one interface every synthesis engine implements, and the values passed through it.

An engine turns (text, voice, prosody) into :class:`Audio`. It says cheaply whether it can run
here (:meth:`VoiceEngine.check`), which voices it has, and which part of a :class:`Prosody` it
renders itself (:meth:`VoiceEngine.applied`) — the rest (e.g. volume for Kokoro) is applied
afterwards by :mod:`simulator.voices.effects`. Failures raise :class:`EngineUnavailable` (this
engine cannot run: missing package, model, program or network) or :class:`SynthesisError` (it
ran and failed on this line); the chain in :mod:`simulator.voices.chain` then tries the next one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import HotlineError


class VoiceError(HotlineError):
    """Base of the voice package's errors."""


class EngineUnavailable(VoiceError):
    """This engine cannot run here (missing package, model, program, network)."""


class SynthesisError(VoiceError):
    """The engine ran but could not synthesise this line."""


@dataclass(frozen=True, slots=True)
class Prosody:
    """Changes from an engine's normal voice: rate in %, pitch in Hz, volume in %."""

    rate: int = 0
    pitch: int = 0
    volume: int = 0

    def __add__(self, other: Prosody) -> Prosody:
        return Prosody(self.rate + other.rate, self.pitch + other.pitch, self.volume + other.volume)

    def key(self) -> str:
        return f"r{self.rate:+d}p{self.pitch:+d}v{self.volume:+d}"

    def edge_args(self) -> dict[str, str]:
        return {"rate": f"{self.rate:+d}%", "pitch": f"{self.pitch:+d}Hz", "volume": f"{self.volume:+d}%"}


@dataclass(slots=True)
class Audio:
    """Mono float32 samples at ``rate``, and who made them."""

    samples: Any  # numpy.ndarray, float32, 1-D
    rate: int
    engine: str = ""
    voice: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.rate) if self.rate else 0.0


class VoiceEngine(ABC):
    """A synthesis back-end. Subclasses set the class attributes and implement the methods."""

    name: str = ""  # the key used in personas.yaml ``voices:`` and on the command line
    label: str = ""  # Chinese description for doctor/list
    offline: bool = True
    revision: str = "1"  # part of every cache key: bump when the engine's output changes
    max_jobs: int = 1  # how many lines ``render`` may synthesise at once with this engine

    @abstractmethod
    def check(self) -> str | None:
        """None when the engine can run here; otherwise why not (Chinese, with what to install)."""

    @abstractmethod
    def voices(self) -> list[str]:
        """The voices this engine has here (may be a known list when it cannot be queried)."""

    @abstractmethod
    def synthesize(self, text: str, voice: str, prosody: Prosody) -> Audio:
        """Speak ``text``; raises :class:`EngineUnavailable` or :class:`SynthesisError`."""

    def applied(self, prosody: Prosody) -> Prosody:
        """The part of ``prosody`` this engine renders itself. Volume is always applied afterwards
        (lines are levelled to a common loudness first), so engines never render it."""
        return Prosody(prosody.rate, prosody.pitch, 0)

    def speaks(self, language: str) -> bool:
        """Whether this engine can read lines of ``language`` with the voices it has."""
        return True

    def available(self) -> bool:
        return self.check() is None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release models or connections."""
