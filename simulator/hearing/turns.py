"""Turn assembly: audio chunks → VAD → recogniser → the operator's turns, barge-ins and backchannels.

:class:`TurnAssembler` is fed :class:`~simulator.hearing.source.Chunk` s (stream time) and returns
the events they caused (:mod:`simulator.hearing.events`). It is synchronous: the listener thread
(:mod:`simulator.hearing.listener`) drives it; tests and ``hotline transcribe`` feed it directly.

* A turn starts when the VAD hears voice (the 0.3 s before it are kept as pre-roll). A streaming
  recogniser is fed as the operator speaks and its partial results are reported.
* After ``early_silence`` the turn is closed early if the words so far already fire one of the
  current node's ``act`` transitions (:meth:`Hints.decides`): the partial result for a streaming
  recogniser, a speculative decode of the audio so far (started at the pause, on a worker thread)
  for a whole-turn one — whose words are then reported as a :class:`Partial`. Otherwise it ends
  after ``trailing_silence``.
* Caller lines being played are announced with :meth:`caller_line` / :meth:`caller_cut`. Speech
  that starts inside one is a *barge-in* once it is longer than a backchannel (or the partial
  result says more than one); :class:`BargeIn` is reported at once so the driver can cut the line.
  A short turn inside a caller line whose words are only 嗯 / 好的 / 对 … is a
  :class:`Backchannel`, not a turn.
* Echo: without a headset the microphone hears the caller's own voice from the speakers. Speech
  inside a caller line whose words are that line's words (pinyin alignment, :func:`is_echo`) is an
  :class:`Echo`, not a turn; once one was heard, voice length alone no longer makes a barge-in
  (only a streaming recogniser's words that are not the caller's do). Before the call's first
  echo, which its sound tells only after two windows (:mod:`.echo`), a stretch whose every window
  so far follows the line waits (up to :data:`FIRST_ECHO_WAIT` voiced seconds) before it is
  called a barge-in: a ``barge_in: cut`` caller is not cut by its own voice coming back.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from simulator.call.ports import lower_priority  # decoding yields the CPU to the screen and the VAD
from simulator.hearing.events import Backchannel, BargeIn, Echo, Event, Partial, SpeechStarted, Turn, Unheard
from simulator.hearing.hints import NO_HINTS, Hints
from simulator.hearing.recognisers.base import Recogniser, Transcript
from simulator.hearing.source import Chunk
from simulator.hearing.vad import FRAME_BYTES, FRAME_SECONDS, TurnDetector, VadEvent

PREROLL_FRAMES = 10
BACKCHANNEL_SECONDS = 1.2  # a backchannel is shorter than this
KEEP_SOUNDS = 6  # caller lines whose sound is kept for telling echoes
BARGE_IN_VOICED = 0.6  # voiced seconds inside a caller line that make it a barge-in
# … unless, before any echo was heard in the call, the sound so far follows the line as its first
# echo would (too short to tell yet): the barge-in waits for more, up to this many voiced seconds
FIRST_ECHO_WAIT = 1.5
ECHO_SCORE = 80.0  # the heard words occur this well (0–100) inside the caller's line: an echo
BACKCHANNELS = frozenset({
    "嗯", "嗯嗯", "嗯嗯嗯", "恩", "哦", "噢", "喔", "啊", "呃", "好", "好的", "好好", "好好好",
    "对", "对对", "对对对", "是", "是的", "是是", "行", "明白", "知道", "了解",
})


def is_backchannel(text: str) -> bool:
    from simulator.phrases import normalise

    norm = normalise(text)
    return not norm or norm in BACKCHANNELS or all(ch in "嗯恩哦噢喔啊呃" for ch in norm)


def is_echo(heard: str, line_text: str) -> bool:
    """``heard`` is (a recognition of) part of the caller's ``line_text``."""
    from simulator.phrases import normalise, score

    norm, line = normalise(heard), normalise(line_text)
    if not norm or not line:
        return False
    if len(norm) <= 2:  # a fragment (喂, 你好): only the very characters of the line
        return norm in line
    return score(line_text, norm) >= ECHO_SCORE


