"""One live call driven from one thread: the session, and the frames the audio threads report.

The call screen gets the ear's and the voice's reports as Textual messages; everything else that
runs a live call — ``hotline play --live``, the benchmarks, the hearing tests — uses
:class:`CallLoop`: frames posted from any thread are queued, and :meth:`CallLoop.poll` applies them
to the :class:`~simulator.call.session.CallSession` and ticks it, on the caller's thread::

    loop = CallLoop(scenario, seed, voice=voice, ear=ear)   # real clock by default
    loop.start()                                            # rings; the ear starts listening
    while not loop.session.over:
        for frame in loop.poll(0.05): ...                   # what the ear and the voice reported
    record = loop.finish()                                  # the ear stopped; the record annotated

Headless: the voice and the ear are whatever implements :mod:`simulator.call.ports`.
"""

from __future__ import annotations

import contextlib
import queue
from typing import Any

from simulator.call import frames as fr
from simulator.call.clock import CallClock
from simulator.call.ports import CallerVoice, OperatorEar
from simulator.call.session import CallSession
from simulator.engine import Engine
from simulator.scenario.model import Scenario


class CallLoop:
    def __init__(self, scenario: Scenario, seed: int = 0, *, voice: CallerVoice | None = None,
                 ear: OperatorEar | None = None, clock: CallClock | None = None,
                 engine: Engine | None = None) -> None:
        self.frames: queue.Queue[fr.Frame] = queue.Queue()
        self.sink = fr.FrameSink(self.frames.put)
        self.session = CallSession(scenario, seed, voice=voice, ear=ear, clock=clock, engine=engine,
                                   on_played=self.sink.played)
        self.failed: str | None = None  # why the ear stopped, if it did

    @property
    def ear(self) -> OperatorEar:
        return self.session.ear

    def start(self) -> None:
        self.session.ring()
        self.ear.start(self.sink, self.session.clock.peek())

    def poll(self, timeout: float = 0.05) -> list[fr.Frame]:
        """Wait up to ``timeout`` for reports, apply every one queued, tick; the frames applied."""
        out: list[fr.Frame] = []
        with contextlib.suppress(queue.Empty):
            out.append(self.frames.get(timeout=timeout) if timeout > 0 else self.frames.get_nowait())
        while True:
            try:
                out.append(self.frames.get_nowait())
            except queue.Empty:
                break
        for frame in out:
            if isinstance(frame, fr.EarFailed):
                self.failed = frame.message
            self.session.feed(frame)
        self.session.tick()
        return out

    def finish(self, annotate_timeout: float = 1.0) -> dict[str, Any]:
        """Hang up if the call goes on, stop the ear, and the record with what the ear adds."""
        s = self.session
        if not s.over:
            s.abort()
        s.voice.stop()
        self.ear.stop()
        return self.ear.annotate(s.record(), annotate_timeout)
