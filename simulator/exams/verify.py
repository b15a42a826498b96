"""``hotline exam verify SITTING``: everything that can have happened to a sitting, named.

Run by the trainer, with the trainer's key. Checks, in this order:

1. **the key and the sitting**: the key is the one the sitting was opened with, and the sitting's
   signature holds — nobody added a candidate, changed a draw, raised the attempts allowed or
   lowered a pass mark;
2. **the seal** (once closed): its signature holds and it belongs to this sitting — nobody
   re-sealed it with another key (the old ``history.key`` attack) or swapped it for another's;
3. **every sealed attempt against the store now**: the call is still there (else: deleted), still
   this candidate's (else: relabelled or replaced by another candidate's call), its words, record,
   audio and stored grade give the sealed digests (else: which of them changed); an attempt or a
   call for this sitting that appeared after closing is named too;
4. **every attempt and call, sealed or not** (:func:`live_problems`, also run when closing):
   the attempt number is within those allowed; the call was started through an attempt (a call
   carrying this sitting's label with no attempt row was made elsewhere: a fabricated "perfect"
   call from another install); its scenario and caller seed are the ones drawn for that
   candidate and attempt (another candidate's seed names whose call it is); it **re-grades** to
   the stored grade (score, verdict, findings); a call never answered or where the operator never
   spoke, stored as a pass, is named as such; the records store's own hash chain is intact
   (deleted tail, edited or inserted calls);
5. **appeals**: each is signed with the key and names a finding the stored grade has;
6. **start codes** (a sitting opened with ``--start-codes``, :mod:`simulator.exams.startcodes`): each
   attempt was started with the invigilator's code for it and, given what the invigilators handed out
   (``--issued``), every code handed out has its attempt in the store — an attempt erased by restoring
   an earlier copy of ``records.db`` is named (``rolled-back``, ``code-reused``, ``start-code-mismatch``).

Exit 1 on any problem; each message says what happened, to whom, in which call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.exams import evidence
from simulator.exams.keys import derive
from simulator.exams.sitting import Appeal, Seal, SealedAttempt, Sitting, canonical
from simulator.exams.tables import AttemptRow, ExamTables


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    candidate: str = ""

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "candidate": self.candidate}


@dataclass
class VerifyResult:
    sitting: str
    closed: bool
    problems: list[Problem]
    checked_calls: int = 0
    regraded: int = 0
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _who(candidate: str, slot: int, attempt: int) -> str:
    return f"考生 {candidate} 第 {slot} 通第 {attempt} 次作答"


def _calls_of(store: Any, name: str) -> list[Any]:
    return [c for c in store.calls(exam=True) if evidence.exam_meta(c.meta).get("sitting") == name]


def _call_by_uid(store: Any, uid: str) -> Any | None:
    if not uid:
        return None
    try:
        return store.call(uid)
    except Exception:
        return None


def live_problems(store: Any, tables: ExamTables, sitting: Sitting, *, regrade: bool = True) -> list[Problem]:
    """What is wrong with the attempts and calls the store holds now (no key needed)."""
    out: list[Problem] = []
    rows = tables.attempts(sitting.name)
    seen: dict[tuple[str, int, int], AttemptRow] = {}
    uids = set()
    for row in rows:
        who = _who(row.candidate, row.slot, row.attempt)
        key = (row.candidate, row.slot, row.attempt)
        if row.candidate not in sitting.candidates:
            out.append(Problem("unknown-candidate", f"有一次作答记在 “{row.candidate}” 名下，但名单里没有"
                                                    f"这位考生",
                               row.candidate))
            continue
        slots = {s.index: s for s in sitting.candidates[row.candidate]}
        if row.slot not in slots:
            out.append(Problem("unknown-slot", f"{who}：考生没有第 {row.slot} 通考题", row.candidate))
            continue
        if row.attempt > sitting.attempts or row.attempt < 1:
            out.append(Problem("extra-attempt", f"{who}：超出允许的作答次数（每通最多 {sitting.attempts} "
                                                f"次），"
                               "多出来的作答不计入成绩", row.candidate))
            continue
        if key in seen:
            out.append(Problem("extra-attempt", f"{who} 出现了两次", row.candidate))
            continue
        seen[key] = row
        uids.add(row.call_uid)
        slot = slots[row.slot]
        expected_seed = slot.seed_for(row.attempt)
        call = _call_by_uid(store, row.call_uid)
        if call is None:
            out.append(Problem("deleted-call", f"{who}（{slot.scenario}）的通话已从记录库中删除",
                               row.candidate))
            continue
        out.extend(_check_call(store, sitting, call, row.candidate, slot.scenario, expected_seed, row.slot,
                               row.attempt, regrade))
    for call in _calls_of(store, sitting.name):
        if call.uid in uids:
            continue
        meta = evidence.exam_meta(call.meta)
        who = _who(str(meta.get("candidate", call.trainee)), int(meta.get("slot") or 0),
                   int(meta.get("attempt") or 0))
        owner = sitting.owner_of_seed(call.scenario, call.seed) if call.seed is not None else None
        where = f"（来电者种子属于{_who(*owner)}）" if owner else "（场景和来电者种子都不是本考场抽出的）"
        out.append(Problem("foreign-call", f"通话 #{call.id} 标为{who}，但没有对应的开考作答记录：不是考试"
                                           f"程序"
                           f"在本考场开始的通话，可能是从别处伪造或拷贝来的{where}",
                           str(meta.get("candidate", ""))))
    out.extend(_store_chain(store, {c.id for c in _calls_of(store, sitting.name)}))
    return out


def _check_call(store: Any, sitting: Sitting, call: Any, candidate: str, scenario: str, seed: int, slot: int,
                attempt: int, regrade: bool) -> list[Problem]:
    out: list[Problem] = []
    who = _who(candidate, slot, attempt)
    meta = evidence.exam_meta(call.meta)
    label = (meta.get("sitting"), meta.get("candidate"), meta.get("slot"), meta.get("attempt"))
    if call.trainee != candidate or label != (sitting.name, candidate, slot, attempt):
        out.append(Problem("relabelled", f"{who}：通话 #{call.id} 被改成了别人的（学员 “{call.trainee}”，"
                           f"标记 {label[1]} 第 {label[2]} 通第 {label[3]} 次）", candidate))
    record = store.record(call.id)
    rec_seed = record.get("seed") if isinstance(record, dict) else None
    if call.scenario != scenario or (record or {}).get("scenario") != scenario:
        out.append(Problem("substituted", f"{who}：应考场景是 {scenario}，通话 #{call.id} 却是 "
                           f"{(record or {}).get('scenario') or call.scenario}", candidate))
    elif rec_seed != seed or call.seed != seed:
        owner = sitting.owner_of_seed(scenario, rec_seed) if isinstance(rec_seed, int) else None
        if owner is not None and owner[0] != candidate:
            out.append(Problem("substituted", f"{who}：通话 #{call.id} 的来电是抽给{_who(*owner)}的，"
                               "换成了别人的成绩", candidate))
        else:
            out.append(Problem("foreign-call", f"{who}：通话 #{call.id} 的来电者种子 {rec_seed} 不是本考场"
                                               f"为这次作答"
                               f"抽出的 {seed}：不是在本考场打的电话（可能来自别的安装）", candidate))
    report_row = store.report(call.id)
    report = report_row.body if report_row is not None else None
    from simulator.exams.scoring import empty_call_reason

    empty = empty_call_reason(record)
    if empty is not None and (call.passed or (report or {}).get("passed")):
        out.append(Problem("empty-pass", f"{who}：{empty}，存档却记为通过（{call.score} 分）", candidate))
    listed = (call.score, call.passed)
    if report is not None and (report.get("score"), bool(report.get("passed"))) != listed:
        out.append(Problem("score-changed", f"{who}：通话 #{call.id} 列表里的得分 {call.score} 与评分报告的 "
                           f"{report.get('score')} 不一致：成绩被改动", candidate))
    if regrade and record is not None and call.status != "open":
        out.extend(_regrade(sitting, record, report, who, candidate, call.id))
    return out


def _regrade(sitting: Sitting, record: dict[str, Any], report: dict[str, Any] | None, who: str,
             candidate: str, call_id: int) -> list[Problem]:
    from grading import GradingError, grade
    from simulator.records.reports import report_to_json

    try:
        fresh = report_to_json(grade(record, pass_mark=sitting.exam.passing.call))
    except GradingError as exc:
        return [Problem("regrade-failed", f"{who}：通话 #{call_id} 无法重新评分：{exc.message}", candidate)]
    if report is None:
        return [Problem("grade-missing", f"{who}：通话 #{call_id} 的评分报告不见了（重新评分"
                                         f" {fresh['score']} 分）",
                        candidate)]
    old, new = evidence.finding_keys(report), evidence.finding_keys(fresh)
    if report.get("score") != fresh["score"] or bool(report.get("passed")) != bool(fresh["passed"]):
        word = {True: "通过", False: "不通过"}
        return [Problem("regrade-mismatch", f"{who}：存档成绩 {report.get('score')} 分"
                        f"{word[bool(report.get('passed'))]}，按记录重新评分却是 {fresh['score']} 分"
                        f"{word[bool(fresh['passed'])]}：成绩或对话被改动（或评分规则已更新）", candidate)]
    if sorted(old) != sorted(new):
        gone = sorted(set(new) - set(old))
        added = sorted(set(old) - set(new))
        detail = "；".join(x for x in (f"少了 {'、'.join(gone)}" if gone else "",
                                      f"多了 {'、'.join(added)}" if added else "") if x)
        return [Problem("finding-changed", f"{who}：存档的评分问题与重新评分不一致（{detail}）：评分结论被"
                                           f"改动",
                        candidate)]
    return []


def _store_chain(store: Any, calls: set[int]) -> list[Problem]:
    """The records store's own checks that concern this sitting (or the whole chain)."""
    out = []
    for p in store.verify():
        if p.code == "open":
            continue  # an unfinished call: closing the sitting closes it as interrupted
        if p.call_id is None or p.call_id in calls:
            out.append(Problem(f"store-{p.code}", f"通话记录库：{p.message}"))
    return out


