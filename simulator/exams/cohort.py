"""The trainer's view of a cohort, from the records store: who scored what on which scenario, where
the group loses points, and how much each trainee improved from their first try to their best.

Headless (the trainer screen renders it; tests check it directly). Every closed call counts,
practice and exam alike; a call's score is its newest grade (a regrade or an appeal's override is
newer than the grade given at the end of the call), its findings the newest grade's findings. On a
centre's PostgreSQL the store is the whole centre's, so this is the whole centre's cohort.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from grading.model import CATEGORIES

MAX_CALLS = 20000  # newest calls read (a screen, not an archive: exports cover the rest)


@dataclass(frozen=True)
class CallSummary:
    id: int
    when: str
    trainee: str
    scenario: str
    title: str
    mode: str
    score: int | None
    passed: bool | None
    interrupted: bool
    losses: dict[str, int] = field(default_factory=dict)  # category -> points lost
    findings: tuple[str, ...] = ()  # categories of the findings (one entry per finding)


@dataclass(frozen=True)
class Cell:
    calls: int
    best: int | None
    last: int | None
    first: int | None
    best_call: int | None
    last_call: int | None


@dataclass(frozen=True)
class Weakness:
    category: str
    findings: int
    points: int  # points lost over every call
    calls: int  # calls with at least one finding of the category
    trainees: int  # trainees with at least one
    worst: str  # the trainee who lost most points in it


@dataclass(frozen=True)
class Progress:
    trainee: str
    calls: int
    first: float  # mean over scenarios of the first score
    best: float  # mean over scenarios of the best score
    last: float
    retried: int  # scenarios taken more than once

    @property
    def gain(self) -> float:
        return self.best - self.first


@dataclass(frozen=True)
class Cohort:
    calls: tuple[CallSummary, ...]  # newest first
    trainees: tuple[str, ...]
    scenarios: tuple[tuple[str, str], ...]  # (id, title), by title
    cells: dict[tuple[str, str], Cell]
    weakness: tuple[Weakness, ...]
    progress: tuple[Progress, ...]


def summaries(store: Any, *, exam: bool | None = None, limit: int = MAX_CALLS) -> list[CallSummary]:
    out = []
    for c in store.calls(exam=exam, limit=limit):
        if c.status == "open":
            continue
        report = store.report(c.id, latest=True)
        body = report.body if report is not None else {}
        score = report.score if report is not None and report.score is not None else c.score
        passed = report.passed if report is not None and report.passed is not None else c.passed
        losses = {str(k): int(v) for k, v in (body.get("breakdown") or {}).items()}
        cats = tuple(str(f.get("category")) for f in body.get("findings") or [] if isinstance(f, dict))
        out.append(CallSummary(c.id, c.started_at, c.trainee or "（未填写）", c.scenario,
                               c.title or c.scenario, c.mode, score, passed, c.interrupted, losses, cats))
    return out


def build(calls: list[CallSummary]) -> Cohort:
    by_pair: dict[tuple[str, str], list[CallSummary]] = defaultdict(list)
    titles: dict[str, str] = {}
    for c in sorted(calls, key=lambda c: (c.when, c.id)):  # oldest first
        by_pair[(c.trainee, c.scenario)].append(c)
        titles.setdefault(c.scenario, c.title)
    cells: dict[tuple[str, str], Cell] = {}
    for key, mine in by_pair.items():
        scored = [c for c in mine if c.score is not None]
        best = max(scored, key=lambda c: (c.score or 0, c.when)) if scored else None
        cells[key] = Cell(len(mine), best.score if best else None, mine[-1].score,
                          scored[0].score if scored else None, best.id if best else None, mine[-1].id)
    trainees = tuple(sorted({t for t, _ in by_pair}))
    scenarios = tuple(sorted(titles.items(), key=lambda kv: (kv[1], kv[0])))
    newest = tuple(sorted(calls, key=lambda c: (c.when, c.id), reverse=True))
    return Cohort(newest, trainees, scenarios, cells, _weakness(calls), _progress(trainees, cells))


def _weakness(calls: list[CallSummary]) -> tuple[Weakness, ...]:
    findings: dict[str, int] = defaultdict(int)
    points: dict[str, int] = defaultdict(int)
    ncalls: dict[str, int] = defaultdict(int)
    people: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in calls:
        for cat in set(c.findings):
            ncalls[cat] += 1
        for cat in c.findings:
            findings[cat] += 1
            people[cat][c.trainee] += 0
        for cat, lost in c.losses.items():
            points[cat] += lost
            people[cat][c.trainee] += lost
    rows = []
    for cat in CATEGORIES:
        if not findings.get(cat) and not points.get(cat):
            continue
        worst = max(people[cat].items(), key=lambda kv: (kv[1], kv[0]))[0] if people[cat] else ""
        rows.append(Weakness(cat, findings[cat], points[cat], ncalls[cat], len(people[cat]), worst))
    rows.sort(key=lambda w: (-w.points, -w.findings, w.category))
    return tuple(rows)


def _progress(trainees: tuple[str, ...], cells: dict[tuple[str, str], Cell]) -> tuple[Progress, ...]:
    out = []
    for t in trainees:
        mine = [c for (who, _), c in cells.items() if who == t and c.first is not None]
        if not mine:
            continue
        n = len(mine)
        out.append(Progress(t, sum(c.calls for c in mine), sum(c.first or 0 for c in mine) / n,
                            sum(c.best or 0 for c in mine) / n, sum(c.last or 0 for c in mine) / n,
                            sum(1 for c in mine if c.calls > 1)))
    out.sort(key=lambda p: (-p.gain, p.trainee))
    return tuple(out)


def cohort(store: Any, *, exam: bool | None = None) -> Cohort:
    return build(summaries(store, exam=exam))
