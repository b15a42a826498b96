"""The matcher's fast paths give exactly what the plain computations give.

Grading never-seen calls fast (issue 13) rests on shortcuts that must not change a single result:
zhconv and pypinyin run chunk by chunk at cuts no table key spans, a text is normalised (and read,
keyed, masked) piece by piece between punctuation, normalisation and homophone keys of known
characters run as ``str.translate``, and the alignment with a threshold fills only
the cells that can stay within it. Each is checked here against the computation it replaces.
``benchmarks/grade_snapshot.py`` checks the whole grader the same way (every report, detect()
and probe figure before and after a change).
"""

from __future__ import annotations

import random

import zhconv
from seedlib import seed_library
from traps import CORRECT, RUDE

from simulator.phrases import MatchContext
from simulator.phrases.align import align
from simulator.phrases.library import build_units
from simulator.phrases.normalize import _to_simplified, normalise_map
from simulator.phrases.pinyin import (
    _STRICT,
    Syllables,
    _char_key,
    _flags,
    _mask,
    _pinyin,
    fuzzy_class,
    homophone_key,
    syllables,
    token,
)

TEXTS = [
    *CORRECT, *RUDE, "我幹什麼不干你事。", "這個問題我們處理不了", "後來發現乾燥的頭髮", "您咋还不挂呢",
    "１２３２０ 热线", "还不挂机", "重庆重新", "abc我们xyz",
]


def _mixed(rng: random.Random, count: int) -> list[str]:
    pieces = (rng.choice(TEXTS)[rng.randrange(6) : rng.randrange(6, 30)] for _ in range(3 * count))
    return ["".join(next(pieces) for _ in range(3)) for _ in range(count)]


def test_chunked_simplification_is_zhconv() -> None:
    for text in TEXTS + _mixed(random.Random(3), 300):
        joined = normalise_map(text).source
        assert _to_simplified(joined) == zhconv.convert(joined, "zh-cn"), text
    # texts full of the pairs zhconv's table keys hold (runs of joined characters, 明白, 人民 …)
    from simulator.phrases.normalize import _zh_pairs

    rng = random.Random(31)
    pairs = sorted(_zh_pairs())
    pool = "".join(sorted(set("".join(pairs[:400])))) + "的是了我您好明白人民"
    for _ in range(2000):
        middle = "".join(rng.choice(pool) for _ in range(rng.randint(1, 15)))
        text = rng.choice(pairs) + middle + rng.choice(pairs)
        assert _to_simplified(text) == zhconv.convert(text, "zh-cn"), text


def test_chunked_syllables_are_the_whole_text_reading() -> None:
    for text in TEXTS + _mixed(random.Random(4), 300):
        chars = normalise_map(text).text
        syl = syllables(chars)
        strict = tuple(_STRICT.get(s, s) for s in _pinyin(chars)) if chars else ()
        tokens = "".join(token(fuzzy_class(s)) for s in strict)
        assert (syl.strict, syl.tokens, syl.mask) == (strict, tokens, _mask(chars, tokens)), text
        assert (syl.particle, syl.negation, syl.person) == _flags(chars), text


def test_homophone_key_by_translation_is_per_character() -> None:
    for text in TEXTS + _mixed(random.Random(5), 200):
        chars = normalise_map(text).text
        homophone_key(chars)  # the characters are known from here on
        homophone_key.cache_clear()
        assert homophone_key(chars) == "".join(_char_key(ch) for ch in chars), text


def test_alignment_with_a_threshold_is_the_full_table_where_it_reaches_it() -> None:
    units = build_units(seed_library().values(), MatchContext(hotline_names=("12320卫生热线", "12320")))
    phrases = [c for unit in units for c in unit.phrases]
    rng = random.Random(6)
    reached = 0
    for _ in range(3000):
        c, text = rng.choice(phrases), rng.choice(TEXTS)
        if rng.random() < 0.7:  # the phrase inside the text, often with an error
            cut = rng.randrange(len(text) + 1)
            body = list(c.phrase)
            if body and rng.random() < 0.5:
                body[rng.randrange(len(body))] = rng.choice("的不是我您吧")
            text = text[:cut] + "".join(body) + text[cut:]
        syl = syllables(normalise_map(text).text)
        full = align(c, syl)
        for threshold in (80.0, 90.0):
            fast = align(c, syl, threshold=threshold)
            if full.score >= threshold:
                reached += 1
                assert fast == full, (text, c.phrase, threshold)
            else:
                assert fast.score < threshold, (text, c.phrase, threshold)
    assert reached > 300


