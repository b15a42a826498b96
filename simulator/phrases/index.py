"""An inverted index that picks the few phrases worth aligning against a text.

A phrase can only reach the threshold if the hard errors it must make stay within its budget
(``W * (1 - threshold / 100)``). Every hard phrase syllable whose token *and* character are both
absent from the text is such an error. So for each phrase we take its rarest hard syllables until
missing all of them would exceed the budget — its *signature* — and index the phrase under their
tokens and characters: a text that has none of them cannot match the phrase, and is never
aligned against it. (Phrases whose hard syllables cannot exhaust the budget are always tried.)

The index is built for one threshold and stays valid for any higher one. Each candidate then
passes more cheap necessary tests before the alignment: :func:`reachable` (the cost of the
syllables the text lacks), :func:`dense_bits` (enough of them close enough together: also the
window the alignment runs in, which reaches less than a match's longest span beyond the groups
found) and :func:`alignable` (a lower bound of the cost in that window from the longest common
subsequence of the phrase's syllables and the window's, bit-parallel: the order must fit too).

Patterns are prefiltered by the characters and pairs every match has (:class:`_PatternFilter`);
a text joined from pieces (cut at punctuation) is read piece by piece, each piece's OR
remembered, and one filter serves every call context of a library.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from itertools import repeat
from typing import TYPE_CHECKING

from simulator.phrases import speedups
from simulator.phrases.align import SOFT, Compiled
from simulator.phrases.anchors import alternatives_of
from simulator.phrases.library import Unit
from simulator.phrases.normalize import pairs_of
from simulator.phrases.pinyin import SOFT_WORDS, TOKEN_BASE, Syllables, homophone_key, reading_tokens

if TYPE_CHECKING:
    from simulator.phrases import _speedups
    from simulator.phrases._speedups import PhraseFilter

__all__ = [
    "EVERYWHERE", "Catalogue", "PositionBits", "alignable", "catalogue", "dense", "dense_bits", "mask_test",
    "members", "need_span", "position_bits", "positions", "reachable", "text_position_bits",
]


def reachable(c: Compiled, tokens: frozenset[str], chars: str, threshold: float, mask: int = -1) -> bool:
    """Can ``c`` reach ``threshold`` in a text with these tokens and characters at all?

    ``mask`` (the text's :attr:`~simulator.phrases.pinyin.Syllables.mask`) first rejects, with
    two integer operations, a text that lacks more of the phrase's syllables than the budget
    allows — every distinct missing token costs at least the phrase's cheapest miss.
    """
    budget = c.total * (1 - threshold / 100) + 1e-9
    if c.mask_ok:
        lost_bits = c.hard_mask & ~mask
        if lost_bits and lost_bits.bit_count() * c.min_miss > budget:
            return False
    lost = c.tokset.difference(tokens)
    if not lost:
        return True
    missing = 0.0
    for tok in lost:
        for ch, cost in c.by_token[tok]:
            if ch not in chars:  # a heteronym read another way in the text still counts
                missing += cost
                if missing > budget:
                    return False
    return True


def text_keys(syl: Syllables) -> frozenset[str]:
    """The index keys a text has: its syllables' tokens, every reading of its characters and the
    characters themselves."""
    return syl.keys or _text_keys(syl.chars, syl.token_set)


@lru_cache(maxsize=1 << 12)
def _text_keys(chars: str, tokens: frozenset[str]) -> frozenset[str]:
    keys = set(tokens)
    keys.update(chars)
    for ch in set(chars):
        keys.update(reading_tokens(ch))
    return frozenset(keys)


def positions(syl: Syllables) -> dict[str, list[int]]:
    """Where each token and each character occurs in a text (memoised per text: the caller must
    not change the result)."""
    return _positions(syl.chars, syl.tokens)


@lru_cache(maxsize=1 << 12)
def _positions(chars: str, tokens: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for j, (tok, ch) in enumerate(zip(tokens, chars, strict=True)):
        out.setdefault(tok, []).append(j)
        if ch != tok:
            out.setdefault(ch, []).append(j)
    return out


class PositionBits(dict[str, int]):
    """:func:`positions` as bit sets, and ``hard``: the bits of the positions that are not soft
    words (:data:`~simulator.phrases.pinyin.SOFT_WORDS`)."""

    __slots__ = ("hard",)
    hard: int  # set by position_bits (no __init__ of its own: one Python call less per text)


def position_bits(syl: Syllables) -> PositionBits:
    """:func:`positions` as bit sets (bit ``j``: position ``j``), memoised per text."""
    return text_position_bits(syl.chars, syl.tokens)


_BITS = tuple(1 << j for j in range(1024))  # the bit of each position (a text is a sentence or two)


@lru_cache(maxsize=1 << 12)
def text_position_bits(chars: str, tokens: str) -> PositionBits:
    """:func:`position_bits` of the text with these characters and tokens (the memoised one:
    the search calls it directly, once per phrase it tests)."""
    if len(chars) > len(_BITS) or len(tokens) != len(chars):
        return _position_bits_long(chars, tokens)
    out = PositionBits()
    get = out.get
    # the tokens, then the characters (a key that is both gets the positions of both, as one
    # loop over the pairs gives)
    for tok, b in zip(tokens, _BITS, strict=False):
        out[tok] = get(tok, 0) | b
    for ch, b in zip(chars, _BITS, strict=False):
        out[ch] = get(ch, 0) | b
    # every position but those of the soft words (a character key holds all its positions; the
    # soft words looked up among the keys, not a string made per character)
    everywhere = (1 << len(chars)) - 1
    out.hard = reduce(operator.xor, map(out.__getitem__, out.keys() & SOFT_WORDS), everywhere)
    return out


def _position_bits_long(chars: str, tokens: str) -> PositionBits:
    out = PositionBits()
    get = out.get
    for j, (tok, ch) in enumerate(zip(tokens, chars, strict=True)):
        b = 1 << j
        out[tok] = get(tok, 0) | b
        if ch != tok:
            out[ch] = get(ch, 0) | b
    everywhere = (1 << len(chars)) - 1
    out.hard = reduce(operator.xor, map(get, SOFT_WORDS.intersection(chars), repeat(0)), everywhere)
    return out


EVERYWHERE = (0, 1 << 30)
PIECES_MAX = 1 << 14  # pieces of texts remembered per catalogue (then forgotten all at once)
PATTERN_SLOTS = 3  # requirement sets tested per pattern (more barely reject more)


def dense(c: Compiled, where: dict[str, list[int]], threshold: float) -> tuple[int, int] | None:
    """Do enough of ``c``'s hard syllables occur close enough together in the text? Where?

    A match within budget leaves at most ``k`` hard positions unmatched (the cheapest ``k`` misses
    fit the budget), and each matched one sits on a distinct text position holding its token or
    character; the match spans at most ``span = n + budget / (SOFT * min_weight)`` characters.
    None when no ``need`` such positions lie within a span; else the text window [lo, hi) every
    match within budget lies in (:data:`EVERYWHERE` when one position is enough): the alignment
    only needs to run there. A match contains ``need`` of the positions and is at most ``span``
    long, so the window reaches less than a span beyond the groups of ``need`` positions
    (:func:`_window`), not a span beyond each of their ends.
    """
    need, span, _ = need_span(c, threshold)
    if need <= 1:
        return EVERYWHERE
    hits = sorted({j for key in c.hard_keys for j in where.get(key, ())})
    if len(hits) >= need and hits[-1] - hits[0] < span:
        return _around(hits[0], hits[-1], need, span)
    return _window(hits, need, span)


def dense_bits(
    c: Compiled, where: dict[str, int], threshold: float, hard: int | None = None
) -> tuple[int, int] | None:
    """:func:`dense` over :func:`position_bits` (a bit per position): the same answer, with one
    OR per key and no sorting; a text with fewer such positions than needed is rejected at once.

    With ``hard`` (:attr:`PositionBits.hard` of the text), also None when no ``need`` such
    positions have few enough hard text characters from the first to the last of them: every text
    character a match spans is aligned to one of the phrase's ``n`` positions or inserted, and a
    hard character inserted costs at least ``unit * min_weight``, so a match within the
    alignment's cost limit spans at most ``n + limit / (unit * min_weight)`` hard characters
    (soft ones, :data:`SOFT` each, are what makes the span above wide). The window, when there is
    one, is the window of the groups that pass both tests."""
    need, span, hard_span = c.dense_memo.get(threshold) or need_span(c, threshold)
    if need <= 1:
        return EVERYWHERE
    # the OR of the positions of the phrase's hard keys (0 where the text has none), without a
    # Python step per key
    bits = reduce(operator.or_, map(where.get, c.hard_keys, repeat(0)), 0)
    count = bits.bit_count()
    if count < need:
        return None
    first, last = (bits & -bits).bit_length() - 1, bits.bit_length() - 1
    # All of them within a span: so is every group of ``need``, and the window spans them all.
    if last - first < span and (
            hard is None or (hard >> first & (2 << (last - first)) - 1).bit_count() <= hard_span):
        return _around(first, last, need, span)
    if count == need:
        return None  # the one group is all of them, which just failed (a third of the calls)
    # the groups of ``need`` consecutive hits, as (first, last) position
    groups: Iterable[tuple[int, int]]
    if count == need + 1:  # two: all but the last hit, all but the first (no list of them)
        below, above = bits ^ (1 << last), bits & (bits - 1)
        groups = ((first, below.bit_length() - 1), ((above & -above).bit_length() - 1, last))
    else:
        hits = []
        while bits:
            low = bits & -bits
            hits.append(low.bit_length() - 1)
            bits ^= low
        groups = zip(hits, hits[need - 1 :], strict=False)
    # the window of the groups that pass both tests (a match within budget has such a group), as
    # _window makes it
    lo = hi = -1
    for first, last in groups:
        if last - first < span and (
                hard is None or (hard >> first & (2 << (last - first)) - 1).bit_count() <= hard_span):
            if lo < 0:
                lo = max(0, last + 1 - span)
            hi = first + span
    return (lo, hi) if lo >= 0 else None


def alignable(c: Compiled, where: dict[str, int], lo: int, hi: int, threshold: float) -> bool:
    """Can ``c`` reach ``threshold`` with a match inside the text window [lo, hi) (from
    :func:`dense_bits`; ``where``: :func:`position_bits`)? A lower bound of the alignment's cost,
    in a few integer operations per hard phrase syllable.

    A hard phrase position not aligned to a text position holding its token or character costs
    at least its miss (deleted, or put against another syllable: a hard error, or a broken
    negation or person). The positions that are aligned so keep their order and take distinct
    text positions: at most as many as the longest common subsequence of the phrase's hard
    positions and the window, where a position "equals" the text positions holding its token or
    character — computed bit-parallel over the window's position bits (Hyyrö's LCS: one AND, an
    add, a subtract and an OR per phrase position). The positions whose keys occur nowhere in the
    window are missed at their own cost; of the others, as many as the subsequence leaves out are
    missed at least at the cheapest costs. Over the alignment's cost limit (a score that rounds
    to the threshold): no match. This catches the phrases whose syllables are all near each other
    but in another order (你什么意思 against 请问有什么可以帮您) or whose dear first or last
    syllable is elsewhere in the text, without their alignment."""
    inside = (1 << hi) - (1 << lo)
    limit = c.total * (1 - (threshold - 0.005) / 100) + 1e-9
    get = where.get
    absent = 0.0  # the cost of the positions whose keys the window lacks
    present = 0
    v = inside  # Hyyrö's bit vector: a 0 per window position the subsequence has used
    for tok, ch, cost in c.in_order:
        m = (get(tok, 0) | get(ch, 0)) & inside
        if not m:
            absent += cost
            if absent > limit:
                return False
            continue
        present += 1
        u = v & m
        v = (v + u) | (v - u)
    left_out = present - (hi - lo - (v & inside).bit_count())
    return left_out <= 0 or absent + sum(c.miss_costs[:left_out]) <= limit


def need_span(c: Compiled, threshold: float) -> tuple[int, int, int]:
    """The hard positions a match within budget must have, the span they lie in, and how many
    hard text characters a match within the alignment's cost limit can span."""
    memo = c.dense_memo.get(threshold)
    if memo is None:
        budget = c.total * (1 - threshold / 100) + 1e-9
        k, spent = 0, 0.0
        for cost in c.miss_costs:
            spent += cost
            if spent > budget:
                break
            k += 1
        # the alignment's own limit (a score that rounds to the threshold reaches it), and a
        # millionth of slack against rounding in the division
        limit = c.total * (1 - (threshold - 0.005) / 100) + 1e-9
        hard_span = len(c.norm) + int(limit / (c.unit * c.min_weight) + 1e-6)
        memo = (len(c.hard) - k, len(c.norm) + int(budget / (SOFT * c.min_weight)), hard_span)
        if len(c.dense_memo) < 4:  # the matcher's thresholds, not every raised one
            c.dense_memo[threshold] = memo
    return memo


