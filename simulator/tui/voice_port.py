"""The caller's voice for the app: ``simulator.voices`` renders, ``simulator.audio`` plays.

:class:`SpeakingVoice` implements :class:`~simulator.call.ports.CallerVoice` over any output with the
player's calls (``play``/``cut``/``stop``/``set_bed``/``close``): the sounddevice
:class:`~simulator.audio.output.Player` (recording the caller channel to ``caller.wav``) or, for
tests and device-less machines, :class:`~simulator.audio.sink.WavSink` on the call clock. One daemon
worker thread opens the device, renders lines (voice cache first) and queues them; the scenario's
lines are rendered ahead by :mod:`simulator.call.render_ahead` (started at the brief, shared with the
call), which this voice tells when a line is wanted now, when the trainee speaks and which lines
come next. ``stop()`` silences the output at once and drops lines still being rendered.
:func:`open_voice` picks the engines from the settings and falls back to
:class:`~simulator.call.ports.SilentVoice` — with the reason — when nothing can speak here.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.call.clock import CallClock
from simulator.call.ports import CallerVoice, LineToSay, PlayedCallback, SilentVoice, lower_priority
from simulator.call.render_ahead import RenderAhead, render_ahead
from simulator.scenario.model import Scenario
from simulator.tui.store.settings import Settings

TONE_RATE = 16000
_voices: dict[tuple[str, str], Any] = {}
_voices_lock = threading.Lock()


def ring_tone() -> Any:
    """China's ring-back tone: 450 Hz, 1 s on, 4 s off (one 5 s period to loop)."""
    from simulator.voices.tones import ringback

    return ringback(TONE_RATE)


def hold_music() -> Any:
    from simulator.voices import tones

    return tones.hold_music(TONE_RATE)


def effect_for(settings: Settings, scenario: Scenario) -> str:
    """The scenario's own telephone effect (``caller.effect``), else the setting."""
    return scenario.caller.effect or ("phone" if settings.phone_effect else "none")


def planned_lines(scenario: Scenario) -> list[LineToSay]:
    """The lines ``hotline voices render`` renders for this scenario, in their nominal moods."""
    from simulator.voices.plan import scenario_lines

    return [LineToSay(-1, job.text, job.mood, job.persona, job.noise) for job in scenario_lines(scenario)]


def voices_for(settings: Settings) -> Any:
    """A shared :class:`simulator.voices.chain.Voices` for these settings (engines load lazily)."""
    from simulator.voices.chain import Voices, default_engines

    key = (settings.voice_engine, "phone" if settings.phone_effect else "none")
    with _voices_lock:
        if key not in _voices:
            engines = default_engines()
            if settings.voice_engine in ("edge", "kokoro", "espeak"):
                engines.sort(key=lambda e: e.name != settings.voice_engine)
            _voices[key] = Voices(engines, effect=key[1])
        return _voices[key]


class SpeakingVoice:
    reports_played = True

    def __init__(self, voices: Any, out: Any, *, to_call: Callable[[float], float], name: str,
                 effect: str | None = None, opener: Callable[[], object] | None = None) -> None:
        """``effect``: ``phone`` or ``none`` for every line (default: the voices' own)."""
        self.voices, self.out, self.to_call, self.name = voices, out, to_call, name
        self.effect = effect
        self.reason = ""
        self._gen = 0
        self._lock = threading.Lock()
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._closed = False
        self.ahead: RenderAhead | None = None
        # told the sound of each line as it starts to play (the ear tells the caller's echo by it)
        self.on_audio: Callable[[int, Any, int], None] | None = None
        threading.Thread(target=self._work, name="caller-voice", daemon=True).start()
        if opener is not None:
            self._jobs.put(self._guard(opener))

    # ------------------------------------------------------------------ worker
    def _work(self) -> None:
        lower_priority()  # synthesis (and the engine's own threads) yield the CPU to the UI
        while (job := self._jobs.get()) is not None:
            job()

    def _guard(self, fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except Exception as exc:  # no device, no engine: the call goes on as text
                self.reason = getattr(exc, "message", None) or str(exc)
        return run

    def _submit(self, fn: Callable[[], None]) -> None:
        if not self._closed:
            self._jobs.put(self._guard(fn))

    # ------------------------------------------------------------------ CallerVoice
    def prepare(self, lines: list[LineToSay]) -> None:
        self.ahead = render_ahead(self.voices, lines, self.effect)

    def trainee_speaking(self, on: bool) -> None:
        if self.ahead is not None:
            self.ahead.trainee_speaking(on)

    def upcoming(self, texts: set[str]) -> None:
        if self.ahead is not None:
            self.ahead.follow(texts)

    def ring(self, on: bool) -> None:
        self._submit(lambda: self._bed(ring_tone() if on else None))

    def hold_music(self, on: bool) -> None:
        self._submit(lambda: self._bed(hold_music() if on else None))

    def _bed(self, samples: Any) -> None:
        with self._lock:
            self.out.set_bed(samples, TONE_RATE) if samples is not None else self.out.set_bed(None)

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        gen = self._gen
        ahead = self.ahead
        if ahead is not None:
            ahead.urgent(True)  # the render ahead waits from now until this line is rendered

        def speak() -> None:
            # Cached in another mood beats synthesising now (the caller would start late).
            try:
                rendered = self.voices.render(item.text, item.persona, item.mood, noise=item.noise,
                                              effect=self.effect, near_mood=True)
            except Exception:
                on_played(item.line, -1.0, -1.0)  # it will never sound: the call goes on
                raise
            finally:
                if ahead is not None:
                    ahead.urgent(False)
            if gen != self._gen:
                on_played(item.line, -1.0, -1.0)
                return  # stopped while rendering
            audio = rendered.audio

            def started(_line: int | None, start: float, end: float) -> None:
                # the length as played: while the call clock holds for this line, its end
                # read on the clock would be the start
                at = self.to_call(start)
                if self.on_audio is not None:
                    self.on_audio(item.line, audio.samples, audio.rate)
                on_played(item.line, at, at + max(0.0, end - start))

            with self._lock:
                self.out.play(audio.samples, audio.rate, line=item.line, on_start=started)
            self.name = engine_name(rendered.engine) if rendered.engine else self.name

        self._submit(speak)

    def cut(self, line: int) -> None:
        with self._lock:
            self.out.cut(line)

    def stop(self) -> None:
        self._gen += 1
        with self._lock:
            self.out.stop()

    def close(self) -> None:
        if self._closed:
            return
        self.stop()
        self._closed = True
        self.trainee_speaking(False)
        self._jobs.put(None)
        with self._lock:
            self.out.close()


def open_voice(settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> CallerVoice:
    """The voice for one call: the sound device, else text only with the reason."""
    try:
        from simulator.audio.output import Player
    except ImportError as exc:
        return SilentVoice(f"音频模块不可用：{exc}")
    try:
        voices = voices_for(settings)
    except Exception as exc:  # a broken personas file, a missing extra
        return SilentVoice(f"来电者声音不可用：{getattr(exc, 'message', exc)}")
    player = Player(device=settings.output_device or None, record=folder / "caller.wav")
    return SpeakingVoice(voices, player, to_call=clock.call_time, name="扬声器",
                         effect=effect_for(settings, scenario), opener=player.open)


def engine_name(engine: str) -> str:
    """The voice engine in words (Kokoro 离线语音), not its id and voice id (kokoro（zm_yunjian）)."""
    from simulator.tui.store.settings import VOICE_ENGINES

    return VOICE_ENGINES.get(engine, "合成语音")