def _sealed_vs_now(store: Any, sealed: SealedAttempt) -> list[Problem]:
    from simulator.exams.trainer import sealed_attempt

    who = _who(sealed.candidate, sealed.slot, sealed.attempt)
    row = AttemptRow(0, "", sealed.candidate, sealed.slot, sealed.attempt, sealed.scenario, sealed.seed,
                     sealed.call_uid, "", "")
    if sealed.status == "missing":
        return []
    now = sealed_attempt(store, row)
    c = sealed.candidate
    if now.status == "missing":
        return [Problem("deleted-call", f"{who}（{sealed.scenario}，封存时 {sealed.score} 分）的通话在封存"
                                        f"后被删除", c)]
    out = []
    if (now.score, now.passed) != (sealed.score, sealed.passed):
        out.append(Problem("score-changed", f"{who}：成绩在封存后被改动（{sealed.score} 分 → {now.score} "
                                            f"分）", c))
    if now.findings != sealed.findings:
        out.append(Problem("finding-changed", f"{who}：评分问题在封存后被改动", c))
    elif now.report_digest != sealed.report_digest and not out:
        out.append(Problem("grade-changed", f"{who}：评分报告在封存后被改动", c))
    if now.words_digest != sealed.words_digest:
        out.append(Problem("words-changed", f"{who}：对话内容（说了什么、什么时候说的）在封存后被改动", c))
    elif now.record_digest != sealed.record_digest:
        out.append(Problem("record-changed", f"{who}：通话记录在封存后被改动", c))
    if now.audio != sealed.audio:
        gone = sorted(set(sealed.audio) - set(now.audio))
        what = f"录音（{'、'.join(gone)}）被删除" if gone else "录音被改动"
        out.append(Problem("audio-changed", f"{who}：{what}", c))
    if now.status != sealed.status:
        out.append(Problem("record-changed", f"{who}：通话状态在封存后被改动（{sealed.status} →"
                                             f" {now.status}）", c))
    return out


