"""Call time: the trainee's time, seconds since the first ring.

The engine is pure and has no clock; the call runtime drives it with :class:`CallClock`, which reads
an injectable monotonic ``source`` (``time.monotonic`` by default, a :class:`FakeClock` in tests and
in simulated play, so they run fast and deterministically).

Call time is *what the trainee lived through*, not what the machine took. It holds (stops at a
point, and the wall seconds spent there are taken out for good) for a named reason:

* ``typing`` — a typed reply is being composed. Composing on the keyboard takes far longer than
  saying it; the clock stops where the reply will start and resumes from its spoken end
  (:meth:`thaw`), so a typed reply is heard with the timing of speech, and no silence timeout fires
  while the trainee types.
* ``line:N`` — caller line ``N`` is owed: it is due on the call clock but its voice has not started
  to sound (still synthesising on a slow machine). Nothing after it may happen before it sounds, so
  the clock stops at the line's start and resumes when it plays: the record's order and times are
  what the trainee heard, whatever the machine's speed.

With a microphone and a voice that keeps up nothing ever holds: every event carries real elapsed
seconds.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable

Source = Callable[[], float]

TYPING = "typing"


def owed(line: int) -> str:
    """The hold reason for caller line ``line`` not sounding yet."""
    return f"line:{line}"


class FakeClock:
    """A monotonic clock that moves only when told to (tests, simulated play)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self.t += seconds


class CallClock:
    """Seconds since :meth:`start`, minus the spans the call was held (typing, lines owed)."""

    def __init__(self, source: Source = time.monotonic) -> None:
        self.source = source
        self._t0: float | None = None
        self._taken = 0.0  # wall seconds taken out of the call time (held spans, rewinds)
        self._holds: dict[str, float] = {}  # reason → the call time where the clock stops
        self._lock = threading.Lock()  # the audio threads read the clock (peek, call_time)
        # (source reading, call time) whenever the wall-to-call mapping changed (a held span taken
        # out, a rewind): a past reading of the source maps to the call time it had then
        self._marks: list[tuple[float, float]] = []

    # ------------------------------------------------------------------ reading

    @property
    def started(self) -> bool:
        return self._t0 is not None

    @property
    def stop_at(self) -> float | None:
        """Where the clock stops (the earliest hold), or None while it runs freely."""
        holds = self._holds
        return min(holds.values()) if holds else None

    @property
    def frozen_at(self) -> float | None:
        """Where a typed reply holds the clock (None while nobody types)."""
        return self._holds.get(TYPING)

    def held(self, reason: str | None = None) -> bool:
        return bool(self._holds) if reason is None else reason in self._holds

    def start(self) -> None:
        self._t0 = self.source()

    def raw(self) -> float:
        """Call time ignoring the holds (what an unheld clock would show)."""
        if self._t0 is None:
            return 0.0
        return self.source() - self._t0 - self._taken

    def now(self) -> float:
        """Call time; a span spent held is taken out for good."""
        with self._lock:
            mono = self.source()
            t = 0.0 if self._t0 is None else mono - self._t0 - self._taken
            stop = self.stop_at
            if stop is not None and t > stop:
                self._taken += t - stop
                t = stop
                self._mark(mono, t)
            return t

    def _mark(self, mono: float, t: float) -> None:
        if self._t0 is not None:
            self._marks.append((mono, t))

    def peek(self) -> float:
        """:meth:`now` without taking a held span out (for other threads)."""
        t = self.raw()
        stop = self.stop_at
        return min(t, stop) if stop is not None else t

    def call_time(self, mono: float) -> float:
        """A reading of the same ``source`` (the audio side's stamps) as call time — also a past
        one: the call time it had then, held spans and rewinds included."""
        if self._t0 is None:
            return 0.0
        marks = self._marks
        i = bisect.bisect_right(marks, (mono, float("inf"))) - 1
        if i < 0:
            t = mono - self._t0
            return min(t, marks[0][1]) if marks else self._clamp(t)
        m, c = marks[i]
        t = c + (mono - m)
        if i + 1 < len(marks):
            return min(t, marks[i + 1][1])
        return self._clamp(min(t, mono - self._t0 - self._taken) if mono >= m else t)

    def mono_at(self, t: float) -> float:
        """The reading of ``source`` at which the call time was ``t`` (the latest, if it held there:
        a caller line owed sounds when the hold ends)."""
        t0 = self._t0 or 0.0
        marks = self._marks
        for m, c in reversed(marks):
            if c <= t:
                return m + (t - c)
        return t0 + t

    def _clamp(self, t: float) -> float:
        stop = self.stop_at
        return min(t, stop) if stop is not None else t

    def elapsed_real(self) -> float:
        """Wall seconds since the ring, held spans included (how long the session took)."""
        return 0.0 if self._t0 is None else self.source() - self._t0

    # ------------------------------------------------------------------ holding

    def hold(self, reason: str, at: float | None = None) -> None:
        """Stop the clock once it reaches ``at`` (now, or at once if it is already past)."""
        here = self.now()
        self._holds[reason] = here if at is None else max(at, here)

    def release(self, reason: str, to: float | None = None) -> None:
        """Let the clock run again (if no other hold keeps it), from ``to`` (default: where it
        stood). ``to`` may be later than now (a typed reply's spoken end)."""
        here = self.now()
        self._holds.pop(reason, None)
        if to is not None and self._t0 is not None:
            with self._lock:
                self._taken += here - to
                self._mark(self.source(), to)

    def rewind(self, to: float) -> None:
        """Move the clock back to ``to`` (nothing happened since: a typed reply's start)."""
        here = self.now()
        if to < here and self._t0 is not None:
            with self._lock:
                self._taken += here - to
                self._mark(self.source(), to)

    def freeze(self, at: float) -> None:
        """A typed reply starts at ``at``: the clock stops there."""
        self.hold(TYPING, at)

    def thaw(self, to: float | None = None) -> None:
        """The typed reply was sent (``to``: its spoken end) or cleared."""
        self.release(TYPING, to)
