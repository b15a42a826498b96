"""Approximate search of one phrase inside a text, on the fuzzy syllable sequence.

The phrase must be matched completely; the text may have anything before and after (a
semi-global alignment). Costs per phrase position:

========================================  =====================================
same character                            0
same toneless syllable (homophone)        0.05
same fuzzy class (zh/z, in/ing, n/l, …)   0.1
particle added or dropped (啊 呀 吧 …)     0.3 (also one particle for another)
any other substitution, insertion,        1 for phrases of more than 3 non-particle syllables;
deletion ("hard" error)                   n/2 for short phrases (n = phrase length)
========================================  =====================================

``score = 100 * (1 - cost / n)`` (at least 0). Exact character containment scores 100. So a
short phrase scores at most 50 with any hard error (short phrases must match syllable for
syllable), a 4-syllable phrase 75 with one, 5 syllables 80 with one, 10 syllables 80 with two.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from simulator.phrases.normalize import normalise
from simulator.phrases.pinyin import Syllables, syllables

__all__ = ["SHORT", "Alignment", "Compiled", "align", "compile_phrase", "max_hard_errors"]

SHORT = 3  # phrases with at most this many non-particle syllables must match exactly
HOMOPHONE = 0.05
FUZZY = 0.1
PARTICLE = 0.3


@dataclass(frozen=True, slots=True)
class Compiled:
    """A library phrase, normalised and turned into syllables once."""

    phrase: str  # as written (placeholders already expanded)
    norm: str
    syl: Syllables
    hard: tuple[int, ...]  # positions that are not particles
    unit: float  # cost of one hard error


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    start: int  # span in the normalised text
    end: int


@lru_cache(maxsize=1 << 14)
def compile_phrase(phrase: str) -> Compiled:
    norm = normalise(phrase)
    syl = syllables(norm)
    hard = tuple(i for i, p in enumerate(syl.particle) if not p)
    n = len(norm)
    unit = 1.0 if len(hard) > SHORT else max(n, 1) / 2
    return Compiled(phrase, norm, syl, hard, unit)


def max_hard_errors(c: Compiled, threshold: float) -> int:
    """How many hard errors the phrase can have and still reach ``threshold``."""
    budget = len(c.norm) * (1 - threshold / 100)
    return int(budget / c.unit + 1e-9)


def align(c: Compiled, text: Syllables) -> Alignment:
    """The best (lowest cost, then earliest) occurrence of ``c`` in ``text``."""
    n, m = len(c.norm), len(text.chars)
    if n == 0 or m == 0:
        return Alignment(0.0, 0, 0)
    pc, ps, pt, pp = c.norm, c.syl.strict, c.syl.tokens, c.syl.particle
    tc, ts, tt, tp = text.chars, text.strict, text.tokens, text.particle
    unit = c.unit
    ins = [PARTICLE if p else unit for p in tp]
    # Row 0: the phrase may start anywhere, for free.
    prev = [0.0] * (m + 1)
    prev_start = list(range(m + 1))
    for i in range(n):
        a, a_syl, a_tok, a_part = pc[i], ps[i], pt[i], pp[i]
        dele = PARTICLE if a_part else unit
        cur = [prev[0] + dele] + [0.0] * m
        cur_start = [0] * (m + 1)
        for j in range(m):
            b = tc[j]
            if a == b:
                sub = 0.0
            elif a_syl == ts[j]:
                sub = HOMOPHONE
            elif a_tok == tt[j]:
                sub = FUZZY
            elif a_part and tp[j]:
                sub = PARTICLE
            else:
                sub = unit
            best = prev[j] + sub
            start = prev_start[j]
            d = prev[j + 1] + dele
            if d < best:
                best, start = d, prev_start[j + 1]
            k = cur[j] + ins[j]
            if k < best:
                best, start = k, cur_start[j]
            cur[j + 1] = best
            cur_start[j + 1] = start
        prev, prev_start = cur, cur_start
    end = min(range(1, m + 1), key=prev.__getitem__)
    cost = prev[end]
    score = max(0.0, 100.0 * (1.0 - cost / n))
    return Alignment(round(score, 2), prev_start[end], end)
