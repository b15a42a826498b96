"""Real synthesis with the offline engines: Kokoro-82M (neural) and espeak-ng."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from voicekit import assert_speech, espeak_or_skip, f0, kokoro_or_skip  # noqa: E402

from simulator.voices.base import Prosody, SynthesisError  # noqa: E402
from simulator.voices.effects import finish  # noqa: E402

LINE = "您好，我想问一下医保报销的事。"


@pytest.fixture(scope="module")
def kokoro():
    return kokoro_or_skip()


def test_kokoro_speaks_with_female_and_male_voices(kokoro):
    pitches = {}
    for voice in ("zf_xiaoxiao", "zm_yunjian"):
        raw = kokoro.synthesize(LINE, voice, Prosody())
        assert raw.rate == 24000 and raw.engine == "kokoro" and raw.voice == voice
        assert_speech(raw.samples, raw.rate, LINE)  # Kokoro's ~0.4 s + ~0.7 s of padding is gone
        out = finish(raw, effect="none")  # levelled, as the cache stores it
        assert_speech(out.samples, out.rate, LINE)
        pitches[voice] = f0(out.samples, out.rate)
    assert pitches["zf_xiaoxiao"] > 1.3 * pitches["zm_yunjian"], pitches  # two sexes, audibly


def test_kokoro_has_eight_voices_and_rate_changes_length(kokoro):
    voices = kokoro.voices()
    assert len(voices) == 8
    assert sum(v.startswith("zf_") for v in voices) >= 2 and sum(v.startswith("zm_") for v in voices) >= 2
    slow = finish(kokoro.synthesize("请问有什么可以帮您？", "zf_xiaoyi", Prosody(rate=-20)), effect="none")
    fast = finish(kokoro.synthesize("请问有什么可以帮您？", "zf_xiaoyi", Prosody(rate=25)), effect="none")
    assert fast.duration < 0.85 * slow.duration, (fast.duration, slow.duration)
    assert kokoro.applied(Prosody(10, 5, 20)) == Prosody(10, 0, 0)  # only the rate is a model input
    with pytest.raises(SynthesisError):
        kokoro.synthesize("你好", "zf_nobody", Prosody())


def test_kokoro_reads_hotline_numbers_digit_by_digit(kokoro):
    from simulator.voices.text import speakable

    assert speakable("我打12345投诉你，300元，2024年") == "我打幺二三四五投诉你，300元，二零二四年"
    digits = finish(kokoro.synthesize("是12320吗？", "zf_xiaoni", Prosody()), effect="none")
    assert_speech(digits.samples, digits.rate, "是幺二三二零吗")


def test_kokoro_says_a_line_of_two_sentences_without_stalling_between_them(kokoro):
    """Each sentence's own silence is cut before they are joined: a caller does not stop for 1.9 s
    mid-line (a trainee would answer into the hole; a recogniser takes it for the end of a turn)."""
    from voicekit import frames_db

    from simulator.voices.kokoro import EDGE_S, PAUSE_S

    two = "对不起，让您久等了。居住证受理后十五个工作日内制证完成。"
    out = finish(kokoro.synthesize(two, "zf_xiaoxiao", Prosody(rate=-15)), effect="none")
    assert_speech(out.samples, out.rate, two)
    db = frames_db(out.samples, out.rate)  # 20 ms frames
    quiet = db < db.max() - 40
    longest = run = 0
    for q in quiet:
        run = run + 1 if q else 0
        longest = max(longest, run)
    assert longest * 0.02 <= PAUSE_S + 2 * EDGE_S + 0.1, longest * 0.02


@pytest.mark.parametrize(
    ("voice", "text"),
    [
        ("cmn-latn-pinyin", LINE),
        ("cmn", LINE),  # the broken voice name is mapped to cmn-latn-pinyin
        ("yue", "我想問下點樣預約睇醫生。"),
        ("en-us", "Hello, I need some help with my bill."),
        ("cmn-latn-pinyin+f3", "喂？有人吗？"),
    ],
)
def test_espeak_speaks(voice, text):
    eng = espeak_or_skip()
    raw = eng.synthesize(text, voice, Prosody())
    assert raw.rate == 22050
    out = finish(raw, effect="none")
    per_char = (0.02, 0.6) if voice == "en-us" else (0.08, 0.6)  # English counts letters
    assert_speech(out.samples, out.rate, text, per_char=per_char)


def test_espeak_mandarin_is_not_read_as_english():
    eng = espeak_or_skip()
    good = eng.synthesize(LINE, "cmn-latn-pinyin", Prosody())
    broken_cmn = eng.synthesize(LINE, "cmn", Prosody())
    assert abs(good.duration - broken_cmn.duration) < 0.05  # same voice after mapping
    faster = eng.synthesize(LINE, "cmn-latn-pinyin", Prosody(rate=30))
    assert faster.duration < 0.85 * good.duration
