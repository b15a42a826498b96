"""The listener: audio input → turns on a background thread, plus the accurate second pass.

This is what the TUI (or any driver) holds during a call::

    lis = Listener(source, make("vosk"), accurate=make("whisper"), hints=lambda: hints_for(engine))
    lis.start(offset=engine_time_now)       # call time now (an input that wakes up late is allowed for)
    ev = lis.get(timeout=0.05)              # Turn / Partial / BargeIn / Backchannel / Echo / Unheard /
                                            # SpeechStarted / InputLost, in call time; None: nothing
    lis.caller_line(line, t, end, text)     # a caller line is playing (call time) …
    lis.caller_cut(line, t)                 # … or was cut
    lis.level                               # dBFS of the latest chunk, for the meter
    lis.stop()                              # the WAV of the whole operator channel (or None)
    record = lis.annotate(engine.record())  # both transcripts on the operator say events

An :class:`InputLost` event means the device is gone: the listener has stopped, the recording so
far is kept, the engine and the call are untouched — the driver switches to typed input
(:mod:`simulator.hearing.typed`). The accurate recogniser re-transcribes each turn's audio on its
own worker thread, without the expected-phrase bias, for the grade.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from simulator.call.ports import lower_priority  # decoding yields the CPU to the screen and the VAD
from simulator.hearing.config import HearingConfig
from simulator.hearing.errors import TYPED_FALLBACK, AudioInputError
from simulator.hearing.events import (
    Backchannel,
    BargeIn,
    Echo,
    Event,
    InputLost,
    Partial,
    SpeechStarted,
    Turn,
    Unheard,
)
from simulator.hearing.hints import NO_HINTS, Hints
from simulator.hearing.recognisers.base import Recogniser, Transcript
from simulator.hearing.source import AudioSource
from simulator.hearing.turns import TurnAssembler
from simulator.hearing.vad import TurnDetector


def shift(event: Event, dt: float) -> Event:
    """The event with its times moved by ``dt`` (stream time → call time)."""
    if isinstance(event, Turn):
        return replace(event, t=event.t + dt, end=event.end + dt, audio_t=event.audio_t + dt)
    if isinstance(event, Backchannel | Echo | Unheard):
        return replace(event, t=event.t + dt, end=event.end + dt)
    if isinstance(event, SpeechStarted | Partial | BargeIn):
        return replace(event, t=event.t + dt)
    return event


class Listener:
    def __init__(self, source: AudioSource, recogniser: Recogniser, *, accurate: Recogniser | None = None,
                 config: HearingConfig | None = None, hints: Callable[[], Hints] = lambda: NO_HINTS,
                 matcher: object = None) -> None:
        cfg = config or HearingConfig()
        self.source = source
        self.recogniser = recogniser
        self.accurate = accurate
        detector = TurnDetector(cfg.trailing_silence, cfg.early_silence, cfg.vad_aggressiveness)
        self.assembler = TurnAssembler(recogniser, detector, hints, matcher)
        self.offset = 0.0
        self.heard_to = 0.0  # stream time up to which the input was read and its events emitted
        self.turns: list[Turn] = []
        self.backchannels: list[Backchannel] = []
        self.echoes: list[Echo] = []
        self.finals: dict[int, Future[Transcript]] = {}
        self.lost: InputLost | None = None
        self.done = threading.Event()
        self._q: queue.Queue[Event] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._started_wall = 0.0
        self._lock = threading.Lock()  # caller lines are set from the driver's thread
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="asr-final", initializer=lower_priority) \
            if accurate else None

    # ------------------------------------------------------------------ driver side
    def start(self, offset: float = 0.0, opened: float | None = None) -> None:
        """Open the input (NoAudioDeviceError if it cannot be) and start listening; ``opened``: the
        monotonic time the driver opened the input itself, earlier (``offset`` is its call time)."""
        self.offset = self.heard_to = offset
        self._started_wall = time.monotonic() if opened is None else opened
        self.source.start()
        self._thread = threading.Thread(target=self._run, name="listener", daemon=True)
        self._thread.start()

    def get(self, timeout: float | None = None) -> Event | None:
        try:
            return self._q.get(timeout=timeout)
        except queue.Empty:
            return None

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        with self._lock:
            self.assembler.caller_line(line, t - self.offset, end - self.offset, text)

    def caller_audio(self, line: int, samples: Any, rate: int) -> None:
        """The sound of caller line ``line`` (see :meth:`TurnAssembler.caller_audio`)."""
        with self._lock:
            self.assembler.caller_audio(line, samples, rate)

    def caller_cut(self, line: int, t: float) -> None:
        with self._lock:
            self.assembler.caller_cut(line, t - self.offset)

    @property
    def level(self) -> float:
        return self.source.level

    @property
    def now(self) -> float:
        """Call time of the audio read so far (:attr:`heard_to`: and its events emitted)."""
        return self.offset + self.source.seconds

    def stop(self) -> Path | None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)  # a turn still being decoded is of no use: the call is over
        path = self.source.stop()
        self.assembler.close()
        return path

    def final(self, turn: Turn, timeout: float | None = None) -> Transcript | None:
        fut = self.finals.get(turn.index)
        return fut.result(timeout) if fut is not None else None

    def annotate(self, record: dict[str, Any], timeout: float | None = 60.0) -> dict[str, Any]:
        """``record`` with ``asr`` on each recognised operator say event, backchannels and the WAV.

        The grade reads ``text``: where the accurate second pass has a transcript it becomes ``text``
        (and its confidence ``confidence``); what the conversation ran on stays in ``asr.stream``.
        """
        deadline = None if timeout is None else time.monotonic() + timeout  # for all turns together
        unused = list(self.turns)
        for event in record.get("events", []):
            if event.get("type") != "say" or event.get("who") != "operator":
                continue
            # the driver may have moved a turn's start (to the engine's time; held call time while a
            # caller line was owed): match the text, then the nearest time among turns with that text
            same = [t for t in unused if t.text == event.get("text")]
            if not same:
                continue
            when = float(event.get("t", 0.0))
            turn = min(same, key=lambda t: abs(t.t - when))
            unused.remove(turn)
            asr = turn.asr()
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                final = self.final(turn, left)
            except Exception:  # not done in time (or failed): the call's own transcript stands
                final = None
                asr["final_pending"] = True
            if final is not None:
                asr.update(final=final.text, final_recogniser=final.recogniser)
                if final.text.strip():
                    event["text"] = final.text.strip()
                    if final.confidence is not None:
                        event["confidence"] = round(final.confidence, 3)
            event["asr"] = asr
        if self.backchannels:
            record["backchannels"] = [{"t": round(b.t, 2), "end": round(b.end, 2), "text": b.text}
                                      for b in self.backchannels]
        if self.echoes:  # the caller's voice came back through the microphone (no headset)
            record["echoes"] = [{"t": round(e.t, 2), "end": round(e.end, 2), "text": e.text, "line": e.line}
                                for e in self.echoes]
        if self.source.record_to is not None:
            record["operator_audio"] = {"path": str(self.source.record_to), "t": round(self.offset, 2)}
        return record

    # ------------------------------------------------------------------ listener thread
    def _run(self) -> None:
        first = True
        try:
            self.assembler.warm()  # audio captured meanwhile waits in the source's queue
            while not self._stop.is_set():
                chunk = self.source.read(timeout=0.1)
                if chunk is None:
                    if self.source.finished:
                        self._emit(self.assembler.flush())
                        break
                    continue
                if first:  # the input may wake up late (an idle sound server): anchor sample 0 in time
                    first = False
                    self.offset += max(0.0, chunk.wall - chunk.seconds - self._started_wall)
                with self._lock:
                    events = self.assembler.feed(chunk)
                self._emit(events)
                self.heard_to = self.offset + self.source.seconds  # … and all it held is out
        except AudioInputError as exc:
            self.lost = InputLost(exc.message, exc.hint)
            self._emit(self.assembler.flush() if self.assembler.active else [])
            self._q.put(self.lost)
        except Exception as exc:  # a recogniser that fails mid-call: typed input, like a lost device
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.lost = InputLost(f"语音识别出错：{message}。{TYPED_FALLBACK}", getattr(exc, "hint", None))
            self._q.put(self.lost)
            self.source.stop()
        finally:
            self.done.set()

    def _emit(self, events: list[Event]) -> None:
        for event in events:
            event = shift(event, self.offset)
            if isinstance(event, Turn):
                event = replace(event, index=len(self.turns))
                self.turns.append(event)
                self._second_pass(event)
            elif isinstance(event, Backchannel):
                self.backchannels.append(event)
            elif isinstance(event, Echo):
                self.echoes.append(event)
            self._q.put(event)

    def _second_pass(self, turn: Turn) -> None:
        if self._pool is None or self.accurate is None:
            return
        self.finals[turn.index] = self._pool.submit(self.accurate.transcribe, turn.audio, NO_HINTS)
