"""How an exam judges a call and a candidate: the exam's marks and blockers on top of the grade.

A call's grade (:func:`grading.grade`, stored by the records store) gives a score and findings. The
exam then decides, in this order:

* an interrupted call, a call never answered, and a call where the operator never spoke fail
  (score 0 for the last two): hanging up during the ring is a used attempt, never a pass;
* a finding of severity ``blocker`` fails the call (the standards' 一票否决);
* a finding (the recogniser being unsure aside) in one of the exam's ``blockers`` categories
  fails the call;
* otherwise the call passes at ``pass.call``.

Appeals (:class:`~simulator.exams.sitting.Appeal`) that withdraw a finding re-score the call
without it; the original score and verdict are kept beside the new ones and both are reported.
A candidate's counted attempt per call is the best or the last (``counts``); the candidate passes
when at least ``pass.calls`` counted calls pass and their mean reaches ``pass.overall``. A call
not taken counts as 0 and failed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from grading.model import CATEGORY_NAMES
from simulator.exams.draw import Slot
from simulator.exams.model import Exam
from simulator.exams.sitting import Appeal


def finding_digest(finding: dict[str, Any]) -> str:
    keep = {k: finding.get(k) for k in ("rule", "category", "severity", "t", "quote", "message")}
    return hashlib.sha256(json.dumps(keep, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def empty_call_reason(record: dict[str, Any] | None) -> str | None:
    """Why a record is not a call that can pass at all (never answered, operator silent), or None."""
    if record is None:
        return "没有通话记录"
    events = [e for e in record.get("events") or [] if isinstance(e, dict)]
    if not any(e.get("type") == "answer" for e in events):
        return "电话没有接听（响铃时挂断或放弃）"
    if not any(e.get("type") == "say" and e.get("who") == "operator" and str(e.get("text", "")).strip()
               for e in events):
        return "话务员一句话也没说"
    return None


@dataclass(frozen=True)
class CallVerdict:
    score: int
    passed: bool
    reasons: tuple[str, ...]  # why it failed (empty when it passed)
    findings: tuple[dict[str, Any], ...]  # the findings that count (after appeals)
    withdrawn: tuple[tuple[dict[str, Any], Appeal], ...] = ()
    original_score: int | None = None  # before appeals, when appeals changed something
    original_passed: bool | None = None
    breakdown: dict[str, int] = field(default_factory=dict)


def judge_call(exam: Exam, record: dict[str, Any] | None, report: dict[str, Any] | None,
               interrupted: bool = False, appeals: Sequence[Appeal] = ()) -> CallVerdict:
    """The exam's verdict on one attempt (``report``: the stored grade, JSON)."""
    findings = [f for f in (report or {}).get("findings") or [] if isinstance(f, dict)]
    empty = empty_call_reason(record)
    stored = int((report or {}).get("score") or 0)
    if report is None or empty is not None:
        reason = empty or "这通电话没有评分"
        base = CallVerdict(0, False, (reason,), tuple(findings))
        return base if not interrupted else CallVerdict(0, False, ("通话中断", reason), tuple(findings))
    original = _verdict(exam, stored, findings, dict(report.get("breakdown") or {}), interrupted)
    withdrawn: list[tuple[dict[str, Any], Appeal]] = []
    decided = {a.finding_digest: a for a in appeals}  # the latest decision on a finding wins
    kept = []
    for f in findings:
        a = decided.get(finding_digest(f))
        if a is not None and a.decision == "withdraw":
            withdrawn.append((f, a))
        else:
            kept.append(f)
    if not withdrawn:
        return original
    rescored, breakdown = _rescore(exam, kept)
    new = _verdict(exam, rescored, kept, breakdown, interrupted)
    return CallVerdict(new.score, new.passed, new.reasons, new.findings, tuple(withdrawn),
                       original.score, original.passed, breakdown)


