"""The caller's voice for the app: ``simulator.voices`` renders, ``simulator.audio`` plays.

:class:`SpeakingVoice` implements :class:`~simulator.tui.ports.CallerVoice` over any output with the
player's calls (``play``/``cut``/``stop``/``set_bed``/``close``): the sounddevice
:class:`~simulator.audio.output.Player` (recording the caller channel to ``caller.wav``) or, for
tests and device-less machines, :class:`~simulator.audio.sink.WavSink` on the call clock. One daemon
worker thread opens the device, renders lines (voice cache first) and queues them; another renders
the scenario's lines ahead of the call — pausing between lines while a line to be said now is being
rendered and while the trainee speaks and is being recognised
(:meth:`SpeakingVoice.trainee_speaking`): on two cores a render ahead beside them made every turn
4–6 s late and a caller's line up to 10 s late on a fresh install (empty voice cache). ``stop()``
silences the output at once and drops lines still being rendered. :func:`open_voice` picks the
engines from the settings and falls back to :class:`~simulator.tui.ports.SilentVoice` — with the
reason — when nothing can speak here.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.scenario.model import Scenario
from simulator.tui.clock import CallClock
from simulator.tui.ports import CallerVoice, LineToSay, PlayedCallback, SilentVoice, lower_priority
from simulator.tui.store.settings import Settings

TONE_RATE = 16000
MAX_YIELD = 20.0  # seconds the render ahead waits for the trainee at most (a turn never reported)
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
        self._cv = threading.Condition()  # guards the two below; notified when either drops
        self._speaking = False  # the trainee speaks or is being recognised
        self._urgent = 0  # lines to say now not rendered yet
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
        def warm() -> None:
            lower_priority()
            for item in lines:
                self._make_way()
                if self._closed:
                    return
                try:
                    self.voices.render(item.text, item.persona, item.mood, noise=item.noise,
                                       effect=self.effect)
                except Exception:  # best effort; the line is rendered again when said
                    continue
        threading.Thread(target=warm, name="caller-voice-prepare", daemon=True).start()

    def _make_way(self) -> None:
        """Wait (at most :data:`MAX_YIELD` s) until no line is wanted now and the trainee is done."""
        end = time.monotonic() + MAX_YIELD
        with self._cv:
            while (self._speaking or self._urgent) and not self._closed:
                left = end - time.monotonic()
                if left <= 0 or not self._cv.wait(left):
                    break

    def trainee_speaking(self, on: bool) -> None:
        with self._cv:
            self._speaking = on
            self._cv.notify_all()

    def _urgent_done(self) -> None:
        with self._cv:
            self._urgent -= 1
            self._cv.notify_all()

    def ring(self, on: bool) -> None:
        self._submit(lambda: self._bed(ring_tone() if on else None))

    def hold_music(self, on: bool) -> None:
        self._submit(lambda: self._bed(hold_music() if on else None))

    def _bed(self, samples: Any) -> None:
        with self._lock:
            self.out.set_bed(samples, TONE_RATE) if samples is not None else self.out.set_bed(None)

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        gen = self._gen
        with self._cv:
            self._urgent += 1

        def speak() -> None:
            # Cached in another mood beats synthesising now (the caller would start late).
            try:
                rendered = self.voices.render(item.text, item.persona, item.mood, noise=item.noise,
                                              effect=self.effect, near_mood=True)
            except Exception:
                on_played(item.line, -1.0, -1.0)  # it will never sound: the call goes on
                raise
            finally:
                self._urgent_done()
            if gen != self._gen:
                on_played(item.line, -1.0, -1.0)
                return  # stopped while rendering
            audio = rendered.audio

            def started(_line: int | None, start: float, end: float) -> None:
                on_played(item.line, self.to_call(start), self.to_call(end))

            with self._lock:
                self.out.play(audio.samples, audio.rate, line=item.line, on_start=started)
            self.name = f"{rendered.engine}（{rendered.voice}）" if rendered.engine else self.name

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
        with self._cv:
            self._cv.notify_all()
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