def _probe_texts() -> list[str]:
    from probekit import TUNE, load

    return [p.text for p in load(TUNE)]


def test_pattern_prefilter_keeps_every_pattern_that_matches() -> None:
    """The requirement sets (characters and pairs every match has) only leave out patterns that
    do not match: per unit, the same patterns as searching every one."""
    from simulator.phrases.acts import load_acts
    from simulator.phrases.index import catalogue

    ctx = MatchContext(hotline_names=("12320卫生热线", "12320"), departments=("医政处",), phones=("12345",))
    cat = catalogue(build_units(load_acts().acts.values(), ctx), 80.0)
    assert sum(len(u.patterns) for u in cat.units) > 200
    hits = 0
    for text in TEXTS + _probe_texts() + _mixed(random.Random(8), 300):
        key = homophone_key(normalise_map(text).text)
        plain: dict[int, list[int]] = {}
        for ui, unit in enumerate(cat.units):
            for pi, (_, _, rx_homophone, _) in enumerate(unit.patterns):
                if rx_homophone.search(key) is not None:
                    plain.setdefault(ui, []).append(pi)
        assert cat.pattern_candidates(key) == plain, text
        hits += len(plain)
    assert hits > 300  # the probes do hit patterns


def test_find_without_a_full_detect_is_find_from_detect() -> None:
    """``find`` of an act first searches that act's unit alone and skips the full detect when it
    does not hit: the answer is the best hit of the act among ``detect``'s, as before."""
    from simulator.phrases import PhraseMatcher

    m = PhraseMatcher()
    ctx = MatchContext(hotline_names=("12320卫生热线", "12320"))
    acts = ("thanks", "goodbye", "anything_else", "apologise", "offer_help")
    found = 0
    for text in TEXTS + _probe_texts()[:400] + _mixed(random.Random(9), 100):
        for act in acts:
            plain = [h for h in m.detect(text, ctx) if h.act == act]
            expected = max(plain, key=lambda h: h.score) if plain else None
            m.cache_clear(compiled=False)  # find must not lean on the detect just made
            assert m.find(text, act, ctx) == expected, (text, act)
            found += expected is not None
    assert found > 30


def test_a_sentence_alone_is_normalised_as_the_whole_utterance() -> None:
    """The kind model reuses the utterance's normalised form for a sentence when the rest of the
    utterance is only characters normalisation drops."""
    from simulator.phrases.kindmodel import sentences
    from simulator.phrases.normalize import dropped_only, normalise

    reused = 0
    for text in TEXTS + _mixed(random.Random(10), 200):
        for utterance in (text, text + "？", "  " + text + "。", text + "！！", text + "…"):
            normalise(utterance)  # its characters are known from here on
            for start, end in sentences(utterance):
                if dropped_only(utterance[:start]) and dropped_only(utterance[end:]):
                    reused += 1
                    assert normalise(utterance) == normalise(utterance[start:end].strip()), utterance
    assert reused > 500


def test_first_cue_with_all_mask_tests_at_once_is_the_first_cue_scored() -> None:
    """``first`` runs the mask tests of a whole cue list at once (the cues' signatures against the
    text's mask, then the exact count): the same cue as scoring the list one cue at a time."""
    from simulator.phrases import PhraseMatcher

    m = PhraseMatcher()
    rng = random.Random(13)
    units = build_units(seed_library().values(), MatchContext())
    phrases = [c.phrase for unit in units for c in unit.phrases]
    found = 0
    for _ in range(40):
        cues = tuple(rng.sample(phrases, rng.randint(1, 25)))
        inside = (rng.choice(TEXTS)[:8] + cue + "吧" for cue in rng.sample(cues, min(3, len(cues))))
        texts = [*_mixed(rng, 10), *inside]
        for text in texts:
            for threshold in (80.0, 90.0):
                plain = next((cue for cue in cues if m.score(text, cue, threshold) >= threshold), None)
                assert m.first(text, cues, threshold) == plain, (text, cues, threshold)
                found += plain is not None
    assert found > 50


