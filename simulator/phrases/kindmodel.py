"""A learned second detector of 禁语: the *kind* of speech, in wording no pattern was written for.

The seeds list 禁语 as examples of kinds of speech (生硬、推诿、不耐烦、斥责、嘲讽 …), and the
hand-written kind patterns of ``forbidden.yaml`` generalise to the wording families they were
written from, not to the next paraphrase (measured on probe files written after each round of
tuning: 67.8 %, 46.7 %, 28.0 % of fresh 禁语 detected). This module adds the simplest learned model
that does generalise: a naive Bayes over character 1–3-grams of the matcher's normalised text,
trained offline by ``scripts/train_kind_model.py`` on the tuned probe sets (禁语 and their correct
near-misses) and correct operator lines, and shipped as counts in ``kind_model.json`` beside this
file. Pure Python, no randomness: the same text always gets the same score, so grading stays
deterministic and a record regrades as it was — in every process: the terms are summed exactly
rounded (``math.fsum``), not in the order the set of grams iterates, which follows the hash seed.

It runs on every sentence of every operator turn without a pattern 禁语, and nearly all of them
score far below the threshold: a cheap upper bound (:class:`ScoreBound`, from the pairs the
text's normalisation already made) rules out 95 % of them before the exact score, which builds
and hashes a string per gram. The bound is provably at least the score, so the decisions are the
exact model's (``tests/phrases/test_kind_model.py``). A model keeps each sentence's normalised
form and bound (``KindModel.memo``, by the sentence as said; the exact score instead once it
was needed): operators repeat their sentences around names and numbers, and a sentence seen
before costs one dictionary lookup.

It only speaks when the patterns are silent (:func:`learned_hit`): per sentence of the utterance,
when the model's log-odds exceed the calibrated threshold, no correct service act covers most
of the sentence (an apology, 稍等 with a reason, a transfer offer, a closing: correct speech that
shares words with 禁语 keeps its act) and the utterance is not chatting or arguing (other rules
judge those). The hit names the kind (a second naive Bayes over the kinds)
through the ``model: true`` entry of ``forbidden.yaml`` for that kind, so reports cite the clause
of 000 服务禁忌 that forbids the kind and quote the sentence, like a pattern hit.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from simulator.phrases import speedups
from simulator.phrases.normalize import dropped_only, normalise, pair_list, pairs_of, pieces_of, triples_of
from simulator.phrases.types import ForbiddenEntry, Hit

__all__ = [
    "LEARNED_SCORE", "MODEL_FILE", "NOT_CORRECT", "KindModel", "ScoreBound", "candidate", "grams",
    "kind_model", "learned_hit", "model_entries", "sentences",
]

MODEL_FILE = Path(__file__).with_name("kind_model.json")
LEARNED_SCORE = 90.0  # below a pattern's 100: a low-confidence turn gets "识别不清", not a veto
NOT_CORRECT = frozenset({"forbidden", "argue", "chat"})  # acts that are not correct service speech
GUARD_SCORE = 95.0  # a correct act hit this good …
GUARD_COVER = 0.5  # … covering this much of a sentence keeps the sentence clean
MIN_CHARS = 4  # shorter sentences (好的、没关系) are left to the patterns
# Speech another rule judges (闲聊、开玩笑 000 服务禁忌（八）; 争执): not a 禁语 of the model's.
OTHER_FAULT = frozenset({"chat", "argue"})
SMOOTH = 0.5  # add-½ for 禁语 vs correct speech
KIND_SMOOTH = 0.3  # for the kinds (chosen by 5-fold cross-validation on the training 禁语: 78 % right)

_SENTENCE = re.compile(r"[^。！？!?；;…\n]+")


def grams(norm: str) -> set[str]:
    """The character 1–3-grams of a normalised text, with ``^``/``$`` marking its ends."""
    t = "^" + norm + "$"
    # 1-grams, then 2-grams, then 3-grams, each left to right (the set's order, and so the order
    # the model sums its terms in, as ever), built without a Python step per gram; the pairs
    # inside the text are the ones its normalisation and pinyin already made (pair_list)
    out = set(t)
    if norm:
        out.add(t[:2])
        out.update(pair_list(norm))
        out.add(t[-2:])
    else:
        out.update(pairs_of(t))
    out.update(triples_of(t))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (split at 。！？；…; a recogniser's unpunctuated
    text is one sentence)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


# The bound is compared with a margin that covers the rounding of its own sum (at most ~1e-7 for
# a sentence of BOUND_MAX characters); longer sentences are scored in full.
BOUND_SLACK = 1e-6
BOUND_MAX = 4096
MEMO_MAX = 1 << 16  # sentences whose normalised form and bound a model keeps
_ACT = attrgetter("act")
_FIRST, _LAST = itemgetter(0), itemgetter(-1)


@dataclass(frozen=True, slots=True)
class ScoreBound:
    """An upper bound of :meth:`KindModel.score`, from what a sentence already has made.

    Almost every sentence an operator says scores far below the threshold (on the never-seen
    calls of ``grade_unique_bench.py``, the median is −59 against 10.5), and the exact score
    builds a string for each of the sentence's characters and three-character grams and hashes
    it. The bound reads only the pairs, which normalisation and pinyin already made and hashed
    (:func:`~simulator.phrases.normalize.pair_list`; of each piece of a text normalised piece by
    piece, :func:`~simulator.phrases.normalize.pieces_of`, plus the pairs across the cuts), and
    the few characters whose 1-gram may add to the score:

    * each distinct pair adds its exact 2-gram term plus the largest 3-gram term it can begin
      (a 3-gram begins with a pair of the text; a pair the model never saw begins only unseen
      3-grams); a pair that occurs again may begin another 3-gram: the largest any can add;
    * the 1-grams ``^`` and ``$`` are always there; of the sentence's own characters, those
      with a positive term (or never seen, when unseen grams count positive) are found by one
      regular-expression scan and added exactly; the rest can only lower the score.

    Every term is at least the exact one, so ``bound(norm) ≥ score(norm)``; a sentence whose
    bound is at or below the threshold (95 % of them) is never scored (:func:`candidate`).
    """

    base: float  # the prior and the 1-grams ^ and $
    raising: re.Pattern[str]  # a character whose 1-gram term may be positive
    unigram: Mapping[str, float]
    unseen: float
    pairs: Mapping[str, float]  # a pair's 2-gram term + the largest 3-gram term it can begin
    pair_default: float  # the same for a pair the model never saw
    again: float  # a pair's further occurrence: the largest 3-gram term there is (or 0)
    # the same bound in C (simulator.phrases.speedups), or None: the Python below
    fast: Callable[[str], float] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, prior: float, unseen: float, ratio: Mapping[str, float]) -> ScoreBound:
        """The bound of the model ``prior + Σ ratio.get(gram, unseen)``."""
        lead: dict[str, float] = {}  # a pair → the largest term of a 3-gram it begins (≥ unseen)
        again = max(unseen, 0.0)
        for g, v in ratio.items():
            if len(g) == 3:
                lead[g[:2]] = max(lead.get(g[:2], unseen), v)
                again = max(again, v)
        pairs = {}
        for p in sorted({g for g in ratio if len(g) == 2} | lead.keys()):
            third = lead.get(p, unseen)
            # a pair ending the text ($) begins no 3-gram (one inside an odd text may)
            pairs[p] = ratio.get(p, unseen) + (max(third, 0.0) if p.endswith("$") else third)
        lowering = "".join(sorted(g for g, v in ratio.items() if len(g) == 1 and v <= 0))
        raising = re.compile(f"[^{re.escape(lowering)}]" if lowering else ".", re.S)
        base = prior + ratio.get("^", unseen) + ratio.get("$", unseen)
        unigram = {g: v for g, v in ratio.items() if len(g) == 1}
        pair_default = unseen + max(unseen, 0.0)
        fast = speedups.module()
        return cls(base, raising, unigram, unseen, pairs, pair_default, again,
                   None if fast is None else fast.Bound(base, unseen, unigram, pairs, pair_default, again))

    def __call__(self, norm: str) -> float:
        """At least ``score(norm)`` (up to rounding: see :data:`BOUND_SLACK`)."""
        if not norm:
            return math.inf
        if self.fast is not None:  # the same terms, summed in C (in another order: a bound)
            return self.fast(norm)
        pieces = pieces_of(norm)
        if pieces is None or not all(pieces):
            distinct = set(pair_list(norm))
        else:  # the pieces' pairs (made for their pinyin) and the pairs across the cuts
            distinct = set(chain.from_iterable(map(pair_list, pieces)))
            distinct.update(map(operator.add, map(_LAST, pieces[:-1]), map(_FIRST, pieces[1:])))
        distinct.add("^" + norm[0])
        distinct.add(norm[-1] + "$")
        value = (self.base + sum(map(self.unigram.get, set(self.raising.findall(norm)), repeat(self.unseen)))
                 + sum(map(self.pairs.get, distinct, repeat(self.pair_default))))
        again = len(norm) + 1 - len(distinct)  # the pairs of "^norm$" that are not distinct
        return value + again * self.again if again else value


@dataclass(frozen=True, slots=True)
class KindModel:
    """Log-odds that a sentence is a 禁语, and which kind it most likely is."""

    threshold: float
    prior: float
    unseen: float
    ratio: Mapping[str, float]
    kinds: tuple[str, ...]
    kind_base: tuple[float, ...]  # log prior of each kind
    kind_unseen: tuple[float, ...]  # log P(gram | kind) of a gram never seen with the kind
    kind_logp: Mapping[str, Mapping[int, float]]  # log P(gram | kind) - kind_unseen, where seen
    bound: ScoreBound
    # a sentence as said → its normalised form and bound (operators repeat their sentences)
    # (and whether that bound is the exact score, once it was needed)
    memo: dict[str, tuple[str, float, bool]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], threshold: float | None = None) -> KindModel:
        """The model from its counts (``kind_model.json``, or the training script's dict)."""
        n_pos, n_neg = int(data["positives"]), int(data["negatives"])
        lp, ln = math.log(n_pos + 1), math.log(n_neg + 1)
        ratio = {
            g: math.log(c[0] + SMOOTH) - lp - math.log(c[1] + SMOOTH) + ln for g, c in data["grams"].items()
        }
        unseen = math.log(SMOOTH) - lp - math.log(SMOOTH) + ln
        kinds = tuple(data["kinds"])
        sizes = [int(n) for n in data["kind_sizes"]]
        total = sum(sizes)
        # Multinomial over the kinds (a presence-only model favours the smallest kinds on long
        # sentences): P(gram | kind) = (count + α) / (grams of the kind + α · vocabulary).
        per_kind = [0] * len(kinds)
        for per in data["kind_grams"].values():
            for k, c in per.items():
                per_kind[int(k)] += int(c)
        vocab = len(data["kind_grams"])
        denom = [math.log(t + KIND_SMOOTH * vocab) for t in per_kind]
        kind_unseen = tuple(math.log(KIND_SMOOTH) - d for d in denom)
        kind_base = tuple(math.log(n / total) for n in sizes)
        kind_logp = {
            g: {int(k): math.log(c + KIND_SMOOTH) - math.log(KIND_SMOOTH) for k, c in per.items()}
            for g, per in data["kind_grams"].items()
        }
        prior = math.log(n_pos / n_neg)
        return cls(
            threshold=float(data["threshold"] if threshold is None else threshold),
            prior=prior, unseen=unseen, ratio=ratio, kinds=kinds, kind_base=kind_base,
            kind_unseen=kind_unseen, kind_logp=kind_logp, bound=ScoreBound.of(prior, unseen, ratio),
        )

    def score(self, norm: str) -> float:
        """Log-odds (positive: more like a 禁语) of a normalised sentence. The terms are summed
        exactly rounded (``math.fsum``): the same figure whatever order the set of grams
        iterates in, which depends on the process's hash seed."""
        return math.fsum(chain((self.prior,), map(self.ratio.get, grams(norm), repeat(self.unseen))))

    def kind(self, norm: str) -> str:
        """The kind of 禁语 a normalised sentence most likely is (sums exactly rounded, as
        :meth:`score`)."""
        gs = grams(norm)
        terms = [[base + len(gs) * u] for base, u in zip(self.kind_base, self.kind_unseen, strict=True)]
        for g in gs:
            for k, v in self.kind_logp.get(g, {}).items():
                terms[k].append(v)
        totals = [math.fsum(t) for t in terms]
        best = max(range(len(totals)), key=lambda k: (totals[k], -k))
        return self.kinds[best]


@cache
def kind_model() -> KindModel:
    """The shipped model (read once, on first use)."""
    return KindModel.from_data(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def model_entries(entries: Iterable[ForbiddenEntry]) -> dict[str, ForbiddenEntry]:
    """The ``model: true`` entries of a 禁语 table, by kind."""
    return {e.kind: e for e in entries if getattr(e, "model", False) and e.kind}


def learned_hit(
    text: str, hits: tuple[Hit, ...], entries: Mapping[str, ForbiddenEntry], model: KindModel | None = None
) -> Hit | None:
    """The model's 禁语 hit in ``text`` when the patterns found none (``hits``: the matcher's),
    or None. The sentence with the highest log-odds over the threshold is reported."""
    if not entries or "forbidden" in map(_ACT, hits):
        return None
    m = model or kind_model()
    best = candidate(text, hits, m, m.threshold)
    if best is None:
        return None
    entry = entries.get(m.kind(best[2]))
    if entry is None:
        return None
    return Hit("forbidden", LEARNED_SCORE, f"（{entry.kind}）", best[1], entry.id)


def candidate(
    text: str, hits: tuple[Hit, ...], m: KindModel, threshold: float
) -> tuple[float, str, str] | None:
    """(log-odds, sentence, its normalised form) of the sentence of ``text`` most like a 禁语
    above ``threshold`` that no correct act among ``hits`` keeps clean, or None."""
    guards: list[str] | None = None  # normalised only when a sentence is over the threshold (rarely)
    if not OTHER_FAULT.isdisjoint(map(_ACT, hits)):
        return None  # a chatting (or arguing) turn is judged by its own rule
    best: tuple[float, str, str] | None = None
    memo = m.memo
    for start, end in sentences(text):
        said = text[start:end].strip()
        known = memo.get(said)
        if known is None:
            known = _sentence(m, text, start, end, said)
            if len(memo) < MEMO_MAX:
                memo[said] = known
        norm, bound, exact = known
        # the sentence is dropped when its score is at most the limit: the bound may prove it
        limit = threshold if best is None else max(threshold, best[0])
        if bound < limit - BOUND_SLACK:
            continue
        if exact:
            value = bound
        else:
            value = m.score(norm)
            if said in memo:
                memo[said] = (norm, value, True)
        if value <= limit:
            continue
        if guards is None:
            guards = [normalise(h.quote) for h in hits if h.act not in NOT_CORRECT and h.score >= GUARD_SCORE]
        if any(g and g in norm and len(g) >= GUARD_COVER * len(norm) for g in guards):
            continue
        best = (value, said, norm)
    return best


def _sentence(m: KindModel, text: str, start: int, end: int, said: str) -> tuple[str, float, bool]:
    """The normalised form of the sentence ``said`` (``text[start:end]`` stripped), an upper
    bound of its score (−∞ for a sentence too short to judge, +∞ for a long one: score it) and
    False (the bound is not the score)."""
    # The whole utterance's form when the rest of it is only characters normalisation drops
    # (one sentence and its end mark): the same string, already normalised for the search.
    norm = normalise(text) if dropped_only(text[:start]) and dropped_only(text[end:]) else normalise(said)
    if len(norm) < MIN_CHARS:
        return norm, -math.inf, False
    return norm, m.bound(norm) if len(norm) <= BOUND_MAX else math.inf, False
