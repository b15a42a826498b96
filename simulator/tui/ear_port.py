"""The trainee's ear for the app: a ``simulator.hearing`` Listener behind :class:`OperatorEar`.

:class:`ListeningEar` builds the listener on its own daemon thread (loading a recogniser model can
take seconds), starts it with the call time of the first sample, then forwards what it hears to
the :class:`~simulator.call.ports.EarSink`: the level (dBFS → 0–1) about 20 times a second, partial
words, speech start, barge-in, finished turns, and a lost input. The expected phrases for the
recogniser come from :func:`simulator.hearing.hints.hints_for`, computed on the UI thread whenever
the engine moves (:meth:`follow`). :func:`open_ear` checks the model and the microphone first and
falls back to :class:`~simulator.call.ports.NoEar` — with the reason — when either is missing.
"""

from __future__ import annotations

import threading
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


def level01(dbfs: float) -> float:
    return max(0.0, min(1.0, (dbfs - FLOOR_DB) / -FLOOR_DB))


class ListeningEar:
    def __init__(self, build: Callable[[Callable[[], Any]], Any], now: Callable[[], float],
                 name: str, clock: CallClock | None = None) -> None:
        """``build(hints)`` makes the Listener (on the ear's thread); ``now`` reads the call clock;
        ``clock``: a turn's times are read off the clock at the moment the audio was captured, and
        a caller line's call times are placed in the input stream where they sounded — call time
        holds while a caller line is owed, so the stream's own count runs ahead of it (without a
        clock, the stream's count from the start is taken as call time)."""
        self.build, self.now, self.name = build, now, name
        self.clock = clock
        self._origin = 0.0  # the call time the listener started at
        self.reason = ""
        self.listener: Any = None
        self._hints: Any = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._early: list[Callable[[Any], None]] = []  # caller lines reported before the listener ran
        self._early_lock = threading.Lock()

    def _current_hints(self) -> Any:
        if self._hints is None:
            from simulator.hearing.hints import NO_HINTS

            return NO_HINTS
        return self._hints

    def start(self, sink: EarSink, offset: float) -> None:
        self._thread = threading.Thread(target=self._run, args=(sink,), name="operator-ear", daemon=True)
        self._thread.start()

    def _run(self, sink: EarSink) -> None:
        from simulator.hearing import events as he

        lower_priority()  # the listener, the recogniser and its threads start from here
        try:
            self.listener = self.build(self._current_hints)
            if self._stop.is_set():
                return
            self._origin = self.now()
            self.listener.start(offset=self._origin)
        except Exception as exc:  # no device, model error: typed replies
            self.reason = getattr(exc, "message", None) or str(exc)
            sink.failed(self.reason)
            return
        finally:
            with self._early_lock:
                self._ready.set()
                early, self._early = self._early, []
        for tell in early:  # a caller line that began while the model loaded: barge-in and echo need it
            tell(self.listener)
        lis, last_level = self.listener, 0.0
        behind = False  # the listener has audio it has not heard yet: that is not silence
        while not self._stop.is_set():
            event = lis.get(LEVEL_EVERY)
            backlog = lis.source.backlog()
            if not behind and backlog >= BEHIND_ON:
                behind = True
                sink.speaking(True)
            elif behind and backlog <= BEHIND_OFF and not lis.assembler.active:
                behind = False
                sink.speaking(False)
            if event is None or self._stop.is_set():
                pass
            elif isinstance(event, he.Turn):
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
                return
            if behind and isinstance(event, he.Turn | he.Unheard | he.Backchannel | he.Echo):
                sink.speaking(True)  # more audio waits to be heard: still not the trainee's silence
            level = lis.level
            if level != last_level:
                last_level = level
                sink.level(level01(level))

    def _call(self, t: float) -> float:
        """A time of the listener's stream as call time (see ``clock``)."""
        if self.clock is None or self.listener is None:
            return t
        return self.clock.call_time(self.listener._started_wall + (t - self._origin))

    def _stream(self, t: float) -> float:
        """A call time as a time of the listener's stream (the inverse of :meth:`_call`)."""
        if self.clock is None or self.listener is None:
            return t
        return self._origin + (self.clock.mono_at(t) - self.listener._started_wall)

    def wait_ready(self, timeout: float) -> bool:
        """Block until the listener runs (or failed to start); False after ``timeout`` seconds."""
        return self._ready.wait(timeout)

    def follow(self, engine: Any) -> None:
        from simulator.hearing.hints import hints_for

        self._hints = hints_for(engine)

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        self._tell(lambda lis: lis.caller_line(line, self._stream(t), self._stream(t) + (end - t), text))

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
        recogniser.load()
        source = MicSource(device=device, record_to=folder / "operator.wav")
        return Listener(source, recogniser, accurate=accurate, config=cfg, hints=hints)

    # The recogniser's name alone: the settings' longer description wraps in the call's side panel.
    name = {"vosk": "Vosk", "whisper": "Whisper"}.get(recogniser.name, "语音识别")
    return ListeningEar(build, clock.peek, f"麦克风 + {name}", clock=clock)
