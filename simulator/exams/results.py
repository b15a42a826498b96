"""A sitting's results as reports and the trainer's screen read them, from the store.

Attempts come from ``exam_attempts`` (every attempt started, including ones killed mid-call), the
calls and their stored grades from the records store, and the appeals from ``exam_appeals``
(applied as :mod:`simulator.exams.scoring` says, the original kept beside). No key is needed to
read results; whether they can be trusted is what ``exam verify`` (with the key) says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.exams.scoring import AttemptResult, CallVerdict, CandidateResult, judge_call, judge_candidate
from simulator.exams.sitting import Appeal, Sitting
from simulator.exams.station import load_sitting
from simulator.exams.tables import ExamTables


@dataclass(frozen=True)
class SittingResults:
    sitting: Sitting
    closed: bool
    closed_at: str
    candidates: tuple[CandidateResult, ...]
    appeals: tuple[Appeal, ...]
    titles: dict[str, str]  # scenario id -> title

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.candidates)


def _appeals(tables: ExamTables, name: str) -> list[Appeal]:
    out = []
    for _, doc, _ in tables.appeals(name):
        try:
            out.append(Appeal.from_json(doc))
        except (KeyError, TypeError, ValueError):
            continue  # verify names it
    return out


def sitting_results(store: Any, name: str) -> SittingResults:
    tables = ExamTables(store.db)
    sitting, _ = load_sitting(tables, name)
    appeals = _appeals(tables, name)
    sealed = tables.seal(name)
    titles: dict[str, str] = {}
    by_candidate: dict[str, list[AttemptResult]] = {c: [] for c in sitting.candidates}
    for row in tables.attempts(name):
        if row.candidate not in sitting.candidates or row.attempt > sitting.attempts:
            continue  # not counted (verify names it)
        try:
            call = store.call(row.call_uid)
        except Exception:
            call = None
        mine = [a for a in appeals if a.call_uid == row.call_uid]
        if call is None:
            verdict = judge_call(sitting.exam, None, None)
            by_candidate[row.candidate].append(
                AttemptResult(row.candidate, row.slot, row.attempt, row.scenario, "missing", verdict))
            continue
        titles.setdefault(call.scenario, call.title)
        record = store.record(call.id)
        report_row = store.report(call.id)
        report = report_row.body if report_row is not None else None
        if call.status == "open":
            verdict = CallVerdict(0, False, ("通话还在进行（或程序被强行关闭：结束考场时记为中断）",), ())
        else:
            verdict = judge_call(sitting.exam, record, report, call.interrupted, mine)
        by_candidate[row.candidate].append(
            AttemptResult(row.candidate, row.slot, row.attempt, row.scenario, call.status, verdict, call.id,
                          call.uid, call.started_at))
    results = tuple(judge_candidate(sitting.exam, c, sitting.candidates[c], by_candidate[c])
                    for c in sitting.candidates)
    for c in sitting.candidates.values():
        for s in c:
            titles.setdefault(s.scenario, _title(s.scenario))
    closed_at = str(sealed[0].get("closed_at", "")) if sealed else ""
    return SittingResults(sitting, sealed is not None, closed_at, results, tuple(appeals), titles)


def _title(scenario: str) -> str:
    try:
        from simulator.scenario import library

        return library.find(scenario).title
    except Exception:
        return scenario
