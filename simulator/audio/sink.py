"""A WAV file in place of a sound device: the caller channel of a call, or audio for tests.

Same calls as :class:`~simulator.audio.output.Player`, on a timeline instead of in real time.
Times come from ``at=`` or from ``clock`` (default: simulated time that starts at 0 and only moves
when told); a line starts when asked or when the line before it ends, whichever is later:

    sink = WavSink("caller.wav", rate=16000)
    h = sink.play(samples, 24000, line=1, at=2.0)   # h.started == 2.0, h.ended == 2.0 + duration
    sink.cut(1, at=3.1)                             # the rest of line 1 is dropped; h.ended == 3.1
    sink.close()                                    # writes the WAV (silence between lines)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.audio.extras import numpy
from simulator.audio.handle import LineCallback, PlayHandle
from simulator.audio.resample import resample
from simulator.audio.wav import write_wav


class WavSink:
    def __init__(
        self, path: str | Path | None, rate: int = 16000, clock: Callable[[], float] | None = None
    ) -> None:
        self.path = Path(path) if path else None
        self.rate = int(rate)
        self.now: float = 0.0
        self.clock: Callable[[], float] = clock or (lambda: self.now)
        self.lines: list[tuple[PlayHandle, Any]] = []  # handle, samples at self.rate
        self.beds: list[tuple[float, float | None, Any]] = []  # start, end, loop samples

    def _t(self, at: float | None) -> float:
        return float(at) if at is not None else float(self.clock())

    def open(self) -> WavSink:
        return self

    def play(
        self, samples: Any, rate: int, *, line: int | None = None, at: float | None = None,
        on_start: LineCallback | None = None, on_end: LineCallback | None = None,
    ) -> PlayHandle:
        t = self._t(at)
        x = resample(samples, rate, self.rate)
        prev = max((h.ended or 0.0 for h, _ in self.lines), default=0.0)
        h = PlayHandle(line, t, [x], len(x) / self.rate)
        h.handed = h.started = max(t, prev)
        h.ended = h.started + h.duration
        self.lines.append((h, x))
        self.now = max(self.now, t)
        if on_start:
            on_start(line, h.started, h.ended)
        if on_end:
            h.on_end = on_end
        return h

    def cut(self, line: int | PlayHandle, at: float | None = None) -> bool:
        t = self._t(at)
        for h, _ in self.lines:
            if (h is line or h.line == line) and not h.cut and (h.ended or 0.0) > t:
                h.cut, h.ended = True, max(t, h.started or t)
                return True
        return False

    def stop(self, at: float | None = None) -> None:
        t = self._t(at)
        for h, _ in self.lines:
            if not h.cut and (h.ended or 0.0) > t:
                h.cut, h.ended = True, max(t, h.started or t)
        self.set_bed(None, at=t)

    def set_bed(
        self, samples: Any | None, rate: int = 16000, gain: float = 1.0, at: float | None = None
    ) -> None:
        t = self._t(at)
        if self.beds and self.beds[-1][1] is None:
            start, _, loop = self.beds[-1]
            self.beds[-1] = (start, t, loop)
        if samples is not None:
            self.beds.append((t, None, resample(samples, rate, self.rate) * float(gain)))

    def render(self, until: float | None = None) -> Any:
        """The whole timeline as float32 samples."""
        np = numpy()
        ends = [h.ended or 0.0 for h, _ in self.lines] + [e or s for s, e, _ in self.beds]
        total = round((until if until is not None else max(ends, default=0.0)) * self.rate)
        out = np.zeros(total, np.float32)
        for start, end, loop in self.beds:
            a, b = int(start * self.rate), min(total, int((end if end is not None else total) * self.rate))
            if len(loop) and b > a:
                out[a:b] += np.resize(loop, b - a)
        for h, x in self.lines:
            a = round((h.started or 0.0) * self.rate)
            b = min(total, round((h.ended or 0.0) * self.rate))
            if b > a:
                out[a:b] += x[: b - a]
        return np.clip(out, -1.0, 1.0)

    def close(self) -> None:
        for h, _ in self.lines:
            h.done.set()
            if h.on_end:
                cb, h.on_end = h.on_end, None
                cb(h.line, h.started or 0.0, h.ended or 0.0)
        if self.path:
            write_wav(self.path, self.render(), self.rate)

    def __enter__(self) -> WavSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