class TurnAssembler:
    def __init__(self, recogniser: Recogniser, detector: TurnDetector | None = None,
                 hints: Callable[[], Hints] = lambda: NO_HINTS, matcher: object = None) -> None:
        self.rec = recogniser
        self.vad = detector or TurnDetector()
        self.hints_for = hints
        self.matcher = matcher
        self._pending = b""
        self._pre: deque[bytes] = deque(maxlen=PREROLL_FRAMES)
        self._lines: dict[int, tuple[float, float]] = {}
        self._texts: dict[int, str] = {}
        self._sounds: dict[int, Any] = {}  # line → its sound's contour (simulator.hearing.echo)
        self._echo_gain: float | None = None  # dB the caller's lines come back at (speakers)
        self.echo_heard = False  # the caller's voice reaches the microphone (no headset)
        self._pool = None if recogniser.streaming \
            else ThreadPoolExecutor(1, thread_name_prefix="asr-spec", initializer=lower_priority)
        self._closed = False
        self._reset()

    def _reset(self) -> None:
        self.active = False
        self._audio = bytearray()
        self._t0 = 0.0
        self._partial = ""
        self._overlap: int | None = None
        self._barged = False
        self._last_voiced_wall = 0.0
        self._speech_t = 0.0
        self._hints = NO_HINTS
        self._spec: tuple[Future[Transcript], int] | None = None  # speculative decode, audio length
        self._spec_latest: Future[Transcript] | None = None  # … not yet reported as a Partial
        self._heard: tuple[float, int, Any] | None = None  # (t0, bytes, contour) of the turn's audio

    def _contour(self, audio: bytes, audio_t: float) -> Any:
        """The contour of the turn's audio so far (:func:`~simulator.hearing.echo.pcm_contour`),
        worked out once per length: the barge-in, pause and close checks of one moment share it."""
        heard = self._heard
        if heard is not None and heard[0] == audio_t and heard[1] == len(audio):
            return heard[2]
        from simulator.hearing.echo import pcm_contour

        contour = pcm_contour(audio)
        self._heard = (audio_t, len(audio), contour)
        return contour

    def warm(self) -> None:
        """Load now what the first turn would otherwise wait for: the phrase matcher (jieba's
        dictionary, the act library — about a second on first use) behind the early decision and
        the echo check."""
        matcher = self.matcher
        if matcher is None:
            from simulator.phrases import default_matcher

            matcher = default_matcher()
        detect = getattr(matcher, "detect", None)
        if detect is not None:
            detect("您好，请问有什么可以帮您？")
        is_echo("您好，请稍等", "您好，请稍等一下")

    # ------------------------------------------------------------------ caller lines
    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
        """Caller line ``line`` (words ``text``) plays from ``t`` to ``end`` (stream time)."""
        self._lines[line] = (t, end)
        if text:
            self._texts[line] = text

    def caller_audio(self, line: int, samples: Any, rate: int) -> None:
        """The sound of caller line ``line`` as it plays (float samples at ``rate``): an echo of it
        is then told by its sound, whatever the recogniser makes of it (:mod:`.echo`)."""
        try:
            from simulator.hearing.echo import contour

            self._sounds[line] = contour(samples, rate)
        except ImportError:  # no numpy: the words alone tell echoes
            return
        while len(self._sounds) > KEEP_SOUNDS:
            self._sounds.pop(next(iter(self._sounds)))

    def _overlapping(self, start: float, end: float) -> Iterator[tuple[int, Any, float]]:
        """(line, its sound's contour, when it started) of the caller lines with a known sound
        that speech from ``start`` to ``end`` may echo, latest first."""
        from simulator.hearing.echo import EARLY, LATE

        for line, sound in reversed(self._sounds.items()):
            a, b = self._lines.get(line, (None, None))
            if a is not None and b is not None and a - EARLY <= end and start < b + LATE:
                yield line, sound, a

    def sounded_echo(self, audio: bytes, audio_t: float, start: float, end: float) -> int | None:
        """The caller line whose sound ``audio`` (stream time ``audio_t``; speech from ``start`` to
        ``end``) is, if any — told by sound alone."""
        if not self._sounds:
            return None
        from simulator.hearing.echo import sounds_like

        for line, sound, a in self._overlapping(start, end):
            levels: list[float] = []
            # until a first echo, most likely a headset: only overwhelming evidence
            if sounds_like(self._contour(audio, audio_t), audio_t, sound, a, self._echo_gain, levels,
                           first=not self.echo_heard):
                if levels:  # the level echoes come back at: louder is the trainee over the line
                    level = sorted(levels)[len(levels) // 2]
                    self._echo_gain = level if self._echo_gain is None else (self._echo_gain + level) / 2
                return line
        return None

    def may_be_first_echo(self, audio: bytes, audio_t: float, start: float, end: float) -> bool:
        """No echo has been heard yet and ``audio`` (as :meth:`sounded_echo`) follows a caller
        line closely so far, but is too short for the first echo's test
        (:func:`~simulator.hearing.echo.may_be_first_echo`)."""
        if not self._sounds or self.echo_heard:
            return False
        from simulator.hearing.echo import may_be_first_echo

        return any(may_be_first_echo(self._contour(audio, audio_t), audio_t, sound, a, self._echo_gain)
                   for _, sound, a in self._overlapping(start, end))

    def caller_cut(self, line: int, t: float) -> None:
        if line in self._lines:
            self._lines[line] = (self._lines[line][0], t)

    def playing_at(self, t: float) -> int | None:
        for line, (a, b) in self._lines.items():
            if a <= t < b:
                return line
        return None

    def echo_of(self, text: str, start: float, end: float) -> int | None:
        """The caller line playing during ``start``–``end`` whose words ``text`` repeats, if any."""
        for line, (a, b) in self._lines.items():
            if a <= end and start < b and is_echo(text, self._texts.get(line, "")):
                return line
        return None

    # ------------------------------------------------------------------ audio
    def feed(self, chunk: Chunk) -> list[Event]:
        out: list[Event] = []
        data = self._pending + chunk.pcm
        t = chunk.t - len(self._pending) / 32000
        n = len(data) // FRAME_BYTES * FRAME_BYTES
        self._pending = data[n:]
        end = chunk.t + len(chunk.pcm) / 32000  # the chunk arrived (``wall``) when its end was captured
        for i in range(0, n, FRAME_BYTES):
            ft = t + i / 32000
            out += self._frame(data[i: i + FRAME_BYTES], ft, chunk.wall - max(0.0, end - ft - FRAME_SECONDS))
        return out

    def flush(self) -> list[Event]:
        """End of input: close a turn still open."""
        if not self.active:
            return []
        return self._close(self.vad.last_voiced_end, early=False)

    def _frame(self, frame: bytes, t: float, wall: float) -> list[Event]:
        before = self.vad.last_voiced_end
        ev = self.vad.feed(frame, t, wall)
        if self.vad.last_voiced_end != before:
            self._last_voiced_wall = wall
        if not self.active and (ev is None or ev.kind != "start"):
            self._pre.append(frame)
            return []
        if ev is not None and ev.kind == "start":
            return self._start(ev, frame, t)
        self._audio += frame
        out = self._stream(frame, t)
        if ev is not None and ev.kind == "end":
            return out + self._close(ev.t, early=False)
        out += self._spec_partial(t)
        if ev is not None and ev.kind == "pause":
            out += self._pause()
        elif ev is not None and ev.kind == "resume" and self._spec is not None:
            self._spec[0].cancel()  # a prefix of what is now a longer turn: drop it unless already running
            self._spec = None
        spec = self._spec
        if self.vad.paused and spec is not None and spec[0].done() \
                and self._hints.decides(spec[0].result().text, self.matcher):
            return out + self._close(self.vad.last_voiced_end, early=True)
        return out

    def _start(self, ev: VadEvent, frame: bytes, t: float) -> list[Event]:
        self._reset()
        self.active = True
        pre = b"".join(self._pre)
        self._pre.clear()
        self._t0 = t - len(pre) / 32000  # the turn's audio starts with the pre-roll
        self._audio = bytearray(pre + frame)
        self._hints = self.hints_for()
        self._overlap = self.playing_at(ev.t)
        self._speech_t = ev.t
        self.rec.prepare(self._hints)
        self.rec.begin(self._hints)
        out: list[Event] = [SpeechStarted(ev.t, self._overlap)]
        return out + self._stream(bytes(self._audio), t)

    def _stream(self, pcm: bytes, t: float) -> list[Event]:
        out: list[Event] = []
        text = self.rec.feed(pcm)
        if text is not None:
            self._partial = text
            out.append(Partial(t, text))
        if self._overlap is not None and not self._barged:
            voiced = self.vad.voiced_seconds
            long = voiced >= BARGE_IN_VOICED and not self.echo_heard
            if long and self.sounded_echo(bytes(self._audio), self._t0, self._speech_t, t) is not None:
                self.echo_heard = True  # the caller's own line, from the speakers: no barge-in
                return out
            wordy = self.rec.streaming and len(self._partial) >= 3 and not is_backchannel(self._partial) \
                and not is_echo(self._partial, self._texts.get(self._overlap, ""))
            if (long or wordy) and not self.echo_heard and voiced < FIRST_ECHO_WAIT \
                    and self.may_be_first_echo(bytes(self._audio), self._t0, self._speech_t, t):
                return out  # maybe the call's first echo, which takes a second window to tell: wait
            if long or wordy:
                self._barged = True
                out.append(BargeIn(self._speech_t, self._overlap))
        return out

    def _spec_partial(self, t: float) -> list[Event]:
        """A whole-turn recogniser's decode at a pause, shown as the words so far (once)."""
        fut = self._spec_latest  # still shown when the trainee went on speaking meanwhile
        if fut is None or not fut.done() or fut.cancelled():
            return []
        self._spec_latest = None
        try:
            text = fut.result().text.strip()
        except Exception:  # the decode failed: the turn's own decode will say so
            return []
        if not text or text == self._partial:
            return []
        self._partial = text
        return [Partial(t, text)]

    def _pause(self) -> list[Event]:
        if self.rec.streaming:
            if self._hints.decides(self._partial, self.matcher):
                return self._close(self.vad.last_voiced_end, early=True)
            return []
        if self._pool is not None and not self._closed:  # decode the turn so far; reused if it ends here
            audio = bytes(self._audio)
            if self.sounded_echo(audio, self._t0, self._speech_t, self.vad.last_voiced_end) is not None:
                return []  # the caller's line from the speakers so far: nothing to decode
            self._spec = (self._pool.submit(self.rec.transcribe, audio, self._hints), len(audio))
            self._spec_latest = self._spec[0]
        return []

    def _close(self, end: float, *, early: bool) -> list[Event]:
        spec = self._spec
        echoed = self.sounded_echo(bytes(self._audio), self._t0, self._speech_t, end)
        if echoed is not None:  # the caller's line from the speakers: no decode needed
            if self.rec.streaming:
                self.rec.finish()
            elif spec is not None:
                spec[0].cancel()
            start = self._speech_t
            self._reset()
            self.vad.reset()
            self.echo_heard = True
            return [Echo(start, end, self._texts.get(echoed, ""), echoed)]
        if self.rec.streaming:
            result = self.rec.finish()
        elif spec is not None:
            result = spec[0].result()  # same speech (no resume since the pause): reuse the decode
        else:
            result = self.rec.transcribe(bytes(self._audio), self._hints)
        decided = time.monotonic()
        start, overlap, barged = self._speech_t, self._overlap, self._barged
        audio, audio_t, last_wall = bytes(self._audio), self._t0, self._last_voiced_wall
        self._reset()
        self.vad.reset()
        text = result.text.strip()
        if overlap is not None and not barged and end - start < BACKCHANNEL_SECONDS and is_backchannel(text):
            return [Backchannel(start, end, text, overlap)]
        if not text:
            return [Unheard(start, end)]
        echoed = self.echo_of(text, start, end)
        if echoed is not None:
            self.echo_heard = True
            return [Echo(start, end, text, echoed)]
        return [Turn(start, end, text, result.confidence, result, early=early,
                     barge_in=overlap if barged else None, last_voiced_wall=last_wall,
                     decided_wall=decided, audio=audio, audio_t=audio_t)]

    def close(self) -> None:
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
