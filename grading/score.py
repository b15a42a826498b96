"""Score 0–100 from weighted findings, the verdict and the per-category breakdown.

Weights (points lost per finding; a hotline's ``policy`` in profiles.yaml may set them and the
severity of each rule's findings, with the clause for each decision — ``hotline rules --policy``):

* ``blocker`` 50 — and the call fails whatever the score (禁语, hanging up on a caller the
  standard says never to hang up on): one such act fails an exam on its own;
* ``major`` 25 — a clear breach of a required clause (no apology on a misrouted call, a 56 s hold
  without re-prompt). One major alone brings the score to 75, under the default pass mark 80, so
  a call with one clear breach fails — as the dev-calls and a strict trainer expect — while an
  exam with a lower pass mark (e.g. 70) may tolerate one;
* ``minor`` 5 — style: a missing courtesy word, a slightly fast turn. Up to four pass.

Repeats: one rule loses at most twice its heaviest finding (a habit of talking fast is one
problem, not twenty). Findings flagged ``unclear`` (the recogniser was unsure, see
``Rule.missing``) weigh 2 points and all of them together at most 10, so a bad microphone alone
never fails a call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from grading.model import CATEGORIES, Finding

WEIGHTS = {"blocker": 50, "major": 25, "minor": 5}
UNCLEAR_WEIGHT = 2
UNCLEAR_CAP = 10
RULE_CAP_FACTOR = 2
DEFAULT_PASS_MARK = 80


@dataclass(frozen=True, slots=True)
class Score:
    score: int
    passed: bool
    pass_mark: int
    blockers: int
    breakdown: dict[str, int]  # category -> points lost (categories with losses, contract order)


def weigh(findings: Iterable[Finding], weights: Mapping[str, int] | None = None) -> dict[str, int]:
    """Points lost per category after the per-rule and unclear caps (``weights``: the hotline
    policy's points per severity, profiles.yaml ``policy.weights``; default :data:`WEIGHTS`)."""
    table = WEIGHTS if weights is None else {**WEIGHTS, **weights}
    per_rule: dict[str, list[Finding]] = defaultdict(list)
    unclear: list[Finding] = []
    for f in findings:
        (unclear if f.unclear else per_rule[f.rule]).append(f)
    lost: dict[str, float] = defaultdict(float)
    for group in per_rule.values():
        points = [table[f.severity] for f in group]
        total = sum(points)
        cap = RULE_CAP_FACTOR * max(points)
        factor = min(1.0, cap / total) if total else 1.0
        for f, w in zip(group, points, strict=True):
            lost[f.category] += w * factor
    if unclear:
        factor = min(1.0, UNCLEAR_CAP / (UNCLEAR_WEIGHT * len(unclear)))
        for f in unclear:
            lost[f.category] += UNCLEAR_WEIGHT * factor
    return {c: round(lost[c]) for c in CATEGORIES if lost.get(c)}


def score(findings: Iterable[Finding], *, pass_mark: int | None = None,
          weights: Mapping[str, int] | None = None) -> Score:
    items = list(findings)
    mark = DEFAULT_PASS_MARK if pass_mark is None else int(pass_mark)
    breakdown = weigh(items, weights)
    value = max(0, min(100, 100 - sum(breakdown.values())))
    blockers = sum(1 for f in items if f.severity == "blocker" and not f.unclear)
    return Score(score=value, passed=blockers == 0 and value >= mark, pass_mark=mark,
                 blockers=blockers, breakdown=breakdown)
