"""The trainee's ear for the app: a ``simulator.hearing`` Listener behind :class:`OperatorEar`.

:class:`ListeningEar` builds the listener on its own daemon thread (loading a recogniser model can
take seconds), starts it with the call time of the first sample, then forwards what it hears to
the :class:`~simulator.call.ports.EarSink`: the level (dBFS → 0–1) about 20 times a second, partial
words, speech start, barge-in, finished turns, and a lost input. The expected phrases for the
recogniser are plain data the call runtime computes whenever the call moves on (:meth:`follow`,
:func:`simulator.hearing.hints.hints_at`): the ear never sees the engine. :func:`open_ear` checks
the model and the microphone first and falls back to :class:`~simulator.call.ports.NoEar` — with
the reason — when either is missing.

The ear starts with the ring: the input is opened first and captures from then on, and only then
is the recogniser warmed (a model load takes seconds on a busy machine, the first time in a
session), so a greeting said the moment the trainee answers waits in the input's queue instead of
being lost. A turn begun during the ring is still not an answer (the session drops it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.call.clock import CallClock
from simulator.call.ports import EarSink, NoEar, OperatorEar, lower_priority
from simulator.scenario.model import Scenario
from simulator.tui.store.settings import Settings

LEVEL_EVERY = 0.05  # seconds between level reports
BEHIND_ON = 30  # chunks (about 1 s) captured and not heard yet: the trainee may be speaking
BEHIND_OFF = 8
FLOOR_DB = -60.0


def yielding(work: Callable[[], None]) -> None:
    """Run ``work`` on a thread of its own at the lower priority (:func:`lower_priority`), and
    wait: the threads it starts — a recogniser's compute pool — inherit that priority, this thread
    keeps its own (a process cannot raise its priority again once lowered)."""
    failed: list[BaseException] = []

    def run() -> None:
        lower_priority()
        try:
            work()
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=run, name="ear-load", daemon=True)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def level01(dbfs: float) -> float:
    return max(0.0, min(1.0, (dbfs - FLOOR_DB) / -FLOOR_DB))


class ListeningEar:
    def __init__(self, build: Callable[[Callable[[], Any]], Any], now: Callable[[], float],
                 name: str, clock: CallClock | None = None, stepped: bool = False,
                 warm: Callable[[], None] | None = None) -> None:
        """``build(hints)`` makes the Listener (on the ear's thread); ``now`` reads the call clock;
        ``clock``: a turn's times are read off the clock at the moment the audio was captured, and
        a caller line's call times are placed in the input stream where they sounded — call time
        holds while a caller line is owed, so the stream's own count runs ahead of it (without a
        clock, the stream's count from the start is taken as call time). ``stepped``: no thread of
        its own, the driver calls :meth:`pump` (a driver that paces the input itself). ``warm()``
        loads the recogniser, after the input is open (``build`` only makes the objects)."""
        self.build, self.now, self.name = build, now, name
        self.clock = clock
        self.stepped = stepped
        self.warm = warm
        self._sink: EarSink | None = None
        self._wall0 = 0.0
        self._last_level = 0.0
        self._he: Any = None
        self._origin = 0.0  # the call time the listener started at
        self.reason = ""
        self.listener: Any = None
        self._hints: Any = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._early: list[Callable[[Any], None]] = []  # caller lines reported before the listener ran
        self._early_lock = threading.Lock()
        self._heard: float | None = None  # call time heard up to (see heard_until)

    def _current_hints(self) -> Any:
        if self._hints is None:
            from simulator.hearing.hints import NO_HINTS

            return NO_HINTS
        return self._hints

    def start(self, sink: EarSink, offset: float) -> None:
        """Start listening: on the ear's own thread, or (``stepped``) here, and then the driver
        calls :meth:`pump` after each step of a paced input (``hotline play --live --fast``)."""
        self._sink = sink
        if self.stepped:
            self._open(sink)
            return
        self._thread = threading.Thread(target=self._run, args=(sink,), name="operator-ear", daemon=True)
        self._thread.start()

    def _run(self, sink: EarSink) -> None:
        # This thread and the listener's own (the VAD) keep the usual priority: noticing that the
        # trainee speaks must not wait behind other work, or a busy machine runs out the caller's
        # silence timer while the trainee talks. Decoding yields (its threads lower their own).
        if not self._open(sink):
            return
        lis, behind = self.listener, False  # behind: audio not heard yet is not silence
        while not self._stop.is_set():
            mark = lis.heard_to
            event = lis.get(LEVEL_EVERY)
            if event is None:  # everything heard up to ``mark`` has been reported
                self._heard = self._call(mark)
            backlog = lis.source.backlog()
            if not behind and backlog >= BEHIND_ON:
                behind = True
                sink.speaking(True)
            elif behind and backlog <= BEHIND_OFF and not lis.assembler.active:
                behind = False
                sink.speaking(False)
            if event is not None and not self._stop.is_set():
                if not self._handle(event, sink):
                    return
                if behind and isinstance(event, self._he.Turn | self._he.Unheard | self._he.Backchannel
                                         | self._he.Echo):
                    sink.speaking(True)  # more audio waits to be heard: still not the trainee's silence
            self._level(sink)

    def _open(self, sink: EarSink) -> bool:
        """Build and start the listener; False (the sink told) when that failed."""
        from simulator.hearing import events as he

        self._he = he
        try:
            self.listener = self.build(self._current_hints)
            if self._stop.is_set():
                return False
            self._origin = self.now()
            # the reading of the call clock's own source when the stream starts: a turn's stream
            # time maps to that source (the real one, or a fake clock's in ``hotline play --fast``)
            self._wall0 = self.clock.source() if self.clock is not None else 0.0
            opened = time.monotonic()
            self.listener.source.start()  # capturing from now: the model loads meanwhile
            if self.warm is not None:
                yielding(self.warm)  # the model's compute threads start at the lower priority
            if self._stop.is_set():
                return False
            self.listener.start(offset=self._origin, opened=opened)
        except Exception as exc:  # no device, model error: typed replies
            self.reason = getattr(exc, "message", None) or str(exc)
            sink.failed(self.reason)
            return False
        finally:
            with self._early_lock:
                self._ready.set()
                early, self._early = self._early, []
        for tell in early:  # a caller line that began while the model loaded: barge-in and echo need it
            tell(self.listener)
        return True

    def _handle(self, event: Any, sink: EarSink) -> bool:
        """Report one listener event to the sink; False when the input is lost."""
        he = self._he
        if isinstance(event, he.Turn):
            sink.turn(self._call(event.t), self._call(event.end), event.text, event.confidence)
        elif isinstance(event, he.Partial):
            sink.partial(event.text)
        elif isinstance(event, he.SpeechStarted):
            sink.speaking(True)
        elif isinstance(event, he.Unheard | he.Backchannel):
            sink.speaking(False)
        elif isinstance(event, he.Echo):
            sink.speaking(False)
            sink.echo(event.text)
        elif isinstance(event, he.BargeIn):
            sink.barge_in(event.line)
        elif isinstance(event, he.InputLost):
            self.reason = event.message
            sink.failed(event.message)
            return False
        return True

    def _level(self, sink: EarSink) -> None:
        level = self.listener.level
        if level != self._last_level:
            self._last_level = level
            sink.level(level01(level))

    def pump(self) -> bool:
        """(Stepped mode, see :meth:`start`) report every event the listener has queued, on the
        caller's thread; False once the input is lost."""
        if self.listener is None or self._sink is None:
            return False
        while (event := self.listener.get(0)) is not None:
            if not self._handle(event, self._sink):
                return False
        self._level(self._sink)
        return True

    def _call(self, t: float) -> float:
        """A time of the listener's stream as call time (see ``clock``)."""
        if self.clock is None or self.listener is None:
            return t
        return self.clock.call_time(self._wall0 + (t - self._origin))

    def _stream(self, t: float) -> float:
        """A call time as a time of the listener's stream (the inverse of :meth:`_call`)."""
        if self.clock is None or self.listener is None:
            return t
        return self._origin + (self.clock.mono_at(t) - self._wall0)

    def heard_until(self) -> float | None:
        """See :meth:`OperatorEar.heard_until`: None until the listener runs, once the input is
        lost or stopped, when the driver paces the input itself (``stepped``) and for an input
        that is not a continuous stream (:attr:`AudioSource.continuous`)."""
        if self.stepped or self._heard is None or self._stop.is_set() or self.reason:
            return None
        if not self.listener.source.continuous:
            return None  # fed turn by turn: between turns there is nothing to listen to
        thread = self._thread
        return self._heard if thread is not None and thread.is_alive() else None

    def wait_ready(self, timeout: float) -> bool:
        """Block until the listener runs (or failed to start); False after ``timeout`` seconds."""
        return self._ready.wait(timeout)

    def follow(self, hints: Any) -> None:
        self._hints = hints

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        self._tell(lambda lis: lis.caller_line(line, self._stream(t), self._stream(t) + (end - t), text))

    def caller_audio(self, line: int, samples: Any, rate: int) -> None:
        """The sound of a caller line as it starts to play (the voice's ``on_audio``): without a
        headset its echo is told by its sound."""
        self._tell(lambda lis: lis.caller_audio(line, samples, rate))

    def caller_cut(self, line: int, t: float) -> None:
        self._tell(lambda lis: lis.caller_cut(line, self._stream(t)))

    def _tell(self, tell: Callable[[Any], None]) -> None:
        with self._early_lock:
            if not self._ready.is_set():
                self._early.append(tell)
                return
        if self.listener is not None:
            tell(self.listener)

    def annotate(self, record: dict[str, Any], timeout: float) -> dict[str, Any]:
        if self.listener is None:
            return record
        return dict(self.listener.annotate(record, timeout))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=0.5)
        if self.listener is not None:
            self.listener.stop()


