"""What the player and the WAV sink hand back for each line, and the looping background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.audio.extras import numpy

# (line id, start, end): start/end in the player's clock (monotonic seconds, or call time).
LineCallback = Callable[[int | None, float, float], None]


@dataclass(eq=False)
class PlayHandle:
    line: int | None
    requested: float  # when play() was called
    chunks: list[Any]  # samples at the output rate, played in order
    duration: float  # seconds, at the output rate
    handed: float | None = None  # when the first sample was handed to the device
    started: float | None = None  # when the first sample sounded (handed + device latency)
    ended: float | None = None  # when the last sample sounded, or when the line was cut
    cut: bool = False
    pending: bool = False  # more chunks are being converted
    done: threading.Event = field(default_factory=threading.Event)
    on_start: LineCallback | None = None
    on_end: LineCallback | None = None
    _chunk: int = 0
    _pos: int = 0

    def take(self, out: Any, at: int, frames: int) -> int:
        """Copy up to ``frames - at`` samples into ``out[at:]``; returns how many."""
        n = 0
        while at + n < frames and self._chunk < len(self.chunks):
            src = self.chunks[self._chunk]
            k = min(frames - at - n, len(src) - self._pos)
            out[at + n : at + n + k] = src[self._pos : self._pos + k]
            n += k
            self._pos += k
            if self._pos >= len(src):
                self._chunk += 1
                self._pos = 0
        return n

    def exhausted(self) -> bool:
        return not self.pending and self._chunk >= len(self.chunks)

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)


class Bed:
    """A looping background mixed under the lines."""

    def __init__(self, samples: Any) -> None:
        np = numpy()
        self.samples = np.asarray(samples, dtype=np.float32)
        self.pos = 0

    def mix(self, out: Any) -> None:
        n, total = len(out), len(self.samples)
        if total == 0:
            return
        done = 0
        while done < n:
            k = min(n - done, total - self.pos)
            out[done : done + k] += self.samples[self.pos : self.pos + k]
            done += k
            self.pos = (self.pos + k) % total
