"""The trainer's side of a sitting, each step signed with the trainer's key: open, close, appeal.

* :func:`open_sitting_in_store` draws every candidate's calls and writes the signed sitting.
* :func:`close_sitting` closes calls of the sitting still open (a station killed mid-call: they
  become interrupted, failed attempts), checks what the store holds against the sitting
  (:func:`simulator.exams.verify.live_problems`) and writes the signed :class:`Seal`: every
  attempt with the digests of its record, words, audio and grade, the calls never taken, and what
  closing refused to count (an attempt beyond those allowed, a call no station started). After
  this, nothing the candidate's account can write changes a result without ``exam verify``
  saying so.
* :func:`add_appeal` stores a signed decision on one finding beside the grade (and, in the
  records store, an ``override`` report beside the original, which is never replaced).
"""

from __future__ import annotations

from typing import Any

from simulator.exams import evidence
from simulator.exams.errors import KeyProblem, SittingError
from simulator.exams.keys import TrainerKey, derive, new_salt
from simulator.exams.model import Exam
from simulator.exams.scoring import finding_digest
from simulator.exams.sitting import Appeal, Seal, SealedAttempt, Sitting, canonical, now, open_sitting
from simulator.exams.station import load_sitting
from simulator.exams.tables import ExamTables


def open_sitting_in_store(store: Any, exam: Exam, name: str, candidates: list[str], seed: int, secret: str,
                          opened_by: str = "", start_codes: bool = False) -> Sitting:
    """Draw and sign the sitting; ``start_codes``: every attempt needs the invigilator's start code
    (:func:`start_code_sheet` prints them)."""
    tables = ExamTables(store.db)
    key = derive(secret, new_salt())
    sitting = open_sitting(exam, name, candidates, seed, key, opened_by, start_codes or exam.start_codes)
    doc = sitting.to_json()
    tables.add_sitting(sitting.name, doc, key.sign(canonical(doc)))
    return sitting


def unlock(tables: ExamTables, name: str, secret: str) -> tuple[Sitting, str, TrainerKey]:
    """The sitting, its signature and the trainer's key, refusing a wrong key or an altered sitting."""
    sitting, sig = load_sitting(tables, name)
    got = tables.sitting(name)
    assert got is not None
    doc = got[0]
    key = derive(secret, sitting.salt)
    if key.key_id != sitting.key_id:
        raise KeyProblem(f"这把密钥不是考场 “{name}” 开考时用的",
                         hint="请用开考时的考官密钥；如果确定没输错，说明考场数据被人整体替换过，请运行"
                              " exam verify")
    if not key.check(canonical(doc), sig):
        raise SittingError(f"考场 “{name}” 的设置（名单、抽题、作答次数或及格标准）在开考后被改动，签名对"
                           f"不上",
                           hint="不要在这个考场上继续操作；运行 hotline exam verify 查看全部问题")
    return sitting, sig, key


def start_code_sheet(store: Any, name: str, secret: str) -> str:
    """The invigilator's sheet of start codes (:mod:`simulator.exams.startcodes`), for the trainer's drive."""
    from simulator.exams.startcodes import sheet

    sitting, _, key = unlock(ExamTables(store.db), name, secret)
    if not sitting.start_codes:
        raise SittingError(f"考场 “{name}” 开考时没有设开考码", hint="开考时加 --start-codes 文件")
    return sheet(key, sitting)


def witness_problems(store: Any, tables: ExamTables, sitting: Sitting, key: TrainerKey,
                     issued: Any = None) -> list[tuple[str, str, str]]:
    """The start codes' checks (``(code, message, candidate)``): each stored attempt started with its
    own code, and — with ``issued`` (:class:`~simulator.exams.startcodes.Issued`) — every code handed
    out has its attempt in the store."""
    from simulator.exams import startcodes

    if issued and not sitting.start_codes:
        raise SittingError(f"考场 “{sitting.name}” 开考时没有设开考码，无法核对 --issued 清单",
                           hint="去掉 --issued；以后的考场开考时加 --start-codes 文件")
    rows = tables.attempts(sitting.name)
    out = startcodes.stored_code_problems(key, sitting, rows)
    if issued:
        out += startcodes.issued_problems(key, sitting, rows, issued)
    return out


def recover_open_calls(store: Any, tables: ExamTables, sitting: Sitting) -> list[int]:
    """Close the sitting's calls still open as interrupted (graded from their journal)."""
    from simulator.records.reports import as_json, grade_record

    closed = []
    for row in tables.attempts(sitting.name):
        try:
            call = store.call(row.call_uid)
        except Exception:  # the call is gone: closing records it as missing
            continue
        if call.status != "open":
            continue
        record = store.journaled_record(call.id)
        record["interrupted"] = True
        report, _ = grade_record(record)
        store.close_call(call.id, record, as_json(report), interrupted=True, note="考场结束时仍未结束")
        closed.append(call.id)
    return closed


def sealed_attempt(store: Any, row: Any) -> SealedAttempt:
    """An attempt row with the digests of its call as the store holds it now."""
    try:
        call = store.call(row.call_uid)
    except Exception:
        call = None
    if call is None:
        return SealedAttempt(row.candidate, row.slot, row.attempt, row.scenario, row.seed, row.call_uid, None,
                             "missing", None, None)
    record = store.record(call.id)
    report_row = store.report(call.id)
    report = report_row.body if report_row is not None else None
    return SealedAttempt(
        candidate=row.candidate, slot=row.slot, attempt=row.attempt, scenario=row.scenario, seed=row.seed,
        call_uid=call.uid, call_id=call.id, status=call.status, score=call.score, passed=call.passed,
        record_digest=evidence.record_digest(record), words_digest=evidence.words_digest(record),
        audio=evidence.audio_digests(store, call.id), findings=evidence.finding_keys(report),
        report_digest=evidence.report_digest(report),
    )


