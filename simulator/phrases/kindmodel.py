"""A learned second detector of 禁语: the *kind* of speech, in wording no pattern was written for.

The seeds list 禁语 as examples of kinds of speech (生硬、推诿、不耐烦、斥责、嘲讽 …), and the
hand-written kind patterns of ``forbidden.yaml`` generalise to the wording families they were
written from, not to the next paraphrase (measured on probe files written after each round of
tuning: 67.8 %, 46.7 %, 28.0 % of fresh 禁语 detected). This module adds the simplest learned model
that does generalise: a naive Bayes over character 1–3-grams of the matcher's normalised text,
trained offline by ``scripts/train_kind_model.py`` on the tuned probe sets (禁语 and their correct
near-misses) and correct operator lines, and shipped as counts in ``kind_model.json`` beside this
file. Pure Python, no randomness: the same text always gets the same score, so grading stays
deterministic and a record regrades as it was.

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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

from simulator.phrases.normalize import dropped_only, normalise, pair_list, pairs_of, triples_of
from simulator.phrases.types import ForbiddenEntry, Hit

__all__ = [
    "LEARNED_SCORE", "MODEL_FILE", "NOT_CORRECT", "KindModel", "candidate", "grams", "kind_model",
    "learned_hit", "model_entries", "sentences",
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
        return cls(
            threshold=float(data["threshold"] if threshold is None else threshold),
            prior=math.log(n_pos / n_neg), unseen=unseen, ratio=ratio, kinds=kinds, kind_base=kind_base,
            kind_unseen=kind_unseen, kind_logp=kind_logp,
        )

    def score(self, norm: str) -> float:
        """Log-odds (positive: more like a 禁语) of a normalised sentence."""
        return self.prior + sum(map(self.ratio.get, grams(norm), repeat(self.unseen)))

    def kind(self, norm: str) -> str:
        """The kind of 禁语 a normalised sentence most likely is."""
        gs = grams(norm)
        totals = [base + len(gs) * u for base, u in zip(self.kind_base, self.kind_unseen, strict=True)]
        for g in gs:
            for k, v in self.kind_logp.get(g, {}).items():
                totals[k] += v
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
    if not entries or any(h.act == "forbidden" for h in hits):
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
    if any(h.act in OTHER_FAULT for h in hits):
        return None  # a chatting (or arguing) turn is judged by its own rule
    best: tuple[float, str, str] | None = None
    for start, end in sentences(text):
        said = text[start:end].strip()
        # The whole utterance's form when the rest of it is only characters normalisation drops
        # (one sentence and its end mark): the same string, already normalised for the search.
        norm = normalise(text) if dropped_only(text[:start]) and dropped_only(text[end:]) else normalise(said)
        if len(norm) < MIN_CHARS:
            continue
        value = m.score(norm)
        if value <= threshold or (best is not None and value <= best[0]):
            continue
        if guards is None:
            guards = [normalise(h.quote) for h in hits if h.act not in NOT_CORRECT and h.score >= GUARD_SCORE]
        if any(g and g in norm and len(g) >= GUARD_COVER * len(norm) for g in guards):
            continue
        best = (value, said, norm)
    return best
