"""``hotline play ID --script S --live``: a scripted call through the real runtime, in real time.

The same :class:`~simulator.call.session.CallSession` as the training app, on the real clock,
with the real caller voice (the voice chain: cache, Kokoro, espeak …) to the speakers or, with
``out``, into a WAV file. An empty or partial voice cache is fine: lines are rendered as needed
(and ahead), and call time holds while a line is owed.

The script's trainee is :class:`~simulator.call.hands.ScriptedHands`. Without ``speak_replies``
each line is taken as heard (its spoken length on the clock); with ``speak_replies=PERSONA`` the
line is synthesised with that persona's voice and played into a file-backed microphone
(:class:`SpeechFeed`, paced in real time) that the real recogniser (the hearing config's, Whisper
by default) listens to, so the whole chain voice → recognition → engine → record → grade runs
without a person. Trainers can show a class a model call with it.

Heavy parts (voices, audio, recognisers) are imported here lazily; :mod:`simulator.play` itself
stays headless.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.call import frames as fr
from simulator.call.hands import ScriptedHands
from simulator.call.session import CallSession
from simulator.play.script import Script
from simulator.scenario.model import Scenario

TICK = 0.05
CALL_LIMIT = 1800.0  # real seconds a live call may take at most
ANNOTATE_TIMEOUT = 30.0
READY_WAIT = 120.0  # seconds the recogniser may take to start before the call goes on without it


@dataclass
class LiveResult:
    record: dict[str, Any]
    lines: list[str]
    notes: list[str] = field(default_factory=list)
    voice: str = ""
    ear: str = ""
    wall: float = 0.0


class SpeechFeed:
    """A file-backed microphone in real time: silence, and the operator's speech when said.

    A daemon thread pushes 30 ms of 16 kHz PCM every 30 ms into an
    :class:`~simulator.hearing.source.AudioSource` (so the listener's VAD and recogniser see the
    stream a sound card would give); :meth:`say` queues speech after whatever is still playing.
    """

    CHUNK = 480  # samples (30 ms)

    def __init__(self, record_to: Path | None = None) -> None:
        from simulator.hearing.source import AudioSource

        feed = self

        class _Source(AudioSource):
            name = "speech-feed"

            def _start(self) -> None:
                feed._begin()

            def _stop(self) -> None:
                feed._halt.set()

        self.source = _Source(record_to)
        self._pending = bytearray()
        self._lock = threading.Lock()
        self._halt = threading.Event()

    def say(self, pcm: bytes) -> float:
        """Queue ``pcm`` (16 kHz mono int16) after the speech still playing; its length (s)."""
        with self._lock:
            self._pending.extend(pcm)
        return len(pcm) / 32000

    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def _begin(self) -> None:
        threading.Thread(target=self._run, name="speech-feed", daemon=True).start()

    def _run(self) -> None:
        step = self.CHUNK * 2
        silence = b"\0" * step
        t0 = time.monotonic()
        n = 0
        while not self._halt.is_set():
            with self._lock:
                chunk = bytes(self._pending[:step])
                del self._pending[:step]
            chunk = chunk + silence[len(chunk):]
            self.source.push(chunk, wall=t0 + n * self.CHUNK / 16000)
            n += 1
            delay = t0 + n * self.CHUNK / 16000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)


def _pcm16(samples: Any, rate: int) -> bytes:
    from simulator.audio.extras import numpy
    from simulator.audio.resample import resample

    np = numpy()
    x = resample(samples, rate, 16000)
    return bytes((np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes())


def render_replies(script: Script, persona: str,
                   say: Callable[[str], None] = lambda _m: None) -> dict[str, bytes]:
    """Every line the script says, in ``persona``'s voice, as 16 kHz PCM (before the call)."""
    from simulator.voices import synthesize

    texts = [s.text for s in script.actions if s.kind == "say"]
    out: dict[str, bytes] = {}
    for i, text in enumerate(dict.fromkeys(texts), 1):
        say(f"合成话务员语音 {i}/{len(set(texts))}：{text[:20]}")
        samples, rate = synthesize(text, persona, effect="none", rate=16000)
        out[text] = _pcm16(samples, rate)
    return out