def close_sitting(store: Any, name: str, secret: str, closed_by: str = "", *,
                  issued: Any = None) -> tuple[Seal, list[str]]:
    """Seal the sitting; ``(the seal, the problems found while closing)``. ``issued``: the start codes
    the invigilators handed out (:class:`~simulator.exams.startcodes.Issued`)."""
    from simulator.exams.verify import live_problems

    tables = ExamTables(store.db)
    sitting, sig, key = unlock(tables, name, secret)
    if tables.seal(name) is not None:
        raise SittingError(f"考场 “{name}” 已经结束封存", hint="hotline exam verify 检查它")
    recover_open_calls(store, tables, sitting)
    problems = [p.message for p in live_problems(store, tables, sitting)]
    problems += [msg for _, msg, _ in witness_problems(store, tables, sitting, key, issued)]
    rows = tables.attempts(name)
    attempts = []
    seen: set[tuple[str, int, int]] = set()
    for row in rows:
        slot_ok = row.candidate in sitting.candidates and any(
            s.index == row.slot for s in sitting.candidates[row.candidate])
        if not slot_ok or row.attempt > sitting.attempts or (row.candidate, row.slot, row.attempt) in seen:
            continue  # live_problems named it; it is not counted
        seen.add((row.candidate, row.slot, row.attempt))
        attempts.append(sealed_attempt(store, row))
    taken = {(a.candidate, a.slot) for a in attempts}
    not_taken = tuple((c, s.index) for c, slots in sitting.candidates.items() for s in slots
                      if (c, s.index) not in taken)
    seal = Seal(name, sig, now(), tuple(attempts), not_taken, tuple(problems), closed_by)
    doc = seal.to_json()
    seal_sig = key.sign(canonical(doc))
    tables.add_seal(name, doc, seal_sig)
    return seal, problems


def seal_receipt(store: Any, name: str) -> dict[str, Any]:
    """The signed sitting and seal as one document, for the trainer to keep off the candidate's machine:
    ``exam verify --receipt`` then also catches a sitting or seal deleted or redone in the store."""
    tables = ExamTables(store.db)
    sitting = tables.sitting(name)
    seal = tables.seal(name)
    if sitting is None or seal is None:
        raise SittingError(f"考场 “{name}” 还没有结束封存")
    return {"format": "hotline-seal-receipt/1", "name": name, "sitting": sitting[0],
            "sitting_sig": sitting[1], "seal": seal[0], "seal_sig": seal[1]}


def seal_code(store: Any, name: str) -> str:
    """The first 16 hex digits of the seal's signature: short enough to write down at closing."""
    seal = ExamTables(store.db).seal(name)
    return "" if seal is None else seal[1][:16]


def add_appeal(store: Any, name: str, secret: str, *, candidate: str, slot: int, attempt: int | None,
               rule: str, at: float | None, decision: str, reason: str, by: str = "") -> Appeal:
    """A signed decision on one finding of one attempt; the original grade stays as it was."""
    from simulator.exams.scoring import judge_call

    tables = ExamTables(store.db)
    sitting, _, key = unlock(tables, name, secret)
    if not reason.strip():
        raise SittingError("申诉必须写明理由", hint='--reason "……"')
    rows = [r for r in tables.attempts(name, candidate) if r.slot == slot]
    if attempt is not None:
        rows = [r for r in rows if r.attempt == attempt]
    if not rows:
        which = f"第 {attempt} 次" if attempt else ""
        raise SittingError(f"考生 {candidate} 的第 {slot} 通没有{which}"
                           f"作答记录")
    row = rows[-1]
    call = store.call(row.call_uid)
    report_row = store.report(call.id)
    report = report_row.body if report_row is not None else {}
    matches = [f for f in report.get("findings") or []
               if f.get("rule") == rule.upper() and (at is None or f.get("t") == at)]
    if not matches:
        found = {f"{f.get('rule')}@{f.get('t')}" for f in report.get("findings") or []}
        have = "、".join(sorted(found)) or "无"
        raise SittingError(f"这次作答的评分里没有 {rule.upper()}" + (f"（t={at}）" if at is not None else ""),
                           hint=f"这次作答的问题有：{have}")
    if len(matches) > 1:
        times = "、".join(str(f.get("t")) for f in matches)
        raise SittingError(f"{rule.upper()} 在这次作答里出现了 {len(matches)} 次", hint=f"用 --at 指定时"
                                                                              f"间：{times}")
    finding = matches[0]
    appeal = Appeal(name, candidate, slot, row.attempt, call.uid, str(finding.get("rule")), finding.get("t"),
                    decision, reason.strip(), by, now(), finding_digest(finding))
    doc = appeal.to_json()
    previous = [Appeal.from_json(d) for _, d, _ in tables.appeals(name) if d.get("call_uid") == call.uid]
    verdict = judge_call(sitting.exam, store.record(call.id), report, call.interrupted, [*previous, appeal])
    with store.db.write():
        tables.add_appeal(name, doc, key.sign(canonical(doc)))
        over = {**report, "score": verdict.score, "passed": verdict.passed,
                "findings": list(verdict.findings), "appeal": doc}
        store.add_report(call.id, over, kind="override", note=f"申诉（{decision}）：{reason.strip()}")
    return appeal
