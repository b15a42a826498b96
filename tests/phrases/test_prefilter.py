"""The index and the cheap tests only skip phrases that could not have matched (soundness)."""

from __future__ import annotations

import random
import re

import pytest
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
FILLER = "".join(CORRECT)
NOISE = "的一是了我不在人们有来他这上着个地到大里说就去子得也和那要下看天时过出小么起你都把好还多没为又可家学只以主会样年想能生同老中十从自面前头道它后然走很像见两用她国动进成回什边作对开而己些现山民候经发工向事命给长水几义三声于高正妈手知理眼志点心战二问但身方实吃做叫当住听革打呢真党全才四已所敌之最光产情路分总条白话东席次亲如被花口放儿常西气五第使写军吧文运再果怎定许快明行因别飞外树物活部门无往船望新带队先力完间却站代员机更九您每风级跟笑啊孩万少直意夜比阶连车重便斗马哪化太指变社似士者干石满日决百原拿群究各六本思解立河爸村八难早论吗根共让相研今其书坐接应关信觉死步反处记将千找争领或师结块跑谁草越字加脚紧爱等习阵怕月青半火法题建赶位唱海七女任件感准张团屋离色脸片科倒睛利世病刚且由送切星导晚表够整认响雪流未场该并底深刻平伟忙提确近亮轻讲农古黑告界拉名呀土清阳照办史改历转画造嘴此治北必服雨穿父内识验传业菜爬睡兴"  # noqa: E501


def _cases(rng: random.Random, phrases: list[str], count: int) -> list[str]:
    out = []
    for _ in range(count):
        chars = list(rng.choice(phrases))
        for _ in range(rng.randint(0, 3)):
            op, k = rng.randint(0, 2), rng.randrange(len(chars) + 1)
            if op == 0 and k < len(chars):
                chars[k] = rng.choice(NOISE)
            elif op == 1:
                chars.insert(k, rng.choice(NOISE + "啊呀吧们"))
            elif k < len(chars) and len(chars) > 1:
                del chars[k]
        start = rng.randrange(len(FILLER) - 20)
        out.append(FILLER[start : start + rng.randint(0, 12)] + "".join(chars) + FILLER[start : start + 6])
    return out


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
