"""An inverted index that picks the few phrases worth aligning against a text.

A phrase can only reach the threshold if the hard errors it must make stay within its budget
(``W * (1 - threshold / 100)``). Every hard phrase syllable whose token *and* character are both
absent from the text is such an error. So for each phrase we take its rarest hard syllables until
missing all of them would exceed the budget — its *signature* — and index the phrase under their
tokens and characters: a text that has none of them cannot match the phrase, and is never
aligned against it. (Phrases whose hard syllables cannot exhaust the budget are always tried.)

The index is built for one threshold and stays valid for any higher one. Each candidate then
passes two more cheap necessary tests before the alignment (:func:`reachable`, :func:`dense`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from simulator.phrases.align import SOFT, Compiled
from simulator.phrases.library import Unit
from simulator.phrases.pinyin import Syllables

__all__ = ["Catalogue", "catalogue", "dense", "positions", "reachable"]


def reachable(c: Compiled, tokens: frozenset[str], chars: str, threshold: float) -> bool:
    """Can ``c`` reach ``threshold`` in a text with these tokens and characters at all?"""
    lost = c.tokset.difference(tokens)  # one set operation; usually empty or decisive
    if not lost:
        return True
    budget = c.total * (1 - threshold / 100) + 1e-9
    missing = 0.0
    for tok in lost:
        for ch, cost in c.by_token[tok]:
            if ch not in chars:  # a heteronym read another way in the text still counts
                missing += cost
                if missing > budget:
                    return False
    return True


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


def dense(c: Compiled, where: dict[str, list[int]], threshold: float) -> bool:
    """Do enough of ``c``'s hard syllables occur close enough together in the text?

    A match within budget leaves at most ``k`` hard positions unmatched (the cheapest ``k`` misses
    fit the budget), and each matched one sits on a distinct text position holding its token or
    character; the match spans at most ``n + budget / (SOFT * min_weight)`` characters.
    """
    budget = c.total * (1 - threshold / 100) + 1e-9
    k, spent = 0, 0.0
    for cost in c.miss_costs:
        spent += cost
        if spent > budget:
            break
        k += 1
    need = len(c.hard) - k
    if need <= 1:
        return True
    hits = sorted({j for key in c.hard_keys for j in where.get(key, ())})
    span = len(c.norm) + int(budget / (SOFT * c.min_weight))
    return any(hits[i + need - 1] - hits[i] < span for i in range(len(hits) - need + 1))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The units of one call context, with their phrases indexed."""

    units: tuple[Unit, ...]
    threshold: float  # the index is valid for this threshold and above
    flat: tuple[tuple[int, Compiled], ...]  # phrase id → (unit index, phrase); ids in unit order
    index: dict[str, tuple[int, ...]]  # token or character → phrase ids
    always: frozenset[int]

    def candidates(self, syl: Syllables, threshold: float) -> dict[int, list[Compiled]] | None:
        """Per unit index, the phrases worth aligning (longest first); None: no index at this threshold."""
        if threshold < self.threshold:
            return None
        ids = set(self.always)
        index = self.index
        for key in syl.token_set.union(syl.chars):
            hit = index.get(key)
            if hit:
                ids.update(hit)
        out: dict[int, list[Compiled]] = {}
        for pid in sorted(ids):
            unit_index, phrase = self.flat[pid]
            out.setdefault(unit_index, []).append(phrase)
        return out


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
            for key in (c.syl.tokens[i], c.norm[i]):
                ids = index.setdefault(key, [])
                if not ids or ids[-1] != pid:
                    ids.append(pid)
    return Catalogue(units, threshold, flat, {k: tuple(v) for k, v in index.items()}, frozenset(always))