def verify_sitting(store: Any, name: str, secret: str, *, receipt: dict[str, Any] | None = None,
                   seal_code: str | None = None, issued: Any = None) -> VerifyResult:
    """Every check above; ``receipt`` (the file ``exam close --receipt`` wrote to the trainer's drive)
    or ``seal_code`` (the code ``exam close`` printed) also catch a sitting or seal deleted from the store;
    ``issued`` (the start codes handed out, :class:`~simulator.exams.startcodes.Issued`) catches an
    attempt rolled back by restoring an earlier copy of the store."""
    from simulator.exams.errors import SittingError
    from simulator.exams.station import load_sitting

    tables = ExamTables(store.db)
    problems: list[Problem] = []
    kept = _receipt_parts(receipt)
    try:
        sitting, sig = load_sitting(tables, name)
        got = tables.sitting(name)
        assert got is not None
        sitting_doc = got[0]
    except SittingError:
        if kept is None:
            raise SittingError(f"没有名为 “{name}” 的考场：名称写错了，或者考场记录被删除",
                               hint="给出结束考场时保存的回执（--receipt），可以查明是否被删除") from None
        problems.append(Problem("sitting-deleted", f"考场 “{name}” 的记录已从记录库中删除（回执里有它）"))
        sitting_doc, sig = kept[0], kept[1]
        sitting = Sitting.from_json(sitting_doc)
    key = derive(secret, sitting.salt)
    keyed = key.key_id == sitting.key_id
    if not keyed:
        problems.append(Problem("key", "这把密钥不是本考场开考时用的：密钥输错了，或者考场数据被人用另一把"
                                       "密钥整体重写过"))
    elif not key.check(canonical(sitting_doc), sig):
        problems.append(Problem("sitting-edited", "考场设置（名单、抽题、作答次数或及格标准）在开考后被改"
                                                  "动，签名对不上"))
    if kept is not None and keyed:
        if not (key.check(canonical(kept[0]), kept[1]) and key.check(canonical(kept[2]), kept[3])):
            problems.append(Problem("receipt-invalid", "封存回执的签名不对：不是这位考官结束考场时写下的"))
            kept = None
        elif kept[1] != sig:
            problems.append(Problem("sitting-edited", "考场设置与封存回执里的不一样：开考后被改动或被替换"))
    sealed = tables.seal(name)
    seal: Seal | None = None
    notes: list[str] = []
    if sealed is not None and kept is not None and sealed[1] != kept[3]:
        problems.append(Problem("seal-edited", "记录库里的封存与考官保存的封存回执不一样：封存被改动或重做"
                                               "过"))
        sealed = (kept[2], kept[3])
    if sealed is not None and seal_code and not sealed[1].startswith(seal_code.strip().lower()):
        problems.append(Problem("seal-edited", f"封存码不是结束考场时打印的 {seal_code}：封存被改动或重做过"))
    if sealed is None and kept is not None:
        problems.append(Problem("seal-deleted", "考场已经结束封存（有考官的回执），但记录库里的封存被删除了"))
        sealed = (kept[2], kept[3])
    elif sealed is None and seal_code:
        problems.append(Problem("seal-deleted", f"考场结束时打印了封存码 {seal_code}，但记录库里的封存被删"
                                                f"除了"))
    if sealed is None:
        notes.append("考场尚未结束封存：只能检查现有作答是否前后一致；结束后（hotline exam close）才能发现"
                     "删除和改动。如果您已经结束过这个考场，说明封存记录被删除了")
    else:
        doc, seal_sig = sealed
        try:
            seal = Seal.from_json(doc)
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(Problem("seal-edited", "封存记录已损坏或被改写"))
        if keyed and not key.check(canonical(doc), seal_sig):
            problems.append(Problem("seal-edited", "封存记录被改动，或被人用别的密钥重新封存：签名对不上"))
        if seal is not None and seal.sitting_sig != sig:
            problems.append(Problem("seal-edited", "封存记录不属于这个考场的设置（考场或封存被替换）"))
    live = live_problems(store, tables, sitting)
    problems.extend(live)
    checked = len(tables.attempts(name))
    if seal is not None:
        for msg in seal.refused:
            problems.append(Problem("at-close", f"结束考场时发现：{msg}"))
        sealed_keys = {a.key() for a in seal.attempts}
        for a in seal.attempts:
            problems.extend(_sealed_vs_now(store, a))
        for row in tables.attempts(name):
            if (row.candidate, row.slot, row.attempt) not in sealed_keys and row.attempt <= sitting.attempts:
                problems.append(Problem("after-close", f"{_who(row.candidate, row.slot, row.attempt)}"
                                        "是考场结束封存之后才加进来的，不计入成绩", row.candidate))
        present = {(r.candidate, r.slot, r.attempt) for r in tables.attempts(name)}
        for a in seal.attempts:
            if a.key() not in present:
                problems.append(Problem("deleted-attempt", f"{_who(*a.key())}（封存时 {a.score} 分）的作答"
                                                           f"记录在封存后被删除",
                                        a.candidate))
    if keyed:  # with a wrong key every appeal would look forged: the key problem says it all
        problems.extend(_appeal_problems(store, tables, name, key))
        from simulator.exams.trainer import witness_problems

        problems.extend(Problem(code, msg, who) for code, msg, who in
                        witness_problems(store, tables, sitting, key, issued))
    if sitting.start_codes and not issued:
        notes.append("本考场使用开考码：给出监考员的发出清单（--issued 文件）才能查出被回滚"
                     "（记录库被恢复到早先副本）的作答")
    return VerifyResult(name, seal is not None, _dedupe(problems), checked, checked, tuple(notes))


