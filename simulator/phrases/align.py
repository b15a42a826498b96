"""Approximate search of one phrase inside a text, on the fuzzy syllable sequence.

The phrase must be matched completely; the text may have anything before and after (a
semi-global alignment). Costs per phrase position:

=========================================  ====================================================
same character                             0
same toneless syllable (homophone)         0.05
same fuzzy class (zh/z, in/ing, n/l, …)    0.1 (a hard error in short phrases)
soft word added or dropped (啊 呀 吧 们 …)  0.3 (also one soft word for another)
any other substitution, insertion or       1 (2 at the first or last hard syllable of the
deletion: a *hard* error                   phrase) if it has more than 3 hard syllables;
                                           W/2 for short phrases
a negation (不 没 无 别 …) dropped, added,  W: polarity must agree, whatever the length
replaced by a non-homophone, or just
before the match (我不理解您的心情);
a pronoun replaced by another person's
(我 ↔ 您, 你 ↔ 他)
=========================================  ====================================================

``score = 100 * (1 - cost / W)`` (at least 0), where W is the phrase length with soft words
counting 0.3; exact character containment scores 100. So at the default threshold 80:

* a short phrase (≤ 3 hard syllables) scores at most 50 with any hard error: it must match
  syllable for syllable (homophones allowed, except in a one-character phrase);
* 4 hard syllables: no hard error (75); 5–9: one inside the phrase; 10 and more: two inside, or
  one at an edge — a phrase's first and last syllables carry its meaning (这个我不管 is not
  in 这个我不太清楚, 不归我们管 not in 不归我们热线办理).

Each phrase position has a weight (1 normally). A placeholder value ({hotline} …) weighs
:data:`PLACEHOLDER_WEIGHT` in total, spread over its characters and counting as one hard
syllable, so a long hotline name cannot make up for a wrong 我这里是 / 您好 around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from simulator.phrases.normalize import normalise
from simulator.phrases.pinyin import NEGATIONS, SOFT_WORDS, Syllables, bit, readings_mask, syllables

__all__ = [
    "EDGE",
    "PLACEHOLDER_WEIGHT",
    "SHORT",
    "Alignment",
    "Compiled",
    "align",
    "compile_phrase",
    "negated",
]

SHORT = 3  # phrases with at most this many hard syllables must match syllable for syllable
HOMOPHONE = 0.05
FUZZY = 0.1
SOFT = 0.3
EDGE = 2.0
PLACEHOLDER_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class Compiled:
    """A library phrase, normalised and turned into syllables once."""

    phrase: str  # as written, placeholders expanded
    norm: str
    syl: Syllables
    weight: tuple[float, ...]  # per position
    total: float  # W: sum of weights, soft words counting SOFT
    hard: tuple[int, ...]  # positions that are not soft words
    edge: tuple[float, ...]  # per position: EDGE for the first and last hard syllable, else 1
    unit: float  # cost of one hard error at weight 1
    short: bool
    hard_keys: frozenset[str]  # tokens and characters of the hard positions
    miss_costs: tuple[float, ...]  # cost of missing each hard position, ascending
    min_weight: float
    # (token, character, cost of missing it) per hard position, dearest first: the prefilter
    # (:func:`simulator.phrases.index.reachable`) rejects a text after the fewest lookups.
    checks: tuple[tuple[str, str, float], ...] = ()
    tokset: frozenset[str] = frozenset()  # tokens of the hard positions
    # token → (character, cost of missing it) of the hard positions with that token
    by_token: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict, compare=False)
    # Token bits of the hard positions, the cheapest miss, and whether every hard syllable is one
    # of its character's readings (then a text without the bit has neither the syllable nor the
    # character: the mask test of :func:`simulator.phrases.index.reachable` is sound).
    hard_mask: int = 0
    min_miss: float = 0.0
    mask_ok: bool = False
    # threshold → (hard positions a match must have, the span they lie in, the hard characters it
    # can span) for the density test (:func:`simulator.phrases.index.dense`), worked out once per
    # phrase and threshold
    dense_memo: dict[float, tuple[int, int, int]] = field(default_factory=dict, compare=False, repr=False)
    # ``by_token`` keyed by each token's bit (see hard_mask), for the prefilter's bit loops
    by_bit: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict, compare=False, repr=False)
    # (token, character, cost of missing it) per hard position in phrase order, for the order test
    # before an alignment (:func:`simulator.phrases.index.alignable`)
    in_order: tuple[tuple[str, str, float], ...] = field(default=(), compare=False, repr=False)
    # the phrase for the C accelerator's fit() (simulator.phrases.search), made when first needed
    fast: object = field(default=None, compare=False, repr=False)


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
    total = sum(w * (SOFT if soft else 1.0) for w, soft in zip(weight, syl.particle, strict=True))
    short = hard_units <= SHORT
    unit = max(total, 1.0) / 2 if short else 1.0
    edge = [1.0] * len(norm)
    if hard and not short:
        edge[hard[0]] = edge[hard[-1]] = EDGE
    keys = frozenset(syl.tokens[i] for i in hard) | frozenset(norm[i] for i in hard)
    miss = tuple(sorted(unit * weight[i] * edge[i] for i in hard))
    checks = tuple(sorted(((syl.tokens[i], norm[i], unit * weight[i] * edge[i]) for i in hard),
                          key=lambda c: -c[2]))
    by_token: dict[str, list[tuple[str, float]]] = {}
    for tok, ch, cost in checks:
        by_token.setdefault(tok, []).append((ch, cost))
    hard_mask = 0
    mask_ok = True
    for i in hard:
        b = bit(syl.tokens[i])
        hard_mask |= b
        if not b or not readings_mask(norm[i]) & b:
            mask_ok = False
    by_bit = {bit(tok): tuple(v) for tok, v in by_token.items() if bit(tok)}
    return Compiled(
        phrase,
        norm,
        syl,
        tuple(weight),
        total,
        hard,
        tuple(edge),
        unit,
        short,
        keys,
        miss,
        min(weight, default=1),
        checks,
        frozenset(syl.tokens[i] for i in hard),
        {tok: tuple(v) for tok, v in by_token.items()},
        hard_mask,
        min(miss, default=0.0),
        mask_ok,
        by_bit=by_bit,
        in_order=tuple((syl.tokens[i], norm[i], unit * weight[i] * edge[i]) for i in hard),
    )


def negated(c: Compiled, text: Syllables, start: int) -> bool:
    """A negation stands just before a match of ``c`` at ``start`` (and ``c`` has none there)."""
    return start > 0 and text.negation[start - 1] and not c.syl.negation[0]


def align(
    c: Compiled, text: Syllables, lo: int = 0, hi: int | None = None, threshold: float | None = None
) -> Alignment:
    """The best (lowest cost, then earliest) occurrence of ``c`` in ``text[lo:hi]`` (positions
    in the result are the text's). A window from :func:`simulator.phrases.index.dense` holds
    every occurrence within the threshold's budget, so the result is the same as over the whole
    text whenever it reaches the threshold — at the cost of the window only.

    With ``threshold``, only the cells that can stay within the threshold's cost are filled
    (:func:`_align_within`), and the alignment stops as soon as none is left, reporting score 0:
    the same answer to “does it reach the threshold?” without filling the rest of the table.
    """
    full = len(text.chars)
    lo, hi = max(0, lo), full if hi is None else min(hi, full)
    n, m = len(c.norm), hi - lo
    if n == 0 or m <= 0:
        return Alignment(0.0, 0, 0)
    pn = c.syl.negation
    if lo == 0 and hi == full:
        tc, ts, tt = text.chars, text.strict, text.tokens
        tp, tn, tq = text.particle, text.negation, text.person
    else:
        tc, ts, tt = text.chars[lo:hi], text.strict[lo:hi], text.tokens[lo:hi]
        tp, tn, tq = text.particle[lo:hi], text.negation[lo:hi], text.person[lo:hi]
    unit, kill = c.unit, c.total
    fuzzy = unit if c.short else FUZZY
    homophone = HOMOPHONE if n > 1 else unit  # 喂 is not 为: one character must be itself
    # per text character: inserting it costs unit, SOFT for a soft word, kill for a negation
    classes = _classes(text.chars)
    ins_base = list(map((unit, SOFT, kill).__getitem__, classes if m == full else classes[lo:hi]))
    # Row 0: the phrase may start anywhere for free, except right after a negation.
    first = kill if lo > 0 and text.negation[lo - 1] and not pn[0] else 0.0
    prev = [first] + ([0.0] * m if pn[0] else list(map((0.0, kill).__getitem__, tn)))
    # a score that rounds to the threshold still reaches it: allow half a hundredth more
    limit = c.total * (1 - (threshold - 0.005) / 100) + 1e-9 if threshold is not None else math.inf
    return _align_within(c, lo, m, tc, ts, tt, tp, tn, tq, homophone, fuzzy, ins_base, prev, limit)


@lru_cache(maxsize=1 << 12)
def _classes(chars: str) -> tuple[int, ...]:
    """0, 1 or 2 per character: a hard one, a soft word, a negation."""
    return tuple(2 if ch in NEGATIONS else 1 if ch in SOFT_WORDS else 0 for ch in chars)


def _align_within(
    c: Compiled,
    lo: int,
    m: int,
    tc: str,
    ts: tuple[str, ...],
    tt: str,
    tp: tuple[bool, ...],
    tn: tuple[bool, ...],
    tq: tuple[int, ...],
    homophone: float,
    fuzzy: float,
    ins_base: list[float],
    prev: list[float],
    limit: float,
) -> Alignment:
    """:func:`align`'s table with a cost limit (infinite: the whole table), filled only where it
    can stay within the limit.

    A cell costing more than ``limit`` is dead: every path through it costs more (costs are not
    negative). A cell is alive only through an alive neighbour (diagonal or above in the row
    before, or to its left), so each row is computed from one before the first alive cell of the
    row above up to where the row above has none left and the run to the left has died. Alive
    cells get the same value and start as in the full table (a dead neighbour's candidate is
    strictly dearer, never chosen, never a tie), dead cells are left at infinity: the same result
    as :func:`align`, at the cost of the cells that matter — a phrase with a hard error budget
    of one or two touches a few diagonals, not the whole window.
    """
    inf = math.inf
    alive = [j for j, v in enumerate(prev) if v <= limit]
    if not alive:
        return Alignment(0.0, lo, lo)
    a, b = alive[0], alive[-1]
    prev_start = list(range(lo, lo + m + 1))
    pc, ps, pt, pp, pn, pw = c.norm, c.syl.strict, c.syl.tokens, c.syl.particle, c.syl.negation, c.weight
    pq, edge, unit, kill = c.syl.person, c.edge, c.unit, c.total
    for i in range(len(pc)):
        a_chr, a_syl, a_tok, a_soft, a_neg, a_per, w = pc[i], ps[i], pt[i], pp[i], pn[i], pq[i], pw[i]
        hard = unit * w * edge[i]
        dele = kill if a_neg else SOFT * w if a_soft else hard
        # inserting text j after this position (x * 1.0 is x: the weights are 1 but for placeholders)
        ins = ins_base if w == 1.0 else [x * w for x in ins_base]
        cur = [inf] * (m + 1)
        cur_start = [lo] * (m + 1)
        v0 = prev[0] + dele
        cur[0] = v0
        na = nb = 0 if v0 <= limit else -1
        for j in range(a - 1 if a > 0 else 0, m):
            left = cur[j]
            if j > b and left > limit:
                break  # the row above is dead from here on and so is the run to the left
            if a_chr == tc[j]:
                sub = 0.0
            elif a_per and tq[j] and a_per != tq[j]:
                sub = kill
            elif a_syl == ts[j]:
                sub = homophone * w
            elif a_tok == tt[j]:
                sub = fuzzy * w
            elif a_neg or tn[j]:
                sub = kill
            elif a_soft and tp[j]:
                sub = SOFT * w
            else:
                sub = hard
            best = prev[j] + sub
            start = prev_start[j]
            d = prev[j + 1] + dele
            if d < best:
                best, start = d, prev_start[j + 1]
            k = left + ins[j]  # text j inserted after phrase position i
            if k < best:
                best, start = k, cur_start[j]
            cur[j + 1] = best
            cur_start[j + 1] = start
            if best <= limit:
                if na < 0:
                    na = j + 1
                nb = j + 1
        if na < 0:
            return Alignment(0.0, lo, lo)
        prev, prev_start, a, b = cur, cur_start, na, nb
    end = min(range(1, m + 1), key=prev.__getitem__)
    score = max(0.0, 100.0 * (1.0 - prev[end] / c.total))
    return Alignment(round(score, 2), prev_start[end], lo + end)
