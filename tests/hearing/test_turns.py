"""VAD turn detection and turn assembly on real speech (Kokoro) with real recognisers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hearing_helpers import RATE, chunks, silence

from simulator.hearing.events import Backchannel, BargeIn, Echo, Partial, SpeechStarted, Turn, Unheard
from simulator.hearing.turns import TurnAssembler, is_backchannel, is_echo
from simulator.hearing.vad import FRAME_BYTES, TurnDetector

pytest.importorskip("webrtcvad", reason="asr 扩展没有安装（webrtcvad）")


def vad_events(audio: bytes, det: TurnDetector) -> list[Any]:
    out = []
    for i in range(0, len(audio) // FRAME_BYTES * FRAME_BYTES, FRAME_BYTES):
        e = det.feed(audio[i: i + FRAME_BYTES], i / (2 * RATE), 0.0)
        if e is not None:
            out.append(e)
    return out


def test_vad_finds_start_and_end(speak: Any) -> None:
    speech = speak("请稍等，我帮您查一下。")
    dur = len(speech) / (2 * RATE)
    events = vad_events(silence(1.0) + speech + silence(2.0), TurnDetector(trailing_silence=0.6))
    kinds = [e.kind for e in events]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("end") == 1
    assert events[0].t == pytest.approx(1.0, abs=0.45)  # Kokoro leaves a little silence around a line
    assert 1.0 + dur - 0.9 < events[-1].t <= 1.0 + dur


def test_silence_and_hiss_are_not_speech() -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    hiss = (rng.normal(0, 30, RATE * 3)).astype("<i2").tobytes()  # about -60 dBFS
    assert vad_events(silence(3.0) + hiss, TurnDetector()) == []


def test_trailing_silence_is_configurable(speak: Any) -> None:
    audio = silence(0.5) + speak("您好，请讲。") + silence(2.0)

    def decided_at(trailing: float) -> float:
        det = TurnDetector(trailing_silence=trailing, early_silence=0.2)
        for i in range(0, len(audio) // FRAME_BYTES * FRAME_BYTES, FRAME_BYTES):
            e = det.feed(audio[i: i + FRAME_BYTES], i / (2 * RATE), 0.0)
            if e is not None and e.kind == "end":
                return i / (2 * RATE) + 0.03 - e.t
        raise AssertionError("no end")

    assert decided_at(0.3) == pytest.approx(0.3, abs=0.031)
    assert decided_at(1.0) == pytest.approx(1.0, abs=0.031)


def test_a_short_pause_inside_a_turn_is_not_its_end(speak: Any) -> None:
    audio = silence(0.5) + speak("对不起。") + silence(0.4) + speak("让您久等了。") + silence(1.5)
    kinds = [e.kind for e in vad_events(audio, TurnDetector(trailing_silence=0.8, early_silence=0.25))]
    assert kinds.count("start") == 1 and kinds.count("end") == 1
    assert "pause" in kinds and "resume" in kinds


def test_one_turn_with_whisper(whisper: Any, speak: Any) -> None:
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.6))
    audio = silence(0.8) + speak("请稍等，我帮您查一下。") + silence(1.5)
    events = [e for c in chunks(audio) for e in asm.feed(c)]
    asm.close()
    turns = [e for e in events if isinstance(e, Turn)]
    assert [type(e) for e in events if not isinstance(e, Partial)] == [SpeechStarted, Turn]
    assert turns[0].text.replace("，", ",").startswith("请稍等") and turns[0].barge_in is None
    assert len(turns[0].audio) > 0 and turns[0].audio_t <= turns[0].t


def test_backchannel_during_the_caller_line_is_not_a_turn(whisper: Any, speak: Any) -> None:
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.5))
    asm.caller_line(1, 0.0, 6.0)
    events = [e for c in chunks(silence(1.0) + speak("好的。") + silence(1.5)) for e in asm.feed(c)]
    assert not any(isinstance(e, Turn | BargeIn) for e in events)
    bc = [e for e in events if isinstance(e, Backchannel)]
    assert len(bc) == 1 and bc[0].line == 1 and is_backchannel(bc[0].text)


def test_same_word_outside_a_caller_line_is_a_turn(whisper: Any, speak: Any) -> None:
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.5))
    asm.caller_line(1, 0.0, 0.5)
    events = [e for c in chunks(silence(1.0) + speak("好的。") + silence(1.5)) for e in asm.feed(c)]
    assert [e.text for e in events if isinstance(e, Turn)] in (["好的。"], ["好的"], ["好的!"])


def test_talking_over_the_caller_is_a_barge_in(whisper: Any, speak: Any) -> None:
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.6))
    asm.caller_line(3, 0.5, 8.0)
    audio = silence(1.0) + speak("对不起，我打断一下，请问您的具体地址是哪里？") + silence(1.5)
    events = [e for c in chunks(audio) for e in asm.feed(c)]
    barge = [i for i, e in enumerate(events) if isinstance(e, BargeIn)]
    turn = [i for i, e in enumerate(events) if isinstance(e, Turn)]
    assert len(barge) == 1 and len(turn) == 1 and barge[0] < turn[0]
    assert events[barge[0]].line == 3
    t = events[turn[0]]
    assert isinstance(t, Turn) and t.barge_in == 3 and t.t == pytest.approx(1.0, abs=0.45)


def test_backchannel_words() -> None:
    for word in ("嗯", "嗯嗯", "好的", "对", "对对", "是的", "好", "嗯。", ""):
        assert is_backchannel(word), word
    for word in ("好的请讲", "对不起", "您好"):
        assert not is_backchannel(word), word


def test_echo_words() -> None:
    line = "我要投诉！市第一医院急诊那个医生什么态度！我爸七十多了，等了三个钟头。"
    assert is_echo("我要投诉市第一医院急诊那个医生什么态度", line)
    assert is_echo("我爸七十多了等了三个种头", line)  # a recogniser's homophone
    assert is_echo("Hello Hello", "Hello? Hello?")
    assert not is_echo("您是说市第一医院急诊的医生态度不好，对吗？", line)  # a confirmation is a reply
    assert not is_echo("您好，请问有什么可以帮您？", "喂？你好？")
    assert is_echo("喂", "喂？有人没有？") and not is_echo("您好", "喂？有人没有？")
    assert not is_echo("", line) and not is_echo("我要投诉", "")


CALLER = "你好，我上个月被公司辞退了，想问一下失业保险金怎么申领。"


def test_the_callers_voice_coming_back_is_an_echo_not_a_turn(whisper: Any, speak: Any) -> None:
    """Speakers instead of a headset: the microphone hears the caller line being played."""
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.6))
    echo = speak(CALLER)
    asm.caller_line(1, 0.5, 0.5 + len(echo) / (2 * RATE), CALLER)
    events = [e for c in chunks(silence(0.5) + echo + silence(1.5)) for e in asm.feed(c)]
    assert not any(isinstance(e, Turn) for e in events)
    echoes = [e for e in events if isinstance(e, Echo)]
    assert len(echoes) == 1 and echoes[0].line == 1 and is_echo(echoes[0].text, CALLER)
    assert asm.echo_heard


def test_after_an_echo_a_real_reply_over_the_caller_is_still_a_turn(whisper: Any, speak: Any) -> None:
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=0.6))
    echo = speak(CALLER)
    asm.caller_line(1, 0.5, 0.5 + len(echo) / (2 * RATE), CALLER)
    for c in chunks(silence(0.5) + echo + silence(1.5)):
        asm.feed(c)
    start = 0.5 + len(echo) / (2 * RATE) + 1.5
    asm.caller_line(2, start, start + 8.0, "对，就是这个，我想知道要准备什么材料，去哪里办。")
    reply = speak("对不起，我打断一下，请问您在哪个区参保？")
    events = [e for c in chunks(reply + silence(1.5), t0=start) for e in asm.feed(c)]
    turns = [e for e in events if isinstance(e, Turn)]
    assert len(turns) == 1 and "打断一下" in turns[0].text
    # once the caller's voice was heard in the microphone, voice length alone is no barge-in
    assert not any(isinstance(e, BargeIn) for e in events)


def test_whisper_shows_the_words_so_far_at_a_pause(whisper: Any, speak: Any) -> None:
    """A whole-turn recogniser has no streaming partials: its decode at a pause is the partial."""
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=1.2, early_silence=0.25))
    first, second = speak("您好，这里是12320卫生热线。"), speak("请问您要咨询什么问题？")
    events: list[Any] = []
    for c in chunks(silence(0.5) + first + silence(0.7)):
        events += asm.feed(c)
        time.sleep(0.03)  # real time: the decode at the pause runs while the audio goes on
    # A busy machine decodes slowly: the trainee's pause lasts until the decode is done (generous
    # limit; how fast it is belongs to benchmarks/). The order of what is shown is the point.
    spec = asm._spec_latest
    deadline = time.monotonic() + 180
    while spec is not None and not spec.done() and time.monotonic() < deadline:
        time.sleep(0.05)
    for c in chunks(second + silence(1.5), t0=len(silence(0.5) + first + silence(0.7)) / (2 * RATE)):
        events += asm.feed(c)  # the stream goes on where the first part ended
        time.sleep(0.03)
    partials = [e for e in events if isinstance(e, Partial)]
    turn = next(e for e in events if isinstance(e, Turn))
    assert partials and "热线" in partials[0].text and partials[0].t < turn.end
    assert events.index(partials[0]) < events.index(turn)


def test_noise_without_words_is_unheard(ko_model: Any) -> None:
    import numpy as np

    from simulator.hearing.recognisers.vosk_rec import VoskRecogniser

    t = np.arange(int(0.6 * RATE)) / RATE
    buzz = (8000 * np.sign(np.sin(2 * np.pi * 180 * t)) * np.hanning(len(t))).astype("<i2").tobytes()
    asm = TurnAssembler(VoskRecogniser(ko_model, grammar=["안녕하세요"]), TurnDetector(trailing_silence=0.5))
    events = [e for c in chunks(silence(0.5) + buzz + silence(1.0)) for e in asm.feed(c)]
    assert not any(isinstance(e, Turn) for e in events)
    assert any(isinstance(e, SpeechStarted) for e in events)  # the VAD heard voice …
    assert any(isinstance(e, Unheard) for e in events)  # … the recogniser no words: not a turn


def test_early_decision_when_the_words_already_fire_a_transition(whisper: Any, speak: Any) -> None:
    """Real time: the greeting the node waits for is decided after the short pause, not the full silence."""
    from simulator.engine import Engine
    from simulator.engine import events as ev
    from simulator.hearing.hints import hints_for
    from simulator.hearing.wavsource import WavSource
    from simulator.scenario.library import find

    eng = Engine(find("silent-caller"), seed=1)
    eng.start()
    eng.step(ev.Answer(2.0))
    hints = hints_for(eng)
    assert "greet" in hints.acts and hints.phrases
    trailing = 10.0  # long, so a busy machine's slow decode (seconds at a load of 10) still lands inside it
    asm = TurnAssembler(whisper, TurnDetector(trailing_silence=trailing, early_silence=0.25), lambda: hints)
    src = WavSource(pcm=silence(0.5) + speak("您好，12320卫生热线，请讲。"), speed=1.0, tail=12.0)
    src.start()
    turns: list[Turn] = []
    deadline = time.monotonic() + 60
    while not turns and time.monotonic() < deadline:
        c = src.read(0.5)
        if c is not None:
            turns += [e for e in asm.feed(c) if isinstance(e, Turn)]
    src.stop()
    asm.close()
    assert turns and turns[0].early
    assert turns[0].decided_wall - turns[0].last_voiced_wall < trailing
    assert hints.decides(turns[0].text)
