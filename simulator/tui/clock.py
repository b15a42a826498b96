"""Call time: seconds since the first ring, read from a monotonic clock.

The engine is pure and has no clock; the app drives it with :class:`CallClock`, which reads an
injectable monotonic ``source`` (``time.monotonic`` by default, a :class:`FakeClock` in tests, so
they run fast and deterministically).

Typed replies: composing a reply on the keyboard takes far longer than saying it. While the
trainee composes, the call clock is *frozen* at the moment the reply will start (:meth:`freeze`);
when it is sent, the clock resumes from the reply's spoken end (:meth:`thaw`). So a typed reply
is heard as a spoken one — with the timing of speech, not of typing — and no silence timeout fires
while the trainee is still typing. With a microphone nothing is ever frozen: every event carries
real elapsed seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Source = Callable[[], float]


class FakeClock:
    """A monotonic clock that moves only when told to (tests)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self.t += seconds


class CallClock:
    """Seconds since :meth:`start`, minus the time frozen for typed replies."""

    def __init__(self, source: Source = time.monotonic) -> None:
        self.source = source
        self._t0: float | None = None
        self._offset = 0.0  # seconds taken out of the call time (frozen spans)
        self._freeze: float | None = None

    @property
    def started(self) -> bool:
        return self._t0 is not None

    @property
    def frozen_at(self) -> float | None:
        return self._freeze

    def start(self) -> None:
        self._t0 = self.source()

    def raw(self) -> float:
        """Call time ignoring any freeze (the time an unfrozen clock would show)."""
        if self._t0 is None:
            return 0.0
        return self.source() - self._t0 - self._offset

    def now(self) -> float:
        t = self.raw()
        if self._freeze is not None and t > self._freeze:
            self._offset += t - self._freeze  # the frozen span is taken out for good
            t = self._freeze
        return t

    def peek(self) -> float:
        """:meth:`now` without taking a frozen span out (safe to call from other threads)."""
        t = self.raw()
        return min(t, self._freeze) if self._freeze is not None else t

    def freeze(self, at: float) -> None:
        """Stop the clock once it reaches ``at`` (immediately if it is already past)."""
        self._freeze = max(at, self.now())

    def thaw(self, to: float | None = None) -> None:
        """Let the clock run again, from ``to`` (default: where it stood)."""
        here = self.now()
        self._freeze = None
        if to is not None and self._t0 is not None:
            self._offset += here - to

    def call_time(self, mono: float) -> float:
        """A monotonic reading of the same ``source`` (e.g. from the audio side) as call time."""
        if self._t0 is None:
            return 0.0
        return mono - self._t0 - self._offset

    def elapsed_real(self) -> float:
        """Wall seconds since the ring, frozen spans included (the visible call timer)."""
        return 0.0 if self._t0 is None else self.source() - self._t0
