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
OWED_WAIT = 600.0  # (fast) real seconds a caller line may take to render before the call goes on


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
            continuous = True  # silence pushed between lines, in real time

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


class SteppedFeed:
    """A file-backed microphone paced by the driver (``--fast``): one 30 ms chunk per :meth:`step`.

    The driver advances a fake call clock by one chunk, pushes the chunk and waits until the
    listener has *finished* with it (it asks for the next one), so the recogniser sees the same
    stream a sound card would give, only as fast as the machine can hear it: silence takes next to
    nothing, speech takes what recognising it takes. Recognition never lags the call clock here; a
    real-time run (:class:`SpeechFeed`) is the check that this does not change a call.
    """

    CHUNK = SpeechFeed.CHUNK
    STEP = CHUNK / 16000  # seconds of audio a step
    WAIT = 600.0  # real seconds a chunk may take to be heard (a long decode on a busy machine)

    def __init__(self, record_to: Path | None = None) -> None:
        from simulator.hearing.source import AudioSource

        feed = self

        class _Source(AudioSource):
            name = "speech-feed"

            def _start(self) -> None:
                feed._wall0 = time.monotonic()

            def _stop(self) -> None:
                with feed._cond:
                    feed._stopped = True
                    feed._cond.notify_all()

            def read(self, timeout: float | None = None) -> Any:
                with feed._cond:  # asking for the next chunk: every one before it was heard
                    feed._heard = feed._taken
                    feed._cond.notify_all()
                chunk = super().read(timeout)
                if chunk is not None:
                    with feed._cond:
                        feed._taken += 1
                return chunk

        self.source = _Source(record_to)
        self._pending = bytearray()
        self._cond = threading.Condition()
        self._pushed = self._taken = self._heard = 0
        self._stopped = False
        self._wall0 = 0.0

    def say(self, pcm: bytes) -> float:
        """Queue ``pcm`` (16 kHz mono int16) after the speech still to be fed; its length (s)."""
        self._pending.extend(pcm)
        return len(pcm) / 32000

    def busy(self) -> bool:
        return bool(self._pending)

    def step(self, alive: Callable[[], bool] = lambda: True) -> bool:
        """Feed the next chunk and wait until the listener heard it; False if it stopped."""
        size = self.CHUNK * 2
        chunk = bytes(self._pending[:size])
        del self._pending[:size]
        chunk += b"\0" * (size - len(chunk))
        self._pushed += 1
        self.source.push(chunk, wall=self._wall0 + self._pushed * self.STEP)
        deadline = time.monotonic() + self.WAIT
        with self._cond:
            while self._heard < self._pushed and not self._stopped:
                if not alive() or time.monotonic() > deadline:
                    return False
                self._cond.wait(0.05)
        return not self._stopped


