"""The index and the cheap tests only skip phrases that could not have matched (soundness)."""

from __future__ import annotations

import random
import re

import pytest
from mutations import mutated as _cases
from seedlib import seed_library
from traps import CORRECT, RUDE

from simulator.phrases import Act, MatchContext, PhraseMatcher
from simulator.phrases.align import align
from simulator.phrases.index import (
    alignable,
    catalogue,
    dense,
    dense_bits,
    position_bits,
    positions,
    reachable,
)
from simulator.phrases.library import build_units
from simulator.phrases.normalize import normalise_map
from simulator.phrases.pinyin import syllables

CTX = MatchContext(
    hotline_names=("12320卫生热线", "12320"), departments=("医政处",), phones=("025-83620000",)
)
@pytest.mark.parametrize("threshold", [80.0, 90.0])
def test_prefilters_never_drop_a_phrase_that_matches(threshold: float) -> None:
    lib = seed_library()
    units = build_units(lib.values(), CTX)
    cat = catalogue(units, 80.0)
    compiled = [(ui, c) for ui, unit in enumerate(units) for c in unit.phrases]
    texts = list(CORRECT + RUDE) + _cases(random.Random(7), [c.phrase for _, c in compiled], 150)
    checked = 0
    for text in texts:
        norm = normalise_map(text)
        syl = syllables(norm.text)
        where = positions(syl)
        candidates = cat.candidates(syl, threshold)
        assert candidates is not None
        for ui, c in compiled:
            if align(c, syl).score < threshold:
                continue
            checked += 1
            assert reachable(c, syl.token_set, syl.chars, threshold), (text, c.phrase)
            window = dense(c, where, threshold)
            assert window, (text, c.phrase)
            bits = position_bits(syl)
            assert dense_bits(c, bits, threshold) == window, (text, c.phrase)
            # the hard-span test the search adds keeps every matching phrase, in a window inside
            # the plain one where the alignment finds the same occurrence
            hard_window = dense_bits(c, bits, threshold, bits.hard)
            assert hard_window is not None, (text, c.phrase)
            assert window[0] <= hard_window[0] and hard_window[1] <= window[1], (text, c.phrase)
            assert align(c, syl, *window) == align(c, syl), (text, c.phrase)  # same occurrence
            assert align(c, syl, *hard_window) == align(c, syl), (text, c.phrase)
            # and the phrase's syllables are in that window in an order the alignment can use
            everywhere = hard_window == (0, 1 << 30)
            assert everywhere or alignable(c, bits, *hard_window, threshold), (text, c.phrase)
            assert c in candidates.get(ui, ()), (text, c.phrase)
    assert checked > 150  # the generated cases do reach the threshold, often


def test_density_test_on_bit_sets_gives_the_same_windows() -> None:
    """dense_bits (what the search runs) answers exactly as dense over position lists, for every
    phrase against every text, matching or not."""
    lib = seed_library()
    units = build_units(lib.values(), CTX)
    compiled = [c for unit in units for c in unit.phrases]
    texts = list(CORRECT + RUDE) + _cases(random.Random(11), [c.phrase for c in compiled], 60)
    for text in texts:
        syl = syllables(normalise_map(text).text)
        where, bits = positions(syl), position_bits(syl)
        for c in compiled:
            for threshold in (80.0, 90.0):
                assert dense_bits(c, bits, threshold) == dense(c, where, threshold), (text, c.phrase)


def test_index_is_not_used_below_its_threshold() -> None:
    m = PhraseMatcher([Act(id="ask_details", name="询问细节", phrases=("请问您的具体地址",))], threshold=90)
    text = "请问您的具体住址"  # 87.5: only a threshold below the matcher's own finds it
    assert m.find(text, "ask_details", threshold=85) is not None
    assert m.find(text, "ask_details") is None


def test_order_test_rejects_syllables_in_another_order() -> None:
    """The order test before an alignment (a lower bound of its cost from the longest common
    subsequence) rejects a phrase whose syllables are all close together but out of order, and
    keeps the same syllables in order."""
    from simulator.phrases.align import compile_phrase
    from simulator.phrases.index import EVERYWHERE

    c = compile_phrase("你什么意思")
    for text, expected in (("请问有什么可以帮您", False), ("你说什么意思啊", True)):
        syl = syllables(normalise_map(text).text)
        bits = position_bits(syl)
        window = dense_bits(c, bits, 80.0, bits.hard)
        assert window is not None and window != EVERYWHERE, text
        assert alignable(c, bits, *window, 80.0) is expected, text
        assert (align(c, syl, *window, threshold=80.0).score >= 80.0) is expected, text


def test_pattern_prefilter_read_piece_by_piece_is_the_whole_keys() -> None:
    """The pattern filter reads a text joined from pieces (cut at punctuation) piece by piece,
    remembering each piece's grams: the same patterns as reading the whole homophone key, for
    pieces seen before or not, and one filter serves every call context of the library."""
    from simulator.phrases.acts import load_acts
    from simulator.phrases.normalize import pieces_of
    from simulator.phrases.pinyin import homophone_key

    acts = load_acts().acts.values()
    cats = [catalogue(build_units(acts, ctx), 80.0) for ctx in (CTX, MatchContext(hotline_names=("95598",)))]
    assert cats[0].pattern_filter is cats[1].pattern_filter
    rng = random.Random(5)
    clauses = [t for text in CORRECT + RUDE for t in re.split("[，。？！]", text) if t]
    joined = 0
    for _ in range(300):
        text = "，".join(rng.choice(clauses) for _ in range(rng.randint(2, 4))) + rng.choice("。？！")
        norm = normalise_map(text)
        key, pieces = homophone_key(norm.text), pieces_of(norm.text)
        joined += pieces is not None
        for cat in cats:
            assert cat.pattern_candidates(key, pieces) == cat.pattern_candidates(key), text
    assert joined > 200
