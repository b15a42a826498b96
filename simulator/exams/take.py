"""Taking a sitting headless: ``hotline exam take SITTING --candidate C --script-dir DIR``.

For dry runs and tests. Each of the candidate's calls not yet attempted (or, with ``slot``, that one
call's next attempt) is played with ``DIR/<scenario-id>.txt`` by the same runner as
``hotline play --script`` (:func:`simulator.play.runner.play_script`), with the caller seed the
sitting drew for that attempt, graded at the exam's pass mark and stored in the records store like
an exam call from the app. Everything that can be checked first is: a missing or unreadable script
or scenario stops the command before any attempt is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.exams.draw import Slot
from simulator.exams.errors import AttemptsExhausted, ExamError, SittingError
from simulator.exams.scoring import CallVerdict, judge_call
from simulator.exams.station import load_sitting, next_slots, start_attempt, used_attempts
from simulator.exams.tables import ExamTables


@dataclass(frozen=True)
class TakenCall:
    slot: Slot
    attempt: int
    call_id: int
    verdict: CallVerdict
    report: Any  # grading.model.Report | None
    lines: tuple[str, ...]


def _plan(tables: ExamTables, sitting: Any, candidate: str, slot: int | None) -> list[Slot]:
    if slot is not None:
        chosen = sitting.slot(candidate, slot)
        used = used_attempts(tables, sitting.name, candidate).get(chosen.index, 0)
        if used >= sitting.attempts:
            raise AttemptsExhausted(
                f"考生 {candidate} 的第 {chosen.index} 通考题已作答 {used} 次，本考试每通最多"
                f" {sitting.attempts} 次",
                hint="作答次数由考官开考时确定，不能增加")
        return [chosen]
    todo = next_slots(tables, sitting, candidate)
    if not todo:
        left = [s.index for s in sitting.slots(candidate)
                if used_attempts(tables, sitting.name, candidate).get(s.index, 0) < sitting.attempts]
        hint = (f"还可以重考第 {'、'.join(map(str, left))} 通：加 --slot N" if left
                else "全部作答次数已用完")
        raise AttemptsExhausted(f"考生 {candidate} 的 {len(sitting.slots(candidate))} 通考题都已作答",
                                hint=hint)
    return todo


def _codes(sitting: Any, given: list[str], calls: int) -> list[str | None]:
    """One start code per call to play, checked before any attempt is used."""
    from simulator.exams.station import check_start_code

    if not sitting.start_codes:
        if given:
            check_start_code(sitting, given[0])  # says the sitting has no start codes
        return [None] * calls
    if len(given) < calls:
        raise SittingError(f"考场 “{sitting.name}” 每次作答都要监考员给的开考码：这次要作答 {calls} 通，"
                           f"只给了 {len(given)} 个",
                           hint="每通一个 --start-code（按作答顺序），或用 --slot N 只作答一通；"
                                "没有开始任何作答")
    if len(given) > calls:
        raise SittingError(f"给了 {len(given)} 个开考码，这次只作答 {calls} 通",
                           hint="多余的码留给以后的作答；没有开始任何作答")
    return [check_start_code(sitting, c) for c in given]


def take(store: Any, sitting_name: str, candidate: str, script_dir: Path, *, slot: int | None = None,
         say: Callable[[str], None] = print, start_codes: list[str] | None = None) -> list[TakenCall]:
    """Play the candidate's next calls; ``start_codes``: the invigilator's code of each attempt, in the
    order the calls are played (required when the sitting was opened with start codes)."""
    from grading import GradingError, grade
    from simulator.errors import HotlineError
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario import library

    tables = ExamTables(store.db)
    sitting, _ = load_sitting(tables, sitting_name)
    if tables.seal(sitting.name) is not None:
        raise SittingError(f"考场 “{sitting.name}” 已经结束，不能再作答")
    if not script_dir.is_dir():
        raise ExamError(f"找不到脚本文件夹 {script_dir}", hint="每通考题一个脚本：<场景 id>.txt")
    plan = _plan(tables, sitting, candidate, slot)
    codes = _codes(sitting, start_codes or [], len(plan))
    prepared = []
    missing = []
    for s in plan:
        path = script_dir / f"{s.scenario}.txt"
        if not path.is_file():
            missing.append(path.name)
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ExamError(f"无法读取脚本 {path}：{exc}") from exc
        prepared.append((s, library.find(s.scenario), parse_script(text, str(path))))
    if missing:
        raise ExamError(f"脚本文件夹 {script_dir} 里缺少：{'、'.join(missing)}",
                        hint="每通考题一个脚本，文件名是场景 id 加 .txt；没有开始任何作答")
    out = []
    for (s, scenario, script), code in zip(prepared, codes, strict=True):
        started = start_attempt(store, tables, sitting, candidate, s.index, title=scenario.title,
                                start_code=code)
        journal = started.journal
        try:
            result = play_script(scenario, script, started.seed)
            record = result.record
            journal.sync(record)
            try:
                report = grade(record, pass_mark=sitting.exam.passing.call)
            except GradingError:
                report = None
            row, report = journal.finish(record, report, grade=False)
        except HotlineError:
            journal.abandon()
            raise
        from simulator.records.reports import as_json

        verdict = judge_call(sitting.exam, record, as_json(report), interrupted=row.interrupted)
        word = "通过" if verdict.passed else "未通过"
        say(f"第 {s.index} 通（{scenario.title}，第 {started.attempt} 次作答）：已保存为通话 #{row.id}")
        if sitting.exam.show_report:
            why = f"（{'；'.join(verdict.reasons)}）" if verdict.reasons else ""
            say(f"  得分 {verdict.score}，{word}{why}")
        out.append(TakenCall(s, started.attempt, row.id, verdict, report, tuple(result.lines())))
    return out