def _voice(scenario: Scenario, session_clock: Any, out: Path | None, settings: Any) -> Any:
    from simulator.tui.voice_port import SpeakingVoice, effect_for, planned_lines, voices_for

    voices = voices_for(settings)
    effect = effect_for(settings, scenario)
    if out is not None:
        from simulator.audio.sink import WavSink

        sink = WavSink(out, rate=16000, clock=session_clock.peek)
        voice = SpeakingVoice(voices, sink, to_call=lambda t: t, name=f"WAV 文件 {out.name}", effect=effect)
    else:
        from simulator.audio.output import Player

        player = Player(device=settings.output_device or None)
        voice = SpeakingVoice(voices, player, to_call=session_clock.call_time, name="扬声器", effect=effect,
                              opener=player.open)
    voice.prepare(planned_lines(scenario))
    return voice


def _ear(scenario: Scenario, clock: Any, feed: SpeechFeed) -> Any:
    from simulator.hearing.config import load_config
    from simulator.hearing.listener import Listener
    from simulator.hearing.recognisers import make
    from simulator.tui.ear_port import ListeningEar

    cfg = load_config()
    recogniser = make(cfg.recogniser, cfg)
    recogniser.load()  # before the phone rings: loading takes seconds, and the call would not wait

    def build(hints: Callable[[], Any]) -> Any:
        recogniser.load()
        return Listener(feed.source, recogniser, config=cfg, hints=hints)

    return ListeningEar(build, clock.peek, f"文件麦克风 + {recogniser.name}", clock=clock)


def play_live(scenario: Scenario, script: Script, seed: int = 0, *, out: Path | None = None,
              speak_replies: str | None = None, echo: Callable[[str], None] = print,
              settings: Any = None) -> LiveResult:
    """Play ``script`` in real time through the live runtime; ``echo`` prints the dialogue."""
    from simulator.call.clock import CallClock
    from simulator.call.ports import NoEar
    from simulator.tui.store.settings import load as load_settings

    settings = settings or load_settings()
    clock = CallClock()
    frames: queue.Queue[fr.Frame] = queue.Queue()
    sink = fr.FrameSink(frames.put)
    feed: SpeechFeed | None = None
    replies: dict[str, bytes] = {}
    if speak_replies:
        replies = render_replies(script, speak_replies, echo)
        feed = SpeechFeed()
        ear: Any = _ear(scenario, clock, feed)
    else:
        ear = NoEar()
    voice = _voice(scenario, clock, out, settings)
    session = CallSession(scenario, seed, clock=clock, voice=voice, ear=ear, on_played=sink.played)

    def speak(text: str) -> float:
        assert feed is not None
        return feed.say(replies[text])

    hands = ScriptedHands(session, script, mode="spoken" if feed else "heard", speak=speak if feed else None)
    lines: list[str] = []
    notes: list[str] = []
    if feed is not None:  # the listener runs before the phone rings: on a busy machine starting it
        ear.start(sink, 0.0)  # takes seconds, and the trainee's first words would be heard late
        ear.wait_ready(READY_WAIT)
    begun = time.monotonic()
    session.ring()
    if feed is None:
        ear.start(sink, clock.peek())
    try:
        while not session.over and time.monotonic() - begun < CALL_LIMIT:
            while True:
                try:
                    frame = frames.get_nowait()
                except queue.Empty:
                    break
                if isinstance(frame, fr.EarFailed):
                    notes.append(f"识别停止：{frame.message}")
                session.feed(frame)
            hands.poll()
            session.tick()
            for turn in session.drain():
                who = {"caller": "来电者：", "operator": "话务员："}.get(turn.who, "")
                line = f"[{turn.t:5.1f}s] {who}{turn.text}"
                lines.append(line)
                echo(line)
            time.sleep(TICK)
        if not session.over:
            notes.append(f"通话超过 {CALL_LIMIT:.0f} 秒仍未结束，已挂断。")
            session.abort()
    finally:
        voice.close()
        ear.stop()
    record = session.record()
    try:
        record = ear.annotate(record, ANNOTATE_TIMEOUT)
    except Exception as exc:  # the second pass is an extra: the record stands without it
        notes.append(f"二次识别未完成：{exc}")
    notes.extend(hands.notes)
    return LiveResult(record, lines, notes, voice.name, ear.name, time.monotonic() - begun)
