"""Helpers for the audio thread: line callbacks run elsewhere, and real-time scheduling."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable

from simulator.audio.handle import LineCallback


class Notifier:
    """Runs line callbacks on its own thread, in order (the audio thread only enqueues them)."""

    def __init__(self) -> None:
        self._q: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="player-notify", daemon=True)
        self._thread.start()

    def post(self, cb: LineCallback, line: int | None, start: float, end: float) -> None:
        self._q.put(lambda: cb(line, start, end))

    def _run(self) -> None:
        while (job := self._q.get()) is not None:
            try:
                job()
            except Exception:  # a failing callback must not stop the others
                continue

    def close(self) -> None:
        self._q.put(None)
        self._thread.join(timeout=2)


def realtime_thread() -> None:
    """Ask for real-time scheduling of the calling (audio) thread where allowed: a busy CPU then
    cannot starve the callback — through PulseAudio's ALSA plug-in an underrun costs a ~2 s stall."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or no permission: stay normal
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
