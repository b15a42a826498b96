"""Approximate search of one phrase inside a text, on the fuzzy syllable sequence.

The phrase must be matched completely; the text may have anything before and after (a
semi-global alignment). Costs per phrase position:

=========================================  ====================================================
same character                             0
same toneless syllable (homophone)         0.05
same fuzzy class (zh/z, in/ing, n/l, …)    0.1 (a hard error in short phrases)
soft word added or dropped (啊 呀 吧 们 …)  0.3 (also one soft word for another)
any other substitution, insertion or       1 for phrases of more than 3 hard syllables, W/2 for
deletion (a *hard* error)                  short ones (W = phrase weight, normally its length)
a negation (不 没 无 别 …) dropped, added,  W: polarity must agree, whatever the length
replaced by a non-homophone, or just
before the match (我不理解您的心情)
=========================================  ====================================================

``score = 100 * (1 - cost / W)`` (at least 0); exact character containment scores 100. So a
short phrase scores at most 50 with any hard error (it must match syllable for syllable, homophones
allowed), a 4-syllable phrase 75 with one, 5 syllables 80 with one, 10 syllables 80 with two.

Each phrase position has a weight (1 normally). A placeholder value ({hotline} …) weighs
:data:`PLACEHOLDER_WEIGHT` in total, spread over its characters and counting as one hard
syllable, so a long hotline name cannot make up for a wrong 我这里是 / 您好 around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from simulator.phrases.normalize import normalise
from simulator.phrases.pinyin import Syllables, syllables

__all__ = [
    "PLACEHOLDER_WEIGHT",
    "SHORT",
    "Alignment",
    "Compiled",
    "align",
    "compile_phrase",
    "negated",
    "reachable",
]

SHORT = 3  # phrases with at most this many hard syllables must match syllable for syllable
HOMOPHONE = 0.05
FUZZY = 0.1
SOFT = 0.3
PLACEHOLDER_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Compiled:
    """A library phrase, normalised and turned into syllables once."""

    phrase: str  # as written, placeholders expanded
    norm: str
    syl: Syllables
    weight: tuple[float, ...]  # per position
    total: float  # sum of weights (W)
    hard: tuple[int, ...]  # positions that are not soft words
    unit: float  # cost of one hard error at weight 1
    short: bool


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    start: int  # span in the normalised text
    end: int


@lru_cache(maxsize=1 << 14)
def compile_phrase(phrase: str, segments: tuple[tuple[str, bool], ...] = ()) -> Compiled:
    """Compile ``phrase``; ``segments`` ((text, is_placeholder_value), …) if it had placeholders."""
    parts = segments or ((phrase, False),)
    norm_parts: list[str] = []
    weight: list[float] = []
    hard_units = 0
    for text, is_value in parts:
        n = normalise(text)
        norm_parts.append(n)
        if is_value and n:
            weight.extend([min(1.0, PLACEHOLDER_WEIGHT / len(n))] * len(n))
            hard_units += 1
        else:
            weight.extend([1.0] * len(n))
    norm = "".join(norm_parts)
    syl = syllables(norm)
    hard = tuple(i for i, soft in enumerate(syl.particle) if not soft)
    hard_units += sum(1 for i in hard if weight[i] == 1.0)
    total = sum(weight)
    short = hard_units <= SHORT
    unit = max(total, 1.0) / 2 if short else 1.0
    return Compiled(phrase, norm, syl, tuple(weight), total, hard, unit, short)


def negated(c: Compiled, text: Syllables, start: int) -> bool:
    """A negation stands just before a match of ``c`` at ``start`` (and ``c`` has none there)."""
    return start > 0 and text.negation[start - 1] and not c.syl.negation[0]


def reachable(c: Compiled, tokens: frozenset[str], chars: str, threshold: float) -> bool:
    """Cheap necessary test: can ``c`` reach ``threshold`` in a text with these tokens/chars?"""
    budget = c.total * (1 - threshold / 100) + 1e-9
    ptok, pchars, weight, missing = c.syl.tokens, c.norm, c.weight, 0.0
    for i in c.hard:
        if ptok[i] not in tokens and pchars[i] not in chars:
            missing += c.unit * weight[i]
            if missing > budget:
                return False
    return True


def align(c: Compiled, text: Syllables) -> Alignment:
    """The best (lowest cost, then earliest) occurrence of ``c`` in ``text``."""
    n, m = len(c.norm), len(text.chars)
    if n == 0 or m == 0:
        return Alignment(0.0, 0, 0)
    pc, ps, pt, pp, pn, pw = c.norm, c.syl.strict, c.syl.tokens, c.syl.particle, c.syl.negation, c.weight
    tc, ts, tt, tp, tn = text.chars, text.strict, text.tokens, text.particle, text.negation
    unit, kill = c.unit, c.total
    fuzzy = unit if c.short else FUZZY
    ins_base = [kill if neg else SOFT if soft else unit for soft, neg in zip(tp, tn, strict=True)]
    # Row 0: the phrase may start anywhere for free, except right after a negation.
    prev = [0.0] + [0.0 if pn[0] or not neg else kill for neg in tn]
    prev_start = list(range(m + 1))
    for i in range(n):
        a, a_syl, a_tok, a_soft, a_neg, w = pc[i], ps[i], pt[i], pp[i], pn[i], pw[i]
        dele = kill if a_neg else (SOFT if a_soft else unit) * w
        cur = [prev[0] + dele] + [0.0] * m
        cur_start = [0] * (m + 1)
        for j in range(m):
            if a == tc[j]:
                sub = 0.0
            elif a_syl == ts[j]:
                sub = HOMOPHONE * w
            elif a_tok == tt[j]:
                sub = fuzzy * w
            elif a_neg or tn[j]:
                sub = kill
            elif a_soft and tp[j]:
                sub = SOFT * w
            else:
                sub = unit * w
            best = prev[j] + sub
            start = prev_start[j]
            d = prev[j + 1] + dele
            if d < best:
                best, start = d, prev_start[j + 1]
            k = cur[j] + ins_base[j] * w  # text j inserted after phrase position i
            if k < best:
                best, start = k, cur_start[j]
            cur[j + 1] = best
            cur_start[j + 1] = start
        prev, prev_start = cur, cur_start
    end = min(range(1, m + 1), key=prev.__getitem__)
    score = max(0.0, 100.0 * (1.0 - prev[end] / c.total))
    return Alignment(round(score, 2), prev_start[end], end)
