"""One utterance against compiled units: the uncached core of :class:`PhraseMatcher.detect`.

Per unit (an act, or one 禁语 entry) the first matching pattern wins (score 100, or 98 when it
matches only through homophones; a negative lookaround such as ``(?<!还)`` must hold for homophones
too), else the best phrase — where a near-exact longer phrase keeps its words against a slightly
better shorter phrase of the same unit inside them. Then a non-exact hit is dropped when a
clearly better hit of another unit covers (nearly) the same words: those words are better
explained by the other phrase. So 请问还有什么可以帮您 gives ``anything_else`` but not also
``offer_help`` (请问有什么可以帮您, one syllable short). A hit whose span covers all of the other
hit's span and more is never explained by it: a longer phrase is not explained away by a shorter
one inside it (both hits are kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from simulator.phrases import speedups
from simulator.phrases.align import (
    FUZZY,
    HOMOPHONE,
    SOFT,
    Alignment,
    Compiled,
    align,
    compile_phrase,
    negated,
)
from simulator.phrases.index import (
    EVERYWHERE,
    Catalogue,
    alignable,
    dense,
    dense_bits,
    positions,
    reachable,
    text_position_bits,
)
from simulator.phrases.library import Unit
from simulator.phrases.normalize import PAUSE as _PAUSE
from simulator.phrases.normalize import Normalised, normalise_map, pieces_of
from simulator.phrases.pinyin import NEGATIONS, SOFT_WORDS, Syllables, homophone_key, syllables
from simulator.phrases.types import Hit

if TYPE_CHECKING:
    from simulator.phrases import _speedups

__all__ = [
    "EXPLAINED_COVER", "EXPLAINED_SCORE", "LAZY", "STANDALONE_SLACK", "best_alignment", "score", "search",
    "unit_hit",
]

STANDALONE_SLACK = 2  # hard characters a `standalone` 禁语 utterance may have besides the 禁语
STANDALONE_IGNORED = frozenset("喂嘿")  # not counted either (besides soft words), see forbidden.yaml
EXPLAINED_SCORE = 95.0  # a hit this good (homophones and particles only) explains its words…
PATTERN_HOMOPHONE = 98.0  # a pattern that matches only with homophones (咨寻 for 咨询)
EXPLAINED_COVER = 0.8  # …and removes weaker hits of other units with this much of their span inside


LAZY: dict[str, list[int]] = {}  # ``where``: positions(syl), computed only if the density test runs

# The C accelerator's fit() (simulator.phrases.speedups): dense_bits, alignable and align in one
# call, for texts of up to FIT_LONGEST characters; None: the Python functions. Its costs are
# align's (checked here, so that a change of one is not silently missed by the other).
_FAST = speedups.module()
FIT_LONGEST = 64
if _FAST is not None and _FAST.COSTS != (HOMOPHONE, FUZZY, SOFT):  # pragma: no cover
    raise ImportError(f"_speedups.c has the costs {_FAST.COSTS}, align.py {(HOMOPHONE, FUZZY, SOFT)}: "
                      "change both, then pip install -e .")
_SOFT_WORDS = "".join(sorted(w for w in SOFT_WORDS if len(w) == 1))
_NEGATIONS = "".join(sorted(w for w in NEGATIONS if len(w) == 1))
_fast_ok = len(_SOFT_WORDS) == len(SOFT_WORDS) and len(_NEGATIONS) == len(NEGATIONS)  # one character each
_last_text: tuple[Syllables | None, Any] = (None, None)  # the text fit() read last, and its C form
_STANDALONE_IGNORED = "".join(sorted(STANDALONE_IGNORED))


def _text(syl: Syllables) -> _speedups.Text:
    """The C form of a text's syllables (the last one is kept: every candidate phrase of a text
    is tested in a row)."""
    global _last_text
    assert _FAST is not None
    last = _last_text
    if last[0] is syl:
        return last[1]
    text = _FAST.Text(syl, _SOFT_WORDS, _NEGATIONS)
    _last_text = (syl, text)
    return text


def _phrase(c: Compiled) -> _speedups.Phrase:
    """The C form of a compiled phrase, made once and kept on it."""
    assert _FAST is not None
    phrase = c.fast
    if phrase is None:
        prefix = tuple(sum(c.miss_costs[:k]) for k in range(len(c.miss_costs) + 1))  # as alignable sums
        phrase = _FAST.Phrase(c, prefix)
        object.__setattr__(c, "fast", phrase)
    return phrase  # type: ignore[return-value]


def _fit(c: Compiled, syl: Syllables, threshold: float) -> Alignment | None:
    """:func:`best_alignment`'s LAZY branch in C: the same window, order test and alignment."""
    assert _FAST is not None
    found = _FAST.fit(_phrase(c), _text(syl), threshold)
    if found is None:
        return None
    cost, start, end = found
    score = round(max(0.0, 100.0 * (1.0 - cost / c.total)), 2)  # as align does it
    return Alignment(score, start, end) if score >= threshold else None