def open_ear(settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> OperatorEar:
    """The microphone and a recogniser, else typed replies with the reason."""
    try:
        from simulator.hearing.capture import MicSource, find_input, sounddevice
        from simulator.hearing.config import load_config
        from simulator.hearing.listener import Listener
        from simulator.hearing.recognisers import make
    except ImportError as exc:
        return NoEar(f"语音识别部分没有安装（{exc}）")
    try:
        cfg = load_config()
        name = settings.recogniser if settings.recogniser != "auto" else cfg.recogniser
        recogniser = make(name, cfg)
        if recogniser.name == "whisper" and not (cfg.whisper_path() / "model.bin").is_file():
            return NoEar("没有安装 Whisper 模型（运行 hotline models install）")
        if recogniser.name == "vosk" and not (cfg.vosk_path() / "am").is_dir():
            return NoEar("没有安装 vosk 中文模型（hotline models fetch vosk-cn-small）")
        device = settings.input_device or cfg.device
        find_input(sounddevice(), device)
        from simulator.hearing import pulse

        choice = pulse.choose(explicit=bool(device))  # a monitor source is not a microphone
        if choice.reason:
            return NoEar(choice.reason)
        pulse.listen_to(choice)
        accurate = make("whisper", cfg) if cfg.accurate == "whisper" and recogniser.name != "whisper" \
            and (cfg.whisper_path() / "model.bin").is_file() else None
    except Exception as exc:  # HotlineError with a message, or a PortAudio error
        return NoEar(getattr(exc, "message", None) or str(exc))

    def build(hints: Callable[[], Any]) -> Any:
        source = MicSource(device=device, record_to=folder / "operator.wav")
        return Listener(source, recogniser, accurate=accurate, config=cfg, hints=hints)

    # The recogniser's name alone: the settings' longer description wraps in the call's side panel.
    name = {"vosk": "Vosk", "whisper": "Whisper"}.get(recogniser.name, "语音识别")
    return ListeningEar(build, clock.peek, f"麦克风 + {name}", clock=clock, warm=recogniser.load)