def test_cue_filter_passes_exactly_the_cues_whose_mask_test_passes() -> None:
    """The cue filter's signature shortcut keeps exactly the cues the plain per-cue mask test
    keeps (a text lacking at most ``allowed`` of a cue's hard tokens), for the grading rules' own
    cue lists and random ones, on texts made of the cues themselves and of other speech."""
    from grading.rules._privacy import ASKS_ABOUT_OTHERS
    from grading.rules.crt004_return_thanks import PRAISE_CUES
    from simulator.phrases.matcher import _CueFilter, _quick, _text_mask

    rng = random.Random(17)
    units = build_units(seed_library().values(), MatchContext())
    phrases = [c.phrase for unit in units for c in unit.phrases]
    lists = [tuple(ASKS_ABOUT_OTHERS), tuple(PRAISE_CUES)]
    lists += [tuple(rng.sample(phrases, rng.randint(1, 40))) for _ in range(30)]
    checked = passed = 0
    for cues in lists:
        for threshold in (80.0, 85.0, 90.0):
            tests = tuple((cue, *_quick(cue, threshold)) for cue in cues)
            flt = _CueFilter(tests)
            near = (rng.choice(TEXTS)[:6] + cue[1:] for cue in rng.sample(cues, min(4, len(cues))))
            texts = [*_mixed(rng, 8), *near]
            for text in texts:
                mask = _text_mask(text)
                plain = sum(1 << k for k, (_, bits, allowed) in enumerate(tests)
                            if bits < 0 or (bits & ~mask).bit_count() <= allowed)
                assert flt.passing(mask) == plain, (text, cues, threshold)
                checked += 1
                passed += plain != 0
    assert checked > 500 and passed > 100


def test_each_match_has_every_requirement_of_one_alternative() -> None:
    """:func:`alternatives_of` splits a top-level alternation: every match of the pattern contains
    one of each requirement set of at least one alternative (checked on random texts)."""
    import re

    from simulator.phrases.anchors import alternatives_of

    patterns = ["ab|cd", "(ab|c(d|e)f)", "a(b|c)d", "(?:ab|b)c?d|e+f", "^(a|b)?cd$|(?<!a)bd", "x|.*", "abc"]
    assert alternatives_of("ab|cd") == ((frozenset({"ab"}),), (frozenset({"cd"}),))
    assert alternatives_of("x|.*") == ((),)  # an alternative without a requirement: always searched
    rng = random.Random(13)
    checked = 0
    for pattern in patterns:
        rx, alternatives = re.compile(pattern), alternatives_of(pattern)
        for _ in range(3000):
            text = "".join(rng.choice("abcdefx") for _ in range(rng.randint(0, 7)))
            if rx.search(text) is None:
                continue
            grams = set(text) | {text[k : k + 2] for k in range(len(text) - 1)}
            assert any(all(grams & needs for needs in alt) for alt in alternatives), (pattern, text)
            checked += 1
    assert checked > 1000


def test_cutting_at_the_joins_is_cutting_character_by_character() -> None:
    """``cut_at`` (one step per join) gives the chunks of the per-character loop it replaced."""
    from simulator.phrases.normalize import cut_at

    def plain(chars: str, joins: list[int]) -> list[str]:
        out, start = [], 0
        for k in range(1, len(chars)):
            if k not in joins:
                out.append(chars[start:k])
                start = k
        out.append(chars[start:])
        return out

    rng = random.Random(5)
    for _ in range(3000):
        chars = "".join(rng.choice("您好请问稍等") for _ in range(rng.randint(2, 12)))
        joins = sorted(rng.sample(range(1, len(chars)), rng.randint(1, len(chars) - 1)))
        assert cut_at(chars, joins) == plain(chars, joins), (chars, joins)


def test_the_precheck_finds_every_character_zhconv_converts_alone() -> None:
    """A text without a pair a table key spans is returned as it is when the precheck finds no
    character zhconv converts on its own: so the precheck must find every such character."""
    from simulator.phrases.normalize import _converted_any

    rx = _converted_any()
    for code in list(range(0x3400, 0x9FFF + 1)) + list(range(0xF900, 0xFAFF + 1)) + [0x20000, 0x2A6D6]:
        ch = chr(code)
        if zhconv.convert(ch, "zh-cn") != ch:
            assert rx.search(ch) is not None, ch