def _appeal_problems(store: Any, tables: ExamTables, name: str, key: Any) -> list[Problem]:
    from simulator.exams.scoring import finding_digest

    out = []
    for appeal_id, doc, sig in tables.appeals(name):
        if key is None or not key.check(canonical(doc), sig):
            out.append(Problem("appeal-forged", f"第 {appeal_id} 条申诉的签名不对：不是考官做出的决定"))
            continue
        try:
            a = Appeal.from_json(doc)
        except (KeyError, TypeError, ValueError):
            out.append(Problem("appeal-forged", f"第 {appeal_id} 条申诉已损坏"))
            continue
        call = _call_by_uid(store, a.call_uid)
        report_row = store.report(call.id) if call is not None else None
        digests = {finding_digest(f) for f in (report_row.body if report_row else {}).get("findings") or []}
        if a.finding_digest not in digests:
            out.append(Problem("appeal-orphan", f"第 {appeal_id} 条申诉针对的问题（{a.rule}）在"
                               f"{_who(a.candidate, a.slot, a.attempt)}的评分里已找不到", a.candidate))
    return out


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    out = []
    for p in problems:
        if (p.code, p.message) not in seen:
            seen.add((p.code, p.message))
            out.append(p)
    return out


def _receipt_parts(receipt: dict[str, Any] | None) -> tuple[dict[str, Any], str, dict[str, Any], str] | None:
    """``(sitting doc, its signature, seal doc, its signature)`` from a receipt, or None."""
    if receipt is None:
        return None
    from simulator.exams.errors import ExamError

    try:
        parts = (receipt["sitting"], str(receipt["sitting_sig"]), receipt["seal"], str(receipt["seal_sig"]))
    except (KeyError, TypeError) as exc:
        raise ExamError("封存回执文件不完整", hint="用 hotline exam close --receipt 写下的原文件") from exc
    if not (isinstance(parts[0], dict) and isinstance(parts[2], dict)):
        raise ExamError("封存回执文件不完整", hint="用 hotline exam close --receipt 写下的原文件")
    return parts
