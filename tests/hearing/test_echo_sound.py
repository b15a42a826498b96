"""Echoes told by their sound (speakers, no headset): :mod:`simulator.hearing.echo` on real speech.

The caller's line comes back into the microphone as the recogniser may not recognise it — a short
line, a starved machine whose playback stutters. Its sound still follows the line's sound; the
trainee's own words, even over the line, do not.
"""

from __future__ import annotations

from typing import Any

import pytest
from hearing_helpers import RATE, chunks, silence

from simulator.hearing.echo import pcm_contour, sounds_like
from simulator.hearing.events import BargeIn, Echo, Turn
from simulator.hearing.recognisers.base import Recogniser, Transcript
from simulator.hearing.turns import TurnAssembler
from simulator.hearing.vad import TurnDetector

np = pytest.importorskip("numpy")
pytest.importorskip("webrtcvad", reason="asr 扩展没有安装（webrtcvad）")

LINES = ["好好好，记下来就好。", "没了没了。", "你们一定要表扬表扬他们啊，是城东抢修班的，姓刘的师傅。",
         "好，再见啊姑娘。", "嗯。"]
REPLIES = ["请问还有什么可以帮您？", "感谢您的来电，再见。", "好的，城东抢修班刘师傅，我已经记录下来了。"]


def as_float(pcm: bytes) -> Any:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def as_pcm(x: Any) -> bytes:
    return bytes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def played_back(pcm: bytes, *, delay: float, gain: float, gaps: int = 0, seed: int = 0) -> Any:
    """What the microphone hears of a played line: late, quieter, with hiss, and stuttering
    (``gaps`` underruns of 40–150 ms of silence) when the machine is starved."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([np.zeros(int(delay * RATE), np.float32), as_float(pcm) * gain])
    for _ in range(gaps):
        at = int(rng.integers(0, len(x)))
        x = np.concatenate([x[:at], np.zeros(int(rng.uniform(0.04, 0.15) * RATE), np.float32), x[at:]])
    return x + rng.normal(0, 0.002, len(x)).astype(np.float32)


# (a stutter inside a line of a second or less leaves too little of it to tell by sound; the
# words still tell it when the recogniser gets them)
@pytest.mark.parametrize(("text", "stutter"), [(text, False) for text in LINES[:4]]
                         + [(LINES[0], True), (LINES[2], True), (LINES[3], True)])
def test_a_line_coming_back_sounds_like_the_line(speak: Any, text: str, stutter: bool) -> None:
    line = speak(text)
    gaps = 1 + int(len(line) / (2 * RATE) / 2.5) if stutter else 0  # an underrun every 2.5 s
    heard = played_back(line, delay=0.25, gain=0.4, gaps=gaps, seed=len(text))
    assert sounds_like(pcm_contour(as_pcm(heard)), 0.0, pcm_contour(line), 0.0)


def test_before_any_echo_only_overwhelming_evidence_counts(speak: Any) -> None:
    """A headset never hears the caller: until a first echo, a stretch must follow the line in
    every window, closely, to be taken for one (a trainee's quick reply is never lost to it)."""
    line = speak(LINES[0])
    stutter = pcm_contour(as_pcm(played_back(line, delay=0.25, gain=0.4, gaps=1, seed=3)))
    assert sounds_like(stutter, 0.0, pcm_contour(line), 0.0)
    assert not sounds_like(stutter, 0.0, pcm_contour(line), 0.0, first=True)


@pytest.mark.parametrize("reply", REPLIES)
def test_the_trainees_words_do_not_sound_like_the_line(speak: Any, reply: str) -> None:
    for text in LINES[:4]:
        line, said = pcm_contour(speak(text)), speak(reply, voice=1)
        assert not sounds_like(pcm_contour(said), 0.0, line, 0.0), (reply, text)
        # … nor when they speak over it (the line comes back quieter than their own voice)
        over = played_back(speak(text), delay=0.0, gain=0.25)
        mine = as_float(said)
        n = max(len(over), len(mine))
        mixed = np.pad(over, (0, n - len(over))) + np.pad(mine, (0, n - len(mine)))
        assert not sounds_like(pcm_contour(as_pcm(mixed)), 0.0, line, 0.0), (reply, text)


class Garbled(Recogniser):
    """A recogniser that makes other words of everything (a starved machine's echo: 尾了尾了)."""

    streaming = False

    def __init__(self) -> None:
        self.decoded = 0

    def transcribe(self, pcm: bytes, hints: Any = None) -> Transcript:
        self.decoded += 1
        return Transcript("原谅尾了体验不愿", 0.5, "garbled")


def hear(speak: Any, text: str, audio: Any, lead: float,
         echo_before: bool = False) -> tuple[TurnAssembler, list[Any]]:
    """A recogniser that garbles everything, caller line 1 (``text``) playing from 0.5 s with its
    sound known, and ``audio(line_pcm)`` reaching the microphone after ``lead`` s of silence;
    ``echo_before``: the caller's voice has already been heard in the microphone in this call."""
    asm = TurnAssembler(Garbled(), TurnDetector(trailing_silence=0.6))
    asm.echo_heard = echo_before
    line = speak(text)
    asm.caller_line(1, 0.5, 0.5 + len(line) / (2 * RATE), text)
    asm.caller_audio(1, as_float(line), RATE)
    events = [e for c in chunks(silence(lead) + audio(line) + silence(1.5)) for e in asm.feed(c)]
    asm.close()
    return asm, events


@pytest.mark.parametrize(("text", "gaps", "echo_before"), [
    (LINES[0], 1, True),  # a short line, stuttering: told once the caller's voice is known to come back
    (LINES[2], 0, False),  # the call's first echo: a longer stretch, every window following the line
])
def test_an_echo_the_recogniser_garbles_is_still_an_echo(speak: Any, text: str, gaps: int,
                                                         echo_before: bool) -> None:
    asm, events = hear(speak, text, lambda line: as_pcm(played_back(line, delay=0.3, gain=0.5, gaps=gaps)),
                       0.5, echo_before)
    assert not any(isinstance(e, Turn) for e in events), events
    # nor a barge-in: a `barge_in: cut` caller would stop at the sound of its own voice
    assert not any(isinstance(e, BargeIn) for e in events), events
    echoes = [e for e in events if isinstance(e, Echo)]
    assert len(echoes) == 1 and echoes[0].line == 1 and echoes[0].text == text
    assert asm.echo_heard


@pytest.mark.parametrize("text", LINES[:4])
def test_the_calls_first_echo_is_not_a_barge_in(speak: Any, text: str) -> None:
    """Before any echo, the first one takes two windows of sound to tell (about a second): the
    barge-in test waits while every window so far follows the line, instead of cutting the
    caller 0.6 s into the sound of its own voice."""
    for delay in (0.1, 0.3):
        asm, events = hear(speak, text, lambda line, d=delay: as_pcm(played_back(line, delay=d, gain=0.5)),
                           0.5)
        assert [type(e) for e in events if isinstance(e, BargeIn | Echo | Turn)] == [Echo], (text, delay)
        assert asm.echo_heard


@pytest.mark.parametrize(("reply", "echoing"), [(REPLIES[0], False), (REPLIES[2], False), (REPLIES[2], True)])
def test_the_trainee_over_a_line_is_a_barge_in_at_once(speak: Any, reply: str, echoing: bool) -> None:
    """The wait for a first echo does not delay a real barge-in: the trainee's words (alone, or
    with the line coming back quieter underneath) do not follow the line, and the barge-in comes
    as soon as 0.6 s of them are voiced."""
    asm = TurnAssembler(Garbled(), TurnDetector(trailing_silence=0.6))
    line = speak(LINES[2])
    asm.caller_line(1, 0.5, 0.5 + len(line) / (2 * RATE), LINES[2])
    asm.caller_audio(1, as_float(line), RATE)
    mine = as_float(speak(reply, voice=1))
    if echoing:
        back = played_back(line, delay=0.2, gain=0.25)[int(0.5 * RATE):]  # the line, from 1.0 s on
        n = max(len(back), len(mine))
        mine = np.pad(back, (0, n - len(back))) + np.pad(mine, (0, n - len(mine)))
    started = barged = None
    for chunk in chunks(silence(1.0) + as_pcm(mine) + silence(1.5)):
        for e in asm.feed(chunk):
            if isinstance(e, BargeIn):
                barged = chunk.t
            elif started is None and type(e).__name__ == "SpeechStarted":
                started = e.t
    asm.close()
    assert started is not None and barged is not None, (started, barged)
    assert barged - started < 1.2, (started, barged)


def test_the_trainee_over_a_line_whose_sound_is_known_is_a_turn(speak: Any) -> None:
    reply = speak(REPLIES[2], voice=1)
    _, events = hear(speak, LINES[2], lambda line: reply, 0.8)
    assert [type(e) for e in events if isinstance(e, Turn | Echo)] == [Turn]


def test_after_an_echo_a_louder_voice_over_a_line_is_a_turn(speak: Any) -> None:
    """The first echo tells how loud the caller comes back (the assembler keeps that level); the
    trainee talking over a later line is louder than it, and is heard."""
    asm = TurnAssembler(Garbled(), TurnDetector(trailing_silence=0.6))
    first, second = speak(LINES[0]), speak(LINES[2])
    asm.caller_line(1, 0.5, 0.5 + len(first) / (2 * RATE), LINES[0])
    asm.caller_audio(1, as_float(first), RATE)
    events = [e for c in chunks(silence(0.5) + as_pcm(played_back(first, delay=0.2, gain=0.5))
                                + silence(1.5)) for e in asm.feed(c)]
    assert [type(e) for e in events if isinstance(e, Turn | Echo)] == [Echo]
    start = 0.5 + len(first) / (2 * RATE) + 1.7
    asm.caller_line(2, start, start + len(second) / (2 * RATE), LINES[2])
    asm.caller_audio(2, as_float(second), RATE)
    echo, mine = played_back(second, delay=0.2, gain=0.5), as_float(speak(REPLIES[0], voice=1))
    n = max(len(echo), len(mine))
    over = as_pcm(np.pad(echo, (0, n - len(echo))) + np.pad(mine, (0, n - len(mine))))
    events = [e for c in chunks(over + silence(1.5), t0=start) for e in asm.feed(c)]
    asm.close()
    assert [type(e) for e in events if isinstance(e, Turn | Echo)] == [Turn]