def _clause_texts(rng: random.Random, count: int) -> list[str]:
    """Texts of clauses between punctuation, with what may span a cut put at the cuts: pairs of
    zhconv's table keys and of pypinyin's words, numerals (三，十分钟), 晓，得."""
    import re

    from simulator.phrases.normalize import _zh_pairs
    from simulator.phrases.pinyin import _bigrams

    clauses = [c for t in TEXTS for c in re.split("[，。？！、]", t) if c]
    clauses += ["三", "十", "十分钟", "分钟", "二十", "五", "一百", "零五", "千万", "百姓", "12", "3",
                "晓", "得", "咋", "俺们", "甭", "幹", "什麼", "著", "兩", "ABC", "ｘｙ", "〇", "…", "", " "]
    zh = sorted(_zh_pairs())
    words = sorted(_bigrams())
    marks = ["，", "。", "？", "！", "、", " ", "……", "，“", "”", "（", "）"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.random()
            if kind < 0.15:
                pair = rng.choice(zh)
                parts.append(pair[0] + rng.choice(marks) + pair[1])
            elif kind < 0.3:
                pair = rng.choice(words)
                parts.append(pair[0] + rng.choice(marks) + pair[1])
            else:
                parts.append(rng.choice(clauses))
            parts.append(rng.choice(marks))
        out.append("".join(parts[: rng.choice((-1, len(parts)))]))
    return out


def test_normalising_piece_by_piece_is_normalising_the_whole_text() -> None:
    """A text is normalised piece by piece (cut at punctuation) and its pinyin, homophone key and
    masks are joined from the pieces' wherever nothing spans a cut: the same as the whole text."""
    from functools import reduce

    from simulator.phrases.normalize import Normalised, _normalise, pair_list, pieces_of
    from simulator.phrases.pinyin import _KEY_TABLE, _READINGS_MASK, _reading, chars_mask

    joined = 0
    spans = ["十，分钟", "三十。分钟", "等十、天", "晓、得", "我晓，得了", "三，十五", "一百，零五",
             "幹，什麼", "好的，三蘭港，谢谢", "三蘭港，乾隆", "乾隆，三蘭港", "乾隆。好的，三蘭港"]
    for text in spans + TEXTS + _clause_texts(random.Random(11), 3000):
        norm = normalise_map(text)
        whole = _normalise(text)
        if norm._made is not None:  # a joined text quotes from its pieces, not a whole origin
            lazy = Normalised(norm.source, norm.text, made=norm._made)
            n = len(norm.text)
            for a, b in {(0, n), (0, 1), (n - 1, n), (n // 3, n // 2 + 1), (n // 2, n)}:
                assert lazy.quote(a, b) == text[whole.origin[a] : whole.origin[b - 1] + 1], (text, a, b)
            assert lazy._origin is None
        assert (norm.text, norm.origin) == (whole.text, whole.origin), text
        if whole.text:
            assert norm.quote(0, len(norm.text)) == text[whole.origin[0] : whole.origin[-1] + 1], text
        chars = norm.text
        if pieces_of(chars) is None:
            continue
        joined += 1
        syl = syllables(chars)
        reading = _reading(chars)
        if reading is not None:
            assert (syl.strict, syl.tokens, syl.mask, syl.keys, syl.token_mask, syl.particle, syl.negation,
                    syl.person) == reading, text
            made = Syllables(chars, *reading[:2], particle=reading[5], negation=reading[6], person=reading[7],
                             mask=reading[2], keys=reading[3], token_mask=reading[4])
            assert syl == made and hash(syl) == hash(made), text
        assert homophone_key(chars) == chars.translate(_KEY_TABLE), text
        assert pair_list(chars) == tuple(chars[k : k + 2] for k in range(len(chars) - 1)), text
        assert chars_mask(chars) == reduce(lambda a, b: a | b, map(_READINGS_MASK.__getitem__, set(chars)), 0)
    assert joined > 1000
