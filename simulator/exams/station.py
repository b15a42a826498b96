"""The station's side of a sitting: which call a candidate takes next, and starting an attempt.

A station has no key: it reads the sitting as the trainer wrote it and starts attempts. An attempt
is a row of ``exam_attempts`` inserted in the same transaction as the call's row in the records
store, *before* the phone rings — so an attempt ended by kill -9, a closed terminal or a power cut
still counts (its journaled call is recovered as interrupted, a failed attempt), and a candidate
cannot take a call more often than the sitting allows: the count is checked inside the transaction
and ``(sitting, candidate, slot, attempt)`` is unique, so two stations cannot both take the last one
(they also take turns: the count and the insert hold the store's chain lock).
A station that was made to believe a forged sitting (more attempts, another draw) is caught by
``exam verify``, which trusts only the trainer's signature. In a sitting opened with start codes,
an attempt starts only with the invigilator's code for it, which the attempt row and the call's
label keep (:mod:`simulator.exams.startcodes`: the witness against a restored copy of the store).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.exams.draw import Slot
from simulator.exams.errors import AttemptsExhausted, SittingError
from simulator.exams.sitting import Sitting
from simulator.exams.tables import ExamTables


def load_sitting(tables: ExamTables, name: str) -> tuple[Sitting, str]:
    """The sitting as stored (unchecked: only ``exam verify`` with the key checks the signature)."""
    got = tables.sitting(name)
    if got is None:
        names = [n for n, _ in tables.sitting_names()]
        from simulator.scenario.diagnostics import did_you_mean

        guess = did_you_mean(name, names)
        raise SittingError(f"没有名为 “{name}” 的考场",
                           hint=f"你是不是想写 {guess}？" if guess else "hotline exam list 列出全部考场")
    doc, sig = got
    try:
        return Sitting.from_json(doc), sig
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SittingError(f"考场 “{name}” 的数据已损坏：{exc}",
                           hint="请考官运行 hotline exam verify 检查") from exc


def is_closed(tables: ExamTables, name: str) -> bool:
    return tables.seal(name) is not None


def used_attempts(tables: ExamTables, sitting: str, candidate: str) -> dict[int, int]:
    """slot index → attempts started."""
    out: dict[int, int] = {}
    for row in tables.attempts(sitting, candidate):
        out[row.slot] = max(out.get(row.slot, 0), row.attempt)
    return out


def next_slots(tables: ExamTables, sitting: Sitting, candidate: str) -> list[Slot]:
    """The candidate's calls not attempted yet, in order."""
    used = used_attempts(tables, sitting.name, candidate)
    return [s for s in sitting.slots(candidate) if used.get(s.index, 0) == 0]


@dataclass
class Started:
    slot: Slot
    attempt: int
    seed: int
    journal: Any  # simulator.records.Journal


def exam_meta(sitting: str, candidate: str, slot: int, attempt: int, start_code: str = "") -> dict[str, Any]:
    label: dict[str, Any] = {"sitting": sitting, "candidate": candidate, "slot": slot, "attempt": attempt}
    if start_code:
        label["start_code"] = start_code
    return {"exam": label}


def check_start_code(sitting: Sitting, start_code: str | None) -> str:
    """The code as stored (``""`` when the sitting needs none); raises when one is needed and missing,
    mistyped, or given to a sitting that has none."""
    from simulator.exams.startcodes import normalise

    if not sitting.start_codes:
        if start_code:
            raise SittingError(f"考场 “{sitting.name}” 开考时没有设开考码，不需要输入",
                               hint="去掉 --start-code 再试")
        return ""
    if not (start_code or "").strip():
        raise SittingError(f"考场 “{sitting.name}” 的每次作答都要先由监考员输入开考码",
                           hint="请监考员在开考码表上找到这次作答的码（命令行：--start-code 1234-5678）")
    return normalise(start_code or "")


def start_attempt(store: Any, tables: ExamTables, sitting: Sitting, candidate: str, slot_index: int,
                  *, title: str = "", flush_interval: float | None = None, start_code: str | None = None,
                  ) -> Started:
    """Count the attempt and open its call in the store (one transaction); raises when none is left.
    ``start_code``: the invigilator's code for this attempt, required when the sitting uses them."""
    from simulator.records.store import station_name

    code = check_start_code(sitting, start_code)
    slot = sitting.slot(candidate, slot_index)
    # The chain lock (an advisory lock on PostgreSQL, the write lock on SQLite) serialises stations
    # counting and inserting, so two stations racing for the last attempt never both get it.
    with store.db.write(chain=True):
        if tables.seal(sitting.name) is not None:
            raise SittingError(f"考场 “{sitting.name}” 已经结束，不能再作答")
        used = used_attempts(tables, sitting.name, candidate).get(slot.index, 0)
        if used >= sitting.attempts:
            raise AttemptsExhausted(
                f"考生 {candidate} 的第 {slot.index} 通考题已作答 {used} 次，本考试每通最多"
                f" {sitting.attempts} 次",
                hint="作答次数由考官开考时确定，不能增加")
        attempt = used + 1
        seed = slot.seed_for(attempt)
        journal = store.begin(scenario=slot.scenario, title=title, trainee=candidate, mode="exam", seed=seed,
                              meta=exam_meta(sitting.name, candidate, slot.index, attempt, code),
                              flush_interval=flush_interval)
        try:
            tables.add_attempt(sitting.name, candidate, slot.index, attempt, slot.scenario, seed, journal.uid,
                               station_name(), code)
        except BaseException:
            journal.abandon()
            raise
    return Started(slot, attempt, seed, journal)


@dataclass(frozen=True)
class Ticket:
    """One call a candidate may still take (or has used up) in an open sitting, for the app."""

    sitting: str
    exam_title: str
    slot: Slot
    used: int
    allowed: int
    show_report: bool
    start_codes: bool = False  # the invigilator types a start code before each attempt

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.used)


def candidate_tickets(store: Any, candidate: str) -> list[Ticket]:
    """Every call of every open sitting that has ``candidate`` on its list, in sitting and call order."""
    tables = ExamTables(store.db)
    out: list[Ticket] = []
    for name, _ in tables.sitting_names():
        if tables.seal(name) is not None:
            continue
        try:
            sitting, _ = load_sitting(tables, name)
        except SittingError:
            continue
        if candidate not in sitting.candidates:
            continue
        used = used_attempts(tables, name, candidate)
        out.extend(Ticket(name, sitting.exam.title, s, used.get(s.index, 0), sitting.attempts,
                          sitting.exam.show_report, sitting.start_codes)
                   for s in sitting.candidates[candidate])
    return out