# A negation with what may stand between it and the verb it undoes (不能 / 没法 / 不会 / 不一定 /
# 没办法马上 …), ending where an act's words begin. 别 inside a word (特别、分别 …) and 要不
# (“how about”) are not negations.
_NEGATED_BEFORE = re.compile(
    "(?:(?<![特分区个告级类性识辨离派])别|(?<!要)不|没有|没|无|未|甭|莫|勿)"
    "(?:能|会|可以|可能|可|法|办法|用|要|想|肯|愿意|愿|方便|一定|必|打算|准备)?"
    "(?:再|马上|立刻|现在|直接|就)?$")


def negated_before(norm: Normalised, start: int) -> bool:
    """A negation stands just before ``norm.text[start:]`` (its characters, not their homophones),
    with no pause (punctuation or space in the source) between: 不能帮您转接, 没法给您查, 我们不会尽快
    回复, 不一定会改进 — said so, the words that follow are not done. (A match that begins with
    a negation of its own, 不客气 or 别着急, has nothing before it to test.)"""
    if start <= 0:
        return False
    m = _NEGATED_BEFORE.search(norm.text, max(0, start - 8), start)
    if m is None:
        return False
    between = norm.quote(m.start(), start + 1)  # the source from the negation to the first word
    return _PAUSE.search(between) is None


def best_alignment(
    c: Compiled,
    norm: Normalised,
    syl: Syllables,
    threshold: float | None,
    where: dict[str, list[int]] | None = None,
    checked: bool = False,
) -> Alignment | None:
    """Where ``c`` occurs in the text; None if it cannot reach ``threshold`` (None: no limit).

    ``where`` is :func:`~simulator.phrases.index.positions` of the text, for the density test
    (:data:`LAZY`: computed here when needed — most texts contain the phrase exactly or not
    reachably); ``checked``: the caller already found ``c`` :func:`reachable` in this text.
    """
    if not c.norm:
        return None
    k = norm.text.find(c.norm)
    if k >= 0 and not negated(c, syl, k):
        return Alignment(100.0, k, k + len(c.norm))
    if k < 0 and len(c.norm) == 1 and threshold is not None and threshold > 50.0:
        return None  # one character: anything but itself costs half of it (see align)
    window = EVERYWHERE
    if threshold is not None:
        if not checked and not reachable(c, syl.token_set, syl.chars, threshold, syl.mask):
            return None
        if where is not None:
            if where is LAZY and _FAST is not None and _fast_ok and len(syl.chars) <= FIT_LONGEST:
                return _fit(c, syl, threshold)
            if where is LAZY:
                bits = text_position_bits(syl.chars, syl.tokens)  # (position_bits, one call less)
                found_window = dense_bits(c, bits, threshold, bits.hard)
                if found_window is not None and found_window is not EVERYWHERE and \
                        not alignable(c, bits, *found_window, threshold):
                    return None
            else:
                found_window = dense(c, where, threshold)
            if found_window is None:
                return None
            window = found_window
    found = align(c, syl, *window, threshold=threshold)
    if threshold is not None and found.score < threshold:
        return None
    return found


@lru_cache(maxsize=1 << 16)
def score(text: str, phrase: str, threshold: float | None = None) -> float:
    """0–100: how well ``phrase`` occurs inside ``text`` (100 = exact characters).

    With ``threshold``, a score below it is reported as 0 — and texts that cannot reach it are
    not aligned at all (the index's cheap tests), which is what a yes/no question wants.
    """
    norm = normalise_map(text)
    syl = syllables(norm.text)
    c = compile_phrase(phrase)
    where = None
    if threshold is not None and c.norm not in norm.text:
        if not reachable(c, syl.token_set, syl.chars, threshold, syl.mask):
            return 0.0  # (before building the positions the density test needs)
        where = positions(syl)
    found = best_alignment(c, norm, syl, threshold, where)
    return found.score if found else 0.0


@dataclass(frozen=True, slots=True)
class _Found:
    hit: Hit
    start: int
    end: int


def _standalone_ok(syl: Syllables, start: int, end: int) -> bool:
    rest = sum(
        1
        for k, soft in enumerate(syl.particle)
        if not soft and not start <= k < end and syl.chars[k] not in STANDALONE_IGNORED
    )
    return rest <= STANDALONE_SLACK