def _verdict(exam: Exam, score: int, findings: list[dict[str, Any]], breakdown: dict[str, int],
             interrupted: bool) -> CallVerdict:
    reasons: list[str] = []
    if interrupted:
        reasons.append("通话中断")
    blockers = [f for f in findings if f.get("severity") == "blocker" and not f.get("unclear")]
    if blockers:
        reasons.append(f"一票否决：{blockers[0].get('message') or blockers[0].get('rule')}")
    hits = [f for f in findings if f.get("category") in exam.blockers and not f.get("unclear")]
    for cat in dict.fromkeys(str(f.get("category")) for f in hits):
        reasons.append(f"本考试一票否决的类别“{CATEGORY_NAMES.get(cat, cat)}”有问题")
    if score < exam.passing.call:
        reasons.append(f"得分 {score} 低于单通及格分 {exam.passing.call}")
    return CallVerdict(score, not reasons, tuple(reasons), tuple(findings), breakdown=breakdown)


def _rescore(exam: Exam, findings: Iterable[dict[str, Any]]) -> tuple[int, dict[str, int]]:
    from grading.model import Finding
    from grading.score import score

    items = [Finding(rule=str(f.get("rule", "")), category=f.get("category", "courtesy"),
                     severity=f.get("severity", "minor"), t=f.get("t"), quote=str(f.get("quote", "")),
                     clause=str(f.get("clause", "")), message=str(f.get("message", "")),
                     tip=str(f.get("tip", "")), unclear=bool(f.get("unclear", False))) for f in findings]
    result = score(items, pass_mark=exam.passing.call)
    return result.score, dict(result.breakdown)


@dataclass(frozen=True)
class AttemptResult:
    candidate: str
    slot: int
    attempt: int
    scenario: str
    status: str  # finished | interrupted | open | missing (started, call not in the store)
    verdict: CallVerdict
    call_id: int | None = None
    call_uid: str = ""
    started_at: str = ""


@dataclass(frozen=True)
class SlotResult:
    slot: Slot
    attempts: tuple[AttemptResult, ...]
    counted: AttemptResult | None

    @property
    def score(self) -> int:
        return self.counted.verdict.score if self.counted else 0

    @property
    def passed(self) -> bool:
        return bool(self.counted and self.counted.verdict.passed)


@dataclass(frozen=True)
class CandidateResult:
    name: str
    slots: tuple[SlotResult, ...]
    mean: float
    passes: int
    passed: bool
    reasons: tuple[str, ...]
    losses: dict[str, int]  # category -> points lost over the counted calls
    counts: dict[str, int]  # category -> findings over the counted calls

    @property
    def taken(self) -> int:
        return sum(1 for s in self.slots if s.attempts)


def counted_attempt(exam: Exam, attempts: Sequence[AttemptResult]) -> AttemptResult | None:
    if not attempts:
        return None
    if exam.counts == "last":
        return max(attempts, key=lambda a: a.attempt)
    return max(attempts, key=lambda a: (a.verdict.passed, a.verdict.score, -a.attempt))


def judge_candidate(exam: Exam, name: str, slots: Sequence[Slot],
                    attempts: Iterable[AttemptResult]) -> CandidateResult:
    by_slot: dict[int, list[AttemptResult]] = {}
    for a in attempts:
        by_slot.setdefault(a.slot, []).append(a)
    results = []
    for s in slots:
        mine = sorted(by_slot.get(s.index, []), key=lambda a: a.attempt)
        results.append(SlotResult(s, tuple(mine), counted_attempt(exam, mine)))
    mean = sum(r.score for r in results) / len(results) if results else 0.0
    passes = sum(r.passed for r in results)
    reasons = []
    if passes < exam.calls_to_pass:
        reasons.append(f"及格 {passes} 通，少于要求的 {exam.calls_to_pass} 通")
    if round(mean, 1) < exam.passing.overall:
        reasons.append(f"平均分 {mean:.1f} 低于总体及格分 {exam.passing.overall}")
    not_taken = [r.slot.index for r in results if not r.attempts]
    if not_taken:
        reasons.append(f"第 {'、'.join(map(str, not_taken))} 通没有作答")
    losses: dict[str, int] = {}
    counts: dict[str, int] = {}
    for r in results:
        if r.counted is None:
            continue
        for cat, lost in r.counted.verdict.breakdown.items():
            losses[cat] = losses.get(cat, 0) + int(lost)
        for f in r.counted.verdict.findings:
            cat = str(f.get("category"))
            counts[cat] = counts.get(cat, 0) + 1
    return CandidateResult(name, tuple(results), mean, passes, not reasons, tuple(reasons), losses, counts)
