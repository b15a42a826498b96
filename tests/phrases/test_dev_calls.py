"""The matcher on the public dev calls and the trap sentences, with the seed-written test library
and with the real act library (grading/standards/*.yaml through default_matcher)."""

from __future__ import annotations

import random
from typing import Any

import pytest
import zhconv
from asr_clean import CLEAN
from devcallkit import acts_of, context_of, dev_calls, operator_turns
from traps import CORRECT, RUDE

from simulator.phrases import PhraseMatcher, default_matcher

CALLS = dict(dev_calls())
pytestmark = pytest.mark.skipif(not CALLS, reason="../shared/dev-calls is not here")
ASR = sorted(name for name in CALLS if name[:3] in CLEAN)
PLAIN = sorted(name for name in CALLS if name[:3] not in CLEAN)
# The turn (0-based, among operator turns) with the 禁语 in each dev call labelled "forbidden".
FORBIDDEN_TURN = {"004": 2, "009": 1, "014": 2, "019": 2, "024": 1, "030": 3}


def _matchers(seed_matcher: PhraseMatcher) -> list[PhraseMatcher]:
    return [seed_matcher, default_matcher()]


def test_asr_records_are_the_ones_the_readme_names() -> None:
    assert {name[:3] for name in ASR} == {"002", "004", "007", "012", "014", "020", "024", "027"}


@pytest.mark.parametrize("name", ASR)
def test_asr_turns_detect_what_their_clean_versions_detect(seed_matcher: PhraseMatcher, name: str) -> None:
    record = CALLS[name]
    ctx = context_of(record)
    turns = operator_turns(record)
    clean = CLEAN[name[:3]]
    assert len(turns) == len(clean)
    for m in _matchers(seed_matcher):
        for noisy, plain in zip(turns, clean, strict=True):
            assert acts_of(m, noisy, ctx) == acts_of(m, plain, ctx), f"{noisy!r} vs {plain!r}"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_forbidden_only_where_the_label_says(seed_matcher: PhraseMatcher, name: str) -> None:
    record: dict[str, Any] = CALLS[name]
    ctx = context_of(record)
    expect = record["expect"]
    for m in _matchers(seed_matcher):
        found = [i for i, t in enumerate(operator_turns(record)) if m.find(t, "forbidden", ctx)]
        if "forbidden" in expect["categories"]:
            assert found == [FORBIDDEN_TURN[name[:3]]]
        elif "forbidden" in expect["absent"]:
            assert found == []


_HOMOPHONES = {"等": "登", "吧": "罢", "抱": "报", "声": "生", "是": "事", "在": "再", "记": "纪", "询": "寻"}
_DIGITS = dict(zip("零一二三四五六七八九", "0123456789", strict=True))


def _noise(text: str, rng: random.Random) -> dict[str, str]:
    bare = "".join(ch for ch in text if ch.isalnum())
    chars = list(bare)
    spots = [i for i, ch in enumerate(chars) if ch in _HOMOPHONES]
    for i in rng.sample(spots, min(2, len(spots))):
        chars[i] = _HOMOPHONES[chars[i]]
    return {
        "spaced": " ".join(bare),
        "traditional": zhconv.convert(text, "zh-tw"),
        "digits": "".join(_DIGITS.get(ch, ch) for ch in text),
        "homophones": "".join(chars),
    }


@pytest.mark.parametrize("name", PLAIN)
def test_recogniser_noise_on_clean_turns_changes_nothing(seed_matcher: PhraseMatcher, name: str) -> None:
    record = CALLS[name]
    ctx = context_of(record)
    rng = random.Random(name)
    for m in _matchers(seed_matcher):
        for turn in operator_turns(record):
            expected = acts_of(m, turn, ctx)
            for form, noisy in _noise(turn, rng).items():
                assert acts_of(m, noisy, ctx) == expected, f"{form}: {noisy!r} vs {turn!r}"


@pytest.mark.parametrize("text", CORRECT)
def test_correct_sentences_are_not_forbidden(seed_matcher: PhraseMatcher, text: str) -> None:
    for m in _matchers(seed_matcher):
        assert m.find(text, "forbidden") is None


@pytest.mark.parametrize("text", RUDE)
def test_rude_sentences_are_forbidden_with_the_real_library(text: str) -> None:
    assert default_matcher().find(text, "forbidden") is not None
