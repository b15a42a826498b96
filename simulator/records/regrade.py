"""Re-grading stored calls after the standards data or the rules change, on every core.

Each call's record is graded again in a process pool (grading is CPU-bound pure Python, so
threads would share one core); a grade that differs from the call's newest one is stored beside
it as a ``regrade`` report — the original grade is never replaced — and described: the score and
result before and after, and which rules now fire or no longer fire.
"""

from __future__ import annotations

import gc
import itertools
import json
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from simulator.records.store import CallRow, Store


@dataclass(frozen=True)
class Change:
    call: CallRow
    old_score: int | None
    old_passed: bool | None
    new: dict[str, Any] | None  # the new report JSON; None: could not be graded
    added: tuple[str, ...]  # rule codes that now fire
    removed: tuple[str, ...]  # rule codes that no longer fire
    error: str = ""


def _grade(item: tuple[int, dict[str, Any]]) -> tuple[int, dict[str, Any] | None, str]:
    from simulator.records.reports import as_json, grade_record

    call_id, record = item
    try:
        report, why = grade_record(record)
    except Exception as exc:  # a record the grader chokes on: say so, go on with the rest
        return call_id, None, f"{type(exc).__name__}: {exc}"
    return call_id, as_json(report), why


def _context_key(record: dict[str, Any]) -> str:
    """What the compiled phrases of a record's grading depend on: its scenario (departments,
    phones, line) and the line the record itself names."""
    return json.dumps([record.get("scenario"), record.get("hotline")], ensure_ascii=False, sort_keys=True,
                      default=str)


def _rules(report: dict[str, Any] | None) -> set[str]:
    return {str(f.get("rule")) for f in (report or {}).get("findings") or ()}


# The collector's thresholds while a batch is graded: grading allocates many short-lived objects
# and leaves no garbage cycles worth collecting often, while each full pass walks every cached
# sentence again. Collecting after 50,000 allocations instead of 700 saves about half of the
# collector's time (2–3 % of grading never-seen calls) for a few MB more memory at a time.
BATCH_GC_THRESHOLD = (50_000, 20, 100)


@contextmanager
def batch_collector() -> Iterator[None]:
    """The collector tuned for a long batch of grading (and restored afterwards)."""
    before = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def regrade(store: Store, calls: list[CallRow], *, jobs: int | None = None,
            save: bool = True) -> Iterator[tuple[CallRow, Change | None]]:
    """Re-grade ``calls``; yields ``(call, change or None when the grade is the same)``."""
    with batch_collector():  # set before the pool forks: the workers inherit it
        yield from _regrade(store, calls, jobs, save)


def _regrade(store: Store, calls: list[CallRow], jobs: int | None,
             save: bool) -> Iterator[tuple[CallRow, Change | None]]:
    items = []
    by_id = {}
    for c in calls:
        record = store.record(c.id)
        if record is not None and c.status != "open":
            items.append((c.id, record))
            by_id[c.id] = c
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(items) > 1:
        # One record of each call context (scenario and line: the compiled phrases are per
        # context) is graded here first: the grader's data and every context's compiled phrases
        # are then in memory before the fork, and no worker builds them again.
        seen: set[str] = set()
        warm = []
        for item in items:
            if (key := _context_key(item[1])) not in seen:
                seen.add(key)
                warm.append(item)
        done = [_grade(item) for item in warm]
        warm_ids = {item[0] for item in warm}
        rest = [item for item in items if item[0] not in warm_ids]
        gc.freeze()  # the workers' collector never walks (and so never copies) the parent's heap
        ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        chunk = max(1, min(16, len(rest) // (jobs * 4)))
        with ctx.Pool(min(jobs, max(1, len(rest)))) as pool:
            graded = pool.imap(_grade, rest, chunksize=chunk)
            yield from _compare(store, by_id, itertools.chain(done, graded), save)
    else:
        yield from _compare(store, by_id, _graded_here(items), save)


def _graded_here(items: list[tuple[int, dict[str, Any]]]) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Grade in this process, in order. Once a scenario's first call is graded, its line's
    compiled phrases and the grader's data stay for good: they are frozen out of the collector's
    way (``gc.freeze``, a cheap move), else every full collection walks them — and pypinyin's
    dictionaries — again: about a sixth of the time of grading calls whose sentences are new."""
    seen: set[str] = set()
    for item in items:
        result = _grade(item)
        if (scenario := str(item[1].get("scenario"))) not in seen:
            seen.add(scenario)
            gc.freeze()
        yield result


def _compare(store: Store, by_id: dict[int, CallRow],
             results: Iterator[tuple[int, dict[str, Any] | None, str]],
             save: bool) -> Iterator[tuple[CallRow, Change | None]]:
    for call_id, new, why in results:
        call = by_id[call_id]
        old = store.report(call_id, latest=True)
        old_body = old.body if old else None
        if new is None:
            yield call, Change(call, old.score if old else None, old.passed if old else None, None, (), (),
                               why or "无法评分")
            continue
        same = old_body is not None and old_body.get("score") == new.get("score") \
            and bool(old_body.get("passed")) == bool(new.get("passed")) and _rules(old_body) == _rules(new)
        if same:
            yield call, None
            continue
        if save:
            store.add_report(call_id, new, "regrade")
        yield call, Change(call, old.score if old else None, old.passed if old else None, new,
                           tuple(sorted(_rules(new) - _rules(old_body))),
                           tuple(sorted(_rules(old_body) - _rules(new))))