def unit_hit(
    unit: Unit,
    phrases: Iterable[Compiled],
    norm: Normalised,
    syl: Syllables,
    threshold: float,
    where: dict[str, list[int]],
    checked: bool = False,
    pattern_ids: Iterable[int] | None = None,
) -> _Found | None:
    if unit.unless and any(rx.search(norm.text) for rx in unit.unless):
        return None
    key: str | None = None
    if pattern_ids is None:
        patterns: Sequence[tuple[str, re.Pattern[str], re.Pattern[str], bool]] = unit.patterns
    else:  # (their homophone forms already found in the keys: Catalogue.pattern_candidates)
        patterns = [unit.patterns[k] for k in pattern_ids] if pattern_ids else ()
    for source, rx, rx_homophone, bounded in patterns:
        # The pattern over homophone keys matches wherever the pattern matches the text (its
        # negative lookarounds are only stricter): no match there, no match at all — one search
        # instead of two for the many patterns a sentence does not have.
        key = homophone_key(norm.text) if key is None else key
        if pattern_ids is None and rx_homophone.search(key) is None:
            continue
        value, m = 100.0, rx.search(norm.text)
        if m is not None and m.end() > m.start():
            # A negative lookaround must also hold for homophones: (?<!还) must not let
            # 请闻孩有什么… through. The positive parts match the keys wherever they match the text.
            key = homophone_key(norm.text) if key is None else key
            if rx_homophone.match(key, m.start()) is None:
                m = None
        if m is None:
            key = homophone_key(norm.text) if key is None else key
            value, m = PATTERN_HOMOPHONE, rx_homophone.search(key)
        if m is None or m.end() == m.start():
            continue
        if unit.standalone and bounded and not _standalone_ok(syl, m.start(), m.end()):
            continue
        if unit.negatable and negated_before(norm, m.start()):
            continue  # 不能帮您转接: the act's words, undone
        hit = Hit(unit.act, value, source, norm.quote(m.start(), m.end()), unit.entry)
        return _Found(hit, m.start(), m.end())
    if checked and where is LAZY and _FAST is not None and _fast_ok and len(syl.chars) <= FIT_LONGEST:
        # the loop below in C, for the phrases the index found reachable in the text
        if not phrases:
            return None
        cs = phrases if isinstance(phrases, (list, tuple)) else list(phrases)
        got = _FAST.best(cs, _text(syl), threshold, unit.standalone, _STANDALONE_IGNORED, STANDALONE_SLACK,
                         EXPLAINED_SCORE, _phrase)
        if got is None:
            return None
        i, value, start, end = got
        if unit.negatable and negated_before(norm, start):
            return None
        hit = Hit(unit.act, value, cs[i].phrase, norm.quote(start, end), unit.entry)
        return _Found(hit, start, end)
    best: _Found | None = None
    for c in phrases:  # longest first
        # Only a better score than the best so far matters: ask for it (scores are rounded to
        # hundredths, so +0.005 lets every better one through and none that is not), and the
        # density window and the alignment's cost limit shrink accordingly.
        need = threshold if best is None else max(threshold, best.hit.score + 0.005)
        found = best_alignment(c, norm, syl, need, where, checked)
        if found is None or (best is not None and found.score <= best.hit.score):
            continue
        if best is not None and best.hit.score >= EXPLAINED_SCORE and best.start <= found.start \
                and found.end <= best.end:
            continue  # a near-exact longer phrase keeps its words (请闻孩…: not 还有什么可以帮您 alone)
        if unit.standalone and not _standalone_ok(syl, found.start, found.end):
            continue
        hit = Hit(unit.act, found.score, c.phrase, norm.quote(found.start, found.end), unit.entry)
        best = _Found(hit, found.start, found.end)
        if found.score >= 100.0:
            break
    if best is not None and unit.negatable and negated_before(norm, best.start):
        return None  # (as the loop in C)
    return best


def _explained(f: _Found, by: _Found) -> bool:
    if by is f or by.hit.score < EXPLAINED_SCORE or by.hit.score <= f.hit.score:
        return False
    if (by.hit.act, by.hit.entry) == (f.hit.act, f.hit.entry):
        return False
    if f.start <= by.start and by.end <= f.end and f.end - f.start > by.end - by.start:
        # ``f`` covers all of ``by``'s words and more: the shorter phrase cannot explain the
        # longer one (请闻孩有什么可以帮您: 还有什么可以帮您 at 99 is not explained by an exact
        # 有什么可以帮您); both hits stay.
        return False
    overlap = min(f.end, by.end) - max(f.start, by.start)
    return overlap >= EXPLAINED_COVER * (f.end - f.start)


def search(cat: Catalogue, text: str, threshold: float) -> tuple[Hit, ...]:
    """The hits of the catalogue's units in ``text``, in unit order."""
    norm = normalise_map(text)
    if not norm.text:
        return ()
    syl = syllables(norm.text)
    candidates = cat.candidates(syl, threshold)
    where = LAZY
    found: list[_Found] = []
    if candidates is None:  # below the index's threshold: every unit, every phrase and pattern
        for unit in cat.units:
            f = unit_hit(unit, unit.phrases, norm, syl, threshold, where)
            if f is not None:
                found.append(f)
    else:  # only the units with a phrase or a pattern the text can match
        patterns = cat.pattern_candidates(homophone_key(norm.text), pieces_of(norm.text))
        for ui in sorted(candidates.keys() | patterns.keys()):
            f = unit_hit(cat.units[ui], candidates.get(ui, ()), norm, syl, threshold, where, True,
                          patterns.get(ui, ()))
            if f is not None:
                found.append(f)
    if len(found) > 1:
        found = [f for f in found if f.hit.score >= 100.0 or not any(_explained(f, by) for by in found)]
    return tuple(f.hit for f in found)