def _pcm16(samples: Any, rate: int, tempo: float = 1.0) -> bytes:
    from simulator.audio.extras import numpy
    from simulator.audio.resample import resample
    from simulator.audio.tempo import stretch

    np = numpy()
    x = resample(samples, rate, 16000)
    x = close_gaps(stretch(x, 16000, tempo) if tempo != 1.0 else x, 16000)
    return bytes((np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes())


MAX_GAP = 0.15  # seconds: the longest pause inside one spoken line


def close_gaps(x: Any, rate: int, longest: float = MAX_GAP, floor_db: float = -40.0) -> Any:
    """``x`` with every pause inside it shortened to ``longest`` seconds.

    A script line is one utterance: the operator says it in one go, as simulated play times it.
    Kokoro synthesises a line sentence by sentence and leaves each sentence's own silence in (about
    1.9 s between two sentences at the operator's pace), which the recogniser's turn detection
    rightly takes for the end of a turn: the line was heard as two replies, the caller answered the
    first while the "operator" went on, and the live call got INT001 (talking over the caller) where
    the simulated one had none. A fluent reader's pauses inside a line are short."""
    from simulator.audio.extras import numpy

    np = numpy()
    frame = max(1, rate // 100)
    n = len(x) // frame
    if n == 0:
        return x
    y = np.asarray(x[: n * frame], dtype=np.float32).reshape(n, frame)
    rms = np.sqrt(np.mean(y**2, axis=1) + 1e-12)
    quiet = 20 * np.log10(rms / (rms.max() + 1e-12)) <= floor_db
    keep = max(1, round(longest * rate / frame))
    parts: list[Any] = []
    i = 0
    while i < n:
        j = i
        while j < n and quiet[j] == quiet[i]:
            j += 1
        if quiet[i] and i > 0 and j < n and j - i > keep:  # a pause inside the speech
            parts.append(x[i * frame: (i + keep) * frame])
        else:
            parts.append(x[i * frame: j * frame])
        i = j
    parts.append(x[n * frame:])
    return np.concatenate(parts)


def render_replies(script: Script, persona: str,
                   say: Callable[[str], None] = lambda _m: None) -> dict[str, bytes]:
    """Every line the script says, in ``persona``'s voice, as 16 kHz PCM (before the call).

    ``persona`` is a voice persona id, optionally with a speaking-rate change in percent:
    ``m-adult-mandarin@-30`` is that persona 30 % slower. The lines go through the voice cache, so
    a rerun renders nothing."""
    voices = _operator_voices(persona)
    texts = [s.text for s in script.actions if s.kind == "say"]
    out: dict[str, bytes] = {}
    for i, text in enumerate(dict.fromkeys(texts), 1):
        say(f"合成话务员语音 {i}/{len(set(texts))}：{text[:20]}")
        rendered = voices.render(text, voices.persona, "calm", effect="none")
        out[text] = _pcm16(rendered.audio.samples, rendered.audio.rate, voices.tempo)
    return out


ENGINE_SLOWEST = -10  # percent: the slowest rate asked of the synthesiser itself (see tempo)


def split_rate(change: int) -> tuple[int, float]:
    """A speaking-rate change in percent as (the synthesiser's rate, the time stretch on top).

    Kokoro slowed below about 10 % adds a short vocal onset before each sentence, which whisper
    hears as an extra syllable (您好 → 一年好: the greeting was missed, OPN001); so the voice
    renders at most 10 % slower and the rest is a pitch-keeping time stretch
    (:func:`simulator.audio.tempo.stretch`). ``-30`` → (-10, 1.29): the pace of speed 0.7."""
    engine = max(change, ENGINE_SLOWEST)
    target = max(0.5, 1.0 + change / 100.0)
    return engine, (1.0 + engine / 100.0) / target


_operators: dict[str, Any] = {}


def _operator_voices(spec: str) -> Any:
    """The voice chain speaking as ``spec`` (``PERSONA`` or ``PERSONA@RATE``), the shared cache."""
    from dataclasses import replace

    from simulator.errors import HotlineError
    from simulator.voices import default_voices
    from simulator.voices.base import Prosody
    from simulator.voices.chain import Voices

    if spec in _operators:
        return _operators[spec]
    persona, _, rate = spec.partition("@")
    try:
        change = int(rate) if rate else 0
    except ValueError:
        raise HotlineError(f"话务员声音 {spec} 的语速写法不对",
                           hint="写成 角色@百分比，如 m-adult-mandarin@-30") from None
    shared = default_voices()

    engine_rate, tempo = split_rate(change)

    class Operator(Voices):
        def speaker(self, who: str) -> Any:
            sp = super().speaker(persona)
            return replace(sp, prosody=sp.prosody + Prosody(rate=engine_rate))

    voices = Operator(shared.engines, shared.cache, effect="none", book=shared.book)
    voices.persona = persona  # type: ignore[attr-defined]
    voices.tempo = tempo  # type: ignore[attr-defined]
    voices.speaker(persona)  # an unknown persona is said now, before the call
    _operators[spec] = voices
    return voices


def _voice(scenario: Scenario, session_clock: Any, out: Path | None, settings: Any, *,
           fast: bool = False) -> Any:
    from simulator.tui.voice_port import SpeakingVoice, effect_for, planned_lines, voices_for

    voices = voices_for(settings)
    effect = effect_for(settings, scenario)
    if out is not None or fast:
        from simulator.audio.sink import WavSink

        sink = WavSink(out, rate=16000, clock=session_clock.peek)
        name = f"WAV 文件 {out.name}" if out is not None else "不播放（快速）"
        voice = SpeakingVoice(voices, sink, to_call=lambda t: t, name=name, effect=effect)
    else:
        from simulator.audio.output import Player

        player = Player(device=settings.output_device or None)
        voice = SpeakingVoice(voices, player, to_call=session_clock.call_time, name="扬声器", effect=effect,
                              opener=player.open)
    if not fast:  # fast: a line is rendered when it is said (the call stands still meanwhile)
        voice.prepare(planned_lines(scenario))
    return voice


def _ear(scenario: Scenario, clock: Any, feed: SpeechFeed | SteppedFeed) -> Any:
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

    return ListeningEar(build, clock.peek, f"文件麦克风 + {recogniser.name}", clock=clock,
                        stepped=isinstance(feed, SteppedFeed))


def play_live(scenario: Scenario, script: Script, seed: int = 0, *, out: Path | None = None,
              speak_replies: str | None = None, echo: Callable[[str], None] = print,
              settings: Any = None, fast: bool = False) -> LiveResult:
    """Play ``script`` through the live runtime; ``echo`` prints the dialogue.

    In real time by default. ``fast``: on a fake call clock that the driver moves one 30 ms chunk
    of the file microphone at a time, waiting for the recogniser to hear each chunk and for each
    caller line to render before time goes on — the same voice, recogniser, session and record,
    as fast as the machine can hear (a silent stretch costs next to nothing)."""
    from simulator.call.clock import CallClock, FakeClock
    from simulator.call.ports import NoEar
    from simulator.tui.store.settings import load as load_settings

    settings = settings or load_settings()
    fake = FakeClock() if fast else None
    clock = CallClock(fake) if fake is not None else CallClock()
    frames: queue.Queue[fr.Frame] = queue.Queue()
    sink = fr.FrameSink(frames.put)
    feed: SpeechFeed | SteppedFeed | None = None
    replies: dict[str, bytes] = {}
    if speak_replies:
        replies = render_replies(script, speak_replies, echo)
        feed = SteppedFeed() if fast else SpeechFeed()
        ear: Any = _ear(scenario, clock, feed)
    else:
        ear = NoEar()
    voice = _voice(scenario, clock, out, settings, fast=fast)
    session = CallSession(scenario, seed, clock=clock, voice=voice, ear=ear, on_played=sink.played)

    def speak(text: str) -> float:
        assert feed is not None
        return feed.say(replies[text])

    hands = ScriptedHands(session, script, mode="spoken" if feed else "heard", speak=speak if feed else None)
    lines: list[str] = []
    notes: list[str] = []

    def apply(block: bool) -> None:
        while True:
            try:
                frame = frames.get(timeout=TICK) if block else frames.get_nowait()
            except queue.Empty:
                return
            block = False
            if isinstance(frame, fr.EarFailed):
                notes.append(f"识别停止：{frame.message}")
            session.feed(frame)

    def step() -> None:
        hands.poll()
        session.tick()
        for turn in session.drain():
            who = {"caller": "来电者：", "operator": "话务员："}.get(turn.who, "")
            line = f"[{turn.t:5.1f}s] {who}{turn.text}"
            lines.append(line)
            echo(line)

    if feed is not None:  # the listener runs before the phone rings: on a busy machine starting it
        ear.start(sink, 0.0)  # takes seconds, and the trainee's first words would be heard late
        ear.wait_ready(READY_WAIT)
    begun = time.monotonic()
    session.ring()
    if feed is None:
        ear.start(sink, clock.peek())
    try:
        if fake is not None:
            _run_fast(session, fake, feed if isinstance(feed, SteppedFeed) else None, ear, apply, step, notes)
        else:
            while not session.over and time.monotonic() - begun < CALL_LIMIT:
                apply(False)
                step()
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


def _run_fast(session: CallSession, fake: Any, feed: SteppedFeed | None, ear: Any,
              apply: Callable[[bool], None], step: Callable[[], None], notes: list[str]) -> None:
    """The fast loop: the call clock moves only a chunk at a time, after the ear heard it."""
    step_s = SteppedFeed.STEP
    calls = 0
    while not session.over and session.clock.peek() < CALL_LIMIT:
        apply(False)
        step()
        if session.over:
            return
        if session.owed:  # a caller line renders: the call stands still until it sounds
            apply(True)
            calls += 1
            if calls * TICK > OWED_WAIT:
                notes.append("来电者语音长时间没有合成出来，已放弃等待。")
                return
            continue
        calls = 0
        if feed is not None:
            if not feed.step(lambda: ear.listener is not None and not ear.listener.done.is_set()):
                notes.append("文件麦克风停止：识别没有跟上。")
                feed = None
            fake.advance(step_s)
            if feed is not None and not ear.pump():
                feed = None
        else:
            fake.advance(step_s)
