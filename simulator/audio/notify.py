"""Line callbacks run on their own thread, never on the audio thread.

(Real-time scheduling of the audio thread was tried and dropped: a SCHED_FIFO client thread
preempts the PulseAudio server itself, which then glitches more, not less.)"""

from __future__ import annotations

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