def _window(hits: list[int], need: int, span: int) -> tuple[int, int] | None:
    """The text window holding every match that has a group of ``need`` of these (ascending)
    hit positions within ``span``: a match is at most ``span`` characters long and contains its
    group ``hits[i] .. hits[i + need - 1]``, so it starts at ``hits[i + need - 1] + 1 - span`` or
    later and ends by ``hits[i] + span``; None when no group lies within a span."""
    lo, hi = -1, -1
    for i in range(len(hits) - need + 1):
        last = hits[i + need - 1]
        if last - hits[i] < span:
            if lo < 0:
                lo = max(0, last + 1 - span)
            hi = hits[i] + span
    return (lo, hi) if lo >= 0 else None


def _around(first: int, last: int, need: int, span: int) -> tuple[int, int]:
    """:func:`_window` when all the hits, from ``first`` to ``last``, lie within a span, without
    listing them: the ``need``-th hit is at ``first + need - 1`` or later and the ``need``-th
    from the end at ``last - need + 1`` or earlier (the window may be a little wider than
    :func:`_window`'s, never narrower)."""
    return max(0, first + need - span), last - need + 1 + span


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The units of one call context, with their phrases indexed."""

    units: tuple[Unit, ...]
    threshold: float  # the index is valid for this threshold and above
    flat: tuple[tuple[int, Compiled], ...]  # phrase id → (unit index, phrase); ids in unit order
    index: dict[str, tuple[int, ...]]  # token or character → phrase ids
    always: frozenset[int]
    # per pattern, in (unit, pattern) order, per top-level alternative of it: sets of homophone-key
    # characters or character pairs, one of each set occurring in every match of the alternative
    # (:func:`simulator.phrases.anchors.alternatives_of`, the rarest few); a text without them for
    # every alternative is not searched
    pattern_needs: tuple[tuple[tuple[frozenset[str], ...], ...], ...] = ()
    # ``index`` with each phrase's mask test inlined: key → (phrase id, hard-token bits, how many
    # distinct hard tokens the phrase may lack at the catalogue's threshold); -1 bits: no mask test
    quick: dict[str, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)
    filter: _Filter = field(init=False, compare=False, repr=False)
    # per phrase id: (unit index, phrase, hard-token bits or -1 when not mask_ok, W, (token,
    # character, cost of missing it) per hard position, dearest first): what :meth:`candidates` reads
    tests: tuple[tuple[int, Compiled, int, float, tuple[tuple[str, str, float], ...]], ...] = field(
        init=False, compare=False, repr=False)
    pattern_filter: _PatternFilter = field(init=False, compare=False, repr=False)
    token_bits: int = field(init=False, compare=False, repr=False)  # every phrase's hard-token bits
    # threshold → the cost budget of each phrase (by id), for candidates()
    _budgets: dict[float, tuple[float, ...]] = field(init=False, compare=False, repr=False)
    # :meth:`candidates` in C (:mod:`simulator.phrases.speedups`), or None: the Python below
    fast: PhraseFilter | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "token_bits", reduce(
            operator.or_, (c.hard_mask for _, c in self.flat if c.mask_ok and c.hard_mask > 0), 0))
        object.__setattr__(self, "_budgets", {})
        object.__setattr__(self, "filter", _Filter(self.flat, self.index, self.always, self.threshold))
        object.__setattr__(self, "pattern_filter", _pattern_filter(self))
        object.__setattr__(self, "tests", tuple(
            (ui, c, c.hard_mask if c.mask_ok else -1, c.total, _dearest(c)) for ui, c in self.flat))
        object.__setattr__(self, "fast", _fast_filter(self))

    def pattern_candidates(self, key: str, pieces: Sequence[str] | None = None) -> dict[int, list[int]]:
        """Per unit index, the indices of its patterns whose needed characters and character pairs
        occur in ``key`` (the text's homophone key) and whose homophone form matches ``key``,
        ascending: the patterns that can hit (a pattern that does not match the keys matches
        neither the text). ``pieces``: the normalised pieces the text was joined from
        (:func:`~simulator.phrases.normalize.pieces_of`), to read the key piece by piece."""
        pf = self.pattern_filter
        if pf.fast is not None:  # the same, in C
            return pf.fast.candidates(key)
        slots = pf.slots(key, pieces)
        found, every, width = -1, pf.every, pf.width
        for _ in range(PATTERN_SLOTS):
            found &= slots & every
            slots >>= width
        out: dict[int, list[int]] = {}
        table = pf.table
        last = None
        while found:
            low = found & -found
            found ^= low
            entry = table[low.bit_length() - 1]
            if entry is last:
                continue  # another alternative of the pattern just searched
            last = entry
            ui, pi, rx_homophone = entry
            if rx_homophone.search(key) is not None:
                if ui in out:
                    out[ui].append(pi)
                else:
                    out[ui] = [pi]
        return out

    def candidates(self, syl: Syllables, threshold: float) -> dict[int, list[Compiled]] | None:
        """Per unit index, the phrases worth aligning (longest first), each already found
        :func:`reachable` in the text; None: no index at this threshold.

        The index and mask tests run on all phrases at once (:class:`_Filter`: one bit per
        phrase); only the survivors are tested one by one."""
        if threshold < self.threshold:
            return None
        if self.fast is not None and syl.token_mask:  # the same tests in C
            return self.fast.candidates(text_keys(syl), syl.tokens, syl.chars, threshold, syl)
        ids = self.filter.survivors(text_keys(syl))
        out: dict[int, list[Compiled]] = {}
        flat, chars, mask = self.flat, syl.chars, syl.mask
        if not syl.token_mask:  # syllables built without their token bits
            token_set = syl.token_set
            for pid in members(ids):
                unit_index, c = flat[pid]
                if reachable(c, token_set, chars, threshold, mask):
                    out.setdefault(unit_index, []).append(c)
            return out
        # reachable() inline, on token bits: the hard tokens lost are the phrase's bits missing
        # from the text's own syllables (a mask_ok phrase has a bit for every hard token). (The
        # survivors passed the mask test; the cost of the lost tokens' positions whose character
        # is not in the text either is at least that test's bound, so it needs no repeating.)
        # the phrases' token bits the text's syllables lack (a non-negative int: no two's
        # complement of a negative one per phrase)
        lacking = self.token_bits & ~syl.token_mask
        budgets = self._budgets.get(threshold)
        if budgets is None:
            keep = 1 - threshold / 100
            budgets = tuple(total * keep + 1e-9 for _, _, _, total, _ in self.tests)
            if len(self._budgets) < 4:  # the matcher's thresholds, not every raised one
                self._budgets[threshold] = budgets
        tests, own = self.tests, syl.tokens
        while ids:
            low = ids & -ids
            ids ^= low
            pid = low.bit_length() - 1
            unit_index, c, hard_mask, _, dear = tests[pid]
            if hard_mask < 0:  # not mask_ok
                if reachable(c, syl.token_set, chars, threshold, mask):
                    out.setdefault(unit_index, []).append(c)
                continue
            lost = hard_mask & lacking
            if lost:
                budget = budgets[pid]
                missing = 0.0
                # the hard positions, dearest first (out at the first lost edge): lost when the
                # text's syllables lack the token (its bit is in ``lost``: two substring tests, no
                # integer made) and the character is not in the text either (a heteronym read
                # another way in the text still counts)
                for tok, ch, cost in dear:
                    if tok not in own and ch not in chars:
                        missing += cost
                        if missing > budget:
                            break
                else:
                    out.setdefault(unit_index, []).append(c)
                continue
            out.setdefault(unit_index, []).append(c)
        return out


def _fast_filter(cat: Catalogue) -> PhraseFilter | None:
    """The C version of ``cat``'s :class:`_Filter` and of the loop after it in
    :meth:`Catalogue.candidates` (:mod:`simulator.phrases.speedups`), or None without it. One
    row per index key with the phrases indexed under it (:attr:`_Filter.by_index`), and per phrase
    the rows of the hard tokens its mask test counts (:attr:`_Filter.by_count`)."""
    fast = speedups.module()
    if fast is None:
        return None
    flt = cat.filter
    rows: dict[str, int] = {}
    for key in (*flt.by_index, *flt.by_count):
        rows.setdefault(key, len(rows))
    index_rows = [members(flt.by_index.get(key, 0)) for key in rows]
    counted: list[list[int]] = [[] for _ in cat.flat]  # per phrase: the rows of its counted tokens
    for key, bits in flt.by_count.items():
        for pid in members(bits):
            counted[pid].append(rows[key])
    need = [0] * len(cat.flat)
    for j, level in enumerate(flt.need):
        for pid in members(level):
            need[pid] |= 1 << j
    phrases = []
    for pid, (ui, c, hard_mask, total, dear) in enumerate(cat.tests):
        flags = ((flt.always >> pid & 1) * FAST_ALWAYS | (flt.pass_all >> pid & 1) * FAST_PASS_ALL
                 | (hard_mask >= 0) * FAST_MASK_OK)
        phrases.append((ui, c, flags, need[pid], total, dear))
    return fast.PhraseFilter(rows, index_rows, counted, phrases, _reachable_in)


FAST_ALWAYS, FAST_PASS_ALL, FAST_MASK_OK = 1, 2, 4  # the flags of a phrase in _speedups.c


def _reachable_in(c: Compiled, syl: Syllables, threshold: float) -> bool:
    return reachable(c, syl.token_set, syl.chars, threshold, syl.mask)


def _dearest(c: Compiled) -> tuple[tuple[str, str, float], ...]:
    """(token, character, cost of missing it) of each hard position of ``c``, dearest first."""
    return tuple(sorted(((tok, ch, cost) for tok, pairs in c.by_token.items() for ch, cost in pairs),
                        key=lambda check: -check[2]))


_FILTERS: dict[tuple[object, ...], _PatternFilter] = {}
FILTERS_MAX = 64


def _pattern_filter(cat: Catalogue) -> _PatternFilter:
    """The pattern filter of ``cat``, shared by the catalogues with the same patterns and
    requirement sets (the call contexts of one library: see :func:`catalogue`), so that what it
    remembers of the texts' pieces serves them all."""
    patterns = tuple(tuple(rx.pattern for _, _, rx, _ in unit.patterns) for unit in cat.units)
    key = (patterns, cat.pattern_needs)
    found = _FILTERS.get(key)
    if found is None:
        found = _PatternFilter(cat)
        if len(_FILTERS) >= FILTERS_MAX:
            _FILTERS.clear()
        _FILTERS[key] = found
    return found


class _PatternFilter:
    """The pattern prefilter as bit sets: one bit per alternative of a pattern
    (:attr:`Catalogue.pattern_needs`: a pattern ``A|B`` has one per top-level branch, any other
    pattern one), numbered in (unit, pattern, alternative) order, so the set bits come out in the
    order the units run. Each alternative has up to :data:`PATTERN_SLOTS` requirement sets; slot
    ``r`` holds, per character or character pair, the alternatives whose ``r``-th set contains it
    (an alternative with fewer sets is in the slot's ``always``). An alternative passes when every
    slot's OR over the text's characters and pairs has its bit, and a pattern is searched when one
    of its alternatives passes. The slots are kept side by side in one integer."""

    __slots__ = ("always", "by_gram", "every", "fast", "pieces", "table", "width")

    def __init__(self, cat: Catalogue) -> None:
        # per alternative: its pattern's (unit index, pattern index, homophone form), the same
        # tuple object for every alternative of one pattern
        self.table: list[tuple[int, int, re.Pattern[str]]] = []
        per_pattern = iter(cat.pattern_needs)
        needs_of: list[tuple[frozenset[str], ...]] = []
        for ui, unit in enumerate(cat.units):
            for pi, (_, _, rx_homophone, _) in enumerate(unit.patterns):
                entry = (ui, pi, rx_homophone)
                for needs in next(per_pattern, ((),)):
                    self.table.append(entry)
                    needs_of.append(needs)
        always = [0] * PATTERN_SLOTS
        slots: dict[str, list[int]] = {}
        for number, needs in enumerate(needs_of):
            b = 1 << number
            for r in range(PATTERN_SLOTS):
                if r >= len(needs):
                    always[r] |= b
                    continue
                for gram in needs[r]:
                    slots.setdefault(gram, [0] * PATTERN_SLOTS)[r] |= b
        # The slots side by side in one integer (slot r at bit r * width): one OR per character or
        # pair of the text, all of them in one C-level reduce.
        self.width = len(self.table)
        self.every = (1 << self.width) - 1

        def joined(per_slot: list[int]) -> int:
            return sum(b << (r * self.width) for r, b in enumerate(per_slot))

        self.always = joined(always)
        self.by_gram: dict[str, int] = {g: joined(v) for g, v in slots.items()}
        self.pieces: dict[str, int] = {}  # a normalised piece → :meth:`grams_or` of its key
        # the filter and the searches after it in C (simulator.phrases.speedups), or None
        fast = speedups.module()
        self.fast: _speedups.PatternFilter | None = None if fast is None else fast.PatternFilter(
            self.by_gram, self.always, self.width, PATTERN_SLOTS, tuple(self.table))

    def grams_or(self, key: str) -> int:
        """The OR of the slots of the characters and character pairs of ``key``."""
        by_gram = self.by_gram
        grams = by_gram.keys() & set(key).union(pairs_of(key))
        return reduce(operator.or_, map(by_gram.__getitem__, grams), 0)

    def slots(self, key: str, pieces: Sequence[str] | None = None) -> int:
        """:meth:`grams_or` of a text's homophone key, with ``always``. With the normalised
        ``pieces`` the text was joined from, piece by piece: a character's key does not depend
        on its neighbours, so the grams of the text are those of its pieces and the pairs across
        the cuts, and the OR is the pieces' ORs (remembered: operators repeat their clauses
        around names, numbers and places) with the slots of those pairs — the whole key's."""
        if not pieces:
            return self.grams_or(key) | self.always
        memo, get = self.pieces, self.by_gram.get
        out = self.always
        at = 0
        for piece in pieces:
            bits = memo.get(piece)
            if bits is None:
                bits = self.grams_or(homophone_key(piece))
                if len(memo) >= PIECES_MAX:
                    memo.clear()
                memo[piece] = bits
            if at:
                out |= get(key[at - 1 : at + 1], 0)
            out |= bits
            at += len(piece)
        return out


class _Filter:
    """The index test and the mask test of :meth:`Catalogue.candidates` on every phrase at once.

    A phrase is a candidate when a text key holds it in the index (``index``), and when the text
    lacks at most ``allowed`` of its hard tokens (the mask test, ``quick``) — or when it is in
    ``always``. Each test is a set of phrases, an integer with one bit per phrase id: the index
    test is the OR of the keys' bit sets; the mask test counts, for every phrase at once, how many
    of its hard tokens the text has (a bit-sliced counter fed one token bit set at a time) and
    compares the count with what the phrase needs (``hard tokens - allowed``). The same phrases
    as testing each (key, phrase) pair, in a fraction of the Python steps.
    """

    __slots__ = ("always", "by_count", "by_index", "need", "pass_all", "width")

    def __init__(self, flat: tuple[tuple[int, Compiled], ...], index: dict[str, tuple[int, ...]],
                 always: frozenset[int], threshold: float) -> None:
        keep = 1 - threshold / 100
        indexed: dict[str, int] = {}
        for key, ids in index.items():
            bits = 0
            for pid in ids:
                bits |= 1 << pid
            indexed[key] = bits
        self.always = 0
        for pid in always:
            self.always |= 1 << pid
        by_bit: dict[int, int] = {}  # token bit position → phrases with that hard token
        need: list[int] = []  # per phrase: hard tokens the text must have
        pass_all = 0  # phrases without a mask test
        for pid, (_, c) in enumerate(flat):
            bits, allowed = mask_test(c, keep)
            if bits < 0:
                pass_all |= 1 << pid
                need.append(0)
                continue
            need.append(max(0, bits.bit_count() - allowed))
            while bits:
                low = bits & -bits
                by_bit[low.bit_length() - 1] = by_bit.get(low.bit_length() - 1, 0) | 1 << pid
                bits ^= low
            if need[-1] == 0:
                pass_all |= 1 << pid
        self.width = max(need, default=0).bit_length()
        self.need = [0] * self.width  # bit slices of ``need``, least significant first
        for pid, n in enumerate(need):
            for j in range(self.width):
                if n >> j & 1:
                    self.need[j] |= 1 << pid
        self.pass_all = pass_all
        # key → phrases indexed under it; token key → phrases with it as a hard token (a token's
        # phrases are under its token key, which is also the key of its bit)
        self.by_index = {key: bits for key, bits in indexed.items() if bits}
        self.by_count = {chr(TOKEN_BASE + pos): bits for pos, bits in by_bit.items() if bits}

    def survivors(self, keys: frozenset[str]) -> int:
        """The phrase ids passing both tests for a text with these index keys (:func:`text_keys`:
        its tokens, characters and reading tokens — the token keys are exactly the bits of
        its token mask), as a bit set (bit ``pid``)."""
        # the index test: an OR over the keys, at C level; the count: only the token keys add
        indexed = reduce(operator.or_, map(self.by_index.__getitem__, self.by_index.keys() & keys), 0)
        counted = self.by_count
        carries = map(counted.__getitem__, counted.keys() & keys)
        width = self.width
        if width == 4:  # the counter's four slices in locals (the usual width: needs up to 15)
            c0 = c1 = c2 = c3 = 0
            for carry in carries:
                c0, carry = c0 ^ carry, c0 & carry
                if carry:
                    c1, carry = c1 ^ carry, c1 & carry
                    if carry:
                        c2, carry = c2 ^ carry, c2 & carry
                        if carry:
                            c3, carry = c3 ^ carry, c3 & carry
                            if carry:  # more than any phrase needs: saturate (every bit set)
                                c0, c1, c2, c3 = c0 | carry, c1 | carry, c2 | carry, c3 | carry
            count = [c0, c1, c2, c3]
        else:
            count = [0] * width  # bit slices of the per-phrase count, least significant first
            for carry in carries:
                sliced_add(count, carry)
        ids = self.always
        if indexed:
            ids |= indexed & (sliced_at_least(count, self.need) | self.pass_all)
        return ids


def members(bits: int) -> list[int]:
    """The members of a bit set, ascending."""
    out: list[int] = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


def sliced_add(count: list[int], carry: int) -> None:
    """Add 1 to the bit-sliced counters (``count[j]``: bit ``j`` of every counter, one counter per
    bit position) of the members of ``carry``; a counter past the top saturates (every bit set)."""
    width = len(count)
    j = 0
    while carry and j < width:
        level = count[j]
        count[j] = level ^ carry
        carry &= level
        j += 1
    if carry:
        for k in range(width):
            count[k] |= carry


def sliced_at_least(count: list[int], need: list[int]) -> int:
    """The members whose bit-sliced counter (``count``) is at least their ``need`` (sliced alike)."""
    greater, equal = 0, -1
    for j in range(len(need) - 1, -1, -1):
        c, n = count[j], need[j]
        greater |= equal & c & ~n
        equal &= ~(c ^ n)
    return greater | equal


def _signature(c: Compiled, frequency: Counter[str], threshold: float) -> list[int] | None:
    budget = c.total * (1 - threshold / 100) + 1e-9
    missing = 0.0
    chosen: list[int] = []
    for i in sorted(c.hard, key=lambda i: (frequency[c.syl.tokens[i]], i)):
        chosen.append(i)
        missing += c.unit * c.weight[i] * c.edge[i]
        if missing > budget:
            return chosen
    return None


def catalogue(units: tuple[Unit, ...], threshold: float) -> Catalogue:
    flat = tuple((ui, c) for ui, unit in enumerate(units) for c in unit.phrases)
    frequency: Counter[str] = Counter()
    for _, c in flat:
        frequency.update(set(c.syl.tokens))
    index: dict[str, list[int]] = {}
    always: set[int] = set()
    for pid, (_, c) in enumerate(flat):
        signature = _signature(c, frequency, threshold)
        if signature is None:
            always.add(pid)
            continue
        for i in signature:
            # Under its token; a text with the character has that token among its readings
            # (mask_ok), else the character is a key too.
            for key in (c.syl.tokens[i],) if c.mask_ok else (c.syl.tokens[i], c.norm[i]):
                ids = index.setdefault(key, [])
                if not ids or ids[-1] != pid:
                    ids.append(pid)
    # How common each homophone-key character and pair is, in the phrases without a placeholder
    # value of more than two characters (those weigh less than 1): the same in every call context
    # of a library, so the catalogues of all contexts choose the same requirement sets and share
    # one pattern filter (:func:`_pattern_filter`). (The choice only decides how many patterns are
    # searched, never what matches.)
    gram_frequency: Counter[str] = Counter()
    for _, c in flat:
        if min(c.weight, default=1.0) < 1.0:
            continue
        key = homophone_key(c.norm)
        gram_frequency.update(key)
        gram_frequency.update(map(operator.add, key, key[1:]))
    rarities: dict[frozenset[str], int] = {}  # the same requirement sets recur across patterns

    def rarity(grams: frozenset[str]) -> int:
        value = rarities.get(grams)
        if value is None:
            value = rarities[grams] = sum(gram_frequency[g] + 1 for g in grams)
        return value

    pattern_needs = []
    for unit in units:
        for _, _, rx_homophone, _ in unit.patterns:
            pattern_needs.append(tuple(
                tuple(sorted(needs, key=rarity)[:PATTERN_SLOTS])  # the rarest
                for needs in alternatives_of(rx_homophone.pattern)))
    keep = 1 - threshold / 100
    quick = {
        key: tuple((pid, *mask_test(flat[pid][1], keep)) for pid in ids) for key, ids in index.items()
    }
    return Catalogue(
        units, threshold, flat, {k: tuple(v) for k, v in index.items()}, frozenset(always),
        tuple(pattern_needs), quick,
    )


def mask_test(c: Compiled, keep: float) -> tuple[int, int]:
    """(hard-token bits, distinct tokens the phrase may lack) for the index's inline test; the
    bits are -1 when the mask test does not apply to ``c`` (see :attr:`Compiled.mask_ok`)."""
    if not c.mask_ok or c.min_miss <= 0:
        return -1, 0
    budget = c.total * keep + 1e-9
    return c.hard_mask, int(budget // c.min_miss)
