"""A sitting: one exam given to named candidates, fixed and signed when the trainer opens it.

The sitting document holds the whole exam (its rules as they were), the seed, and per candidate the
drawn calls with a caller seed per allowed attempt (:mod:`simulator.exams.draw`). It is signed with
the trainer's key (:mod:`simulator.exams.keys`); the salt of that key and the key's id travel with
it. Stations read it to know what a candidate takes, but cannot change it unnoticed: ``exam
verify`` checks the signature before believing a single field.

Closing writes a :class:`Seal`: the list of expected calls and, for each, every attempt the store
holds at that moment with the digests of its record, words, audio and grade. It is signed with the
same key, so anything changed, removed or added after closing shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from simulator.exams.draw import Slot, draw
from simulator.exams.errors import SittingError
from simulator.exams.keys import TrainerKey
from simulator.exams.model import Exam

SITTING_FORMAT = "hotline-sitting/1"
SEAL_FORMAT = "hotline-seal/1"
APPEAL_FORMAT = "hotline-appeal/1"
NAME_PATTERN = re.compile(r"^[^\s/\\\x00-\x1f\x7f](?:[^/\\\x00-\x1f\x7f]{0,62}[^\s/\\\x00-\x1f\x7f])?$")
MAX_CANDIDATES = 1000


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_name(name: str, what: str) -> str:
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise SittingError(f"{what} “{name}” 不能用：1–64 个字符，不含斜杠和控制字符",
                           hint="例如 2026冬季上岗考核-1 或 张三")
    return name


def parse_candidates(text: str) -> list[str]:
    """Candidates from a file's text or a command-line list: one per line, or separated by , ， 、 ;."""
    names: list[str] = []
    for raw in re.split(r"[\n,，、;；]", text):
        name = raw.split("#", 1)[0].strip()
        if name:
            names.append(check_name(name, "考生姓名"))
    if not names:
        raise SittingError("考生名单是空的", hint="--candidates 张三,李四 或一个每行一个姓名的文本文件")
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SittingError(f"考生名单里有重名：{'、'.join(dupes)}", hint="重名的考生请加上区分，如 张三-2")
    if len(names) > MAX_CANDIDATES:
        raise SittingError(f"考生太多（{len(names)} 人），一场最多 {MAX_CANDIDATES} 人", hint="分成几场")
    return names


@dataclass(frozen=True)
class Sitting:
    name: str
    exam: Exam
    seed: int
    candidates: dict[str, tuple[Slot, ...]]
    salt: str
    key_id: str
    opened_at: str
    opened_by: str = ""
    start_codes: bool = False  # every attempt needs the invigilator's start code (startcodes.py)

    @property
    def attempts(self) -> int:
        return self.exam.attempts

    def slots(self, candidate: str) -> tuple[Slot, ...]:
        try:
            return self.candidates[candidate]
        except KeyError:
            from simulator.scenario.diagnostics import did_you_mean

            guess = did_you_mean(candidate, self.candidates)
            raise SittingError(f"考生 “{candidate}” 不在考场 {self.name} 的名单里",
                               hint=f"你是不是想写 {guess}？" if guess else "名单见 hotline exam status",
                               ) from None

    def slot(self, candidate: str, index: int) -> Slot:
        for s in self.slots(candidate):
            if s.index == index:
                return s
        raise SittingError(f"考生 {candidate} 没有第 {index} 通考题（共 {len(self.slots(candidate))} 通）")

    def owner_of_seed(self, scenario: str, seed: int) -> tuple[str, int, int] | None:
        """Whose call (candidate, slot, attempt) in this sitting has this scenario and caller seed."""
        for cand, slots in self.candidates.items():
            for s in slots:
                if s.scenario == scenario and seed in s.seeds:
                    return cand, s.index, s.seeds.index(seed) + 1
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SITTING_FORMAT, "name": self.name, "exam": self.exam.to_json(),
            "exam_digest": self.exam.digest(), "seed": self.seed, "salt": self.salt, "key_id": self.key_id,
            "opened_at": self.opened_at, "opened_by": self.opened_by,
            "candidates": {c: [s.to_json() for s in slots] for c, slots in self.candidates.items()},
            **({"start_codes": True} if self.start_codes else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sitting:
        if data.get("format") != SITTING_FORMAT:
            raise SittingError(f"考场文件格式不对：{data.get('format')!r}（应为 {SITTING_FORMAT}）")
        return cls(
            name=str(data["name"]), exam=Exam.from_json(data["exam"]), seed=int(data["seed"]),
            candidates={str(c): tuple(Slot.from_json(s) for s in slots)
                        for c, slots in data["candidates"].items()},
            salt=str(data["salt"]), key_id=str(data["key_id"]), opened_at=str(data["opened_at"]),
            opened_by=str(data.get("opened_by", "")), start_codes=data.get("start_codes") is True,
        )


def open_sitting(exam: Exam, name: str, candidates: list[str], seed: int, key: TrainerKey,
                 opened_by: str = "", start_codes: bool = False) -> Sitting:
    name = check_name(name, "考场名称")
    return Sitting(
        name=name, exam=exam, seed=seed, candidates={c: draw(exam, c, seed) for c in candidates},
        salt=key.salt, key_id=key.key_id, opened_at=now(), opened_by=opened_by, start_codes=start_codes,
    )


@dataclass(frozen=True)
class SealedAttempt:
    """One attempt as it stood when the sitting was closed."""

    candidate: str
    slot: int
    attempt: int
    scenario: str
    seed: int
    call_uid: str  # "" when the attempt was started but its call is not in the store
    call_id: int | None
    status: str  # finished | interrupted | missing
    score: int | None
    passed: bool | None
    call_digest: str = ""  # the whole stored call (chain.call_digest)
    record_digest: str = ""  # the record as stored
    words_digest: str = ""  # who said what, when (say events)
    audio: dict[str, str] = field(default_factory=dict)  # track -> sha256
    findings: list[str] = field(default_factory=list)  # "RULE@t" of the stored grade
    report_digest: str = ""

    def key(self) -> tuple[str, int, int]:
        return (self.candidate, self.slot, self.attempt)

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate, "slot": self.slot, "attempt": self.attempt,
            "scenario": self.scenario,
            "seed": self.seed, "call_uid": self.call_uid, "call_id": self.call_id, "status": self.status,
            "score": self.score, "passed": self.passed, "call_digest": self.call_digest,
            "record_digest": self.record_digest, "words_digest": self.words_digest, "audio": dict(self.audio),
            "findings": list(self.findings), "report_digest": self.report_digest,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SealedAttempt:
        return cls(
            candidate=str(d["candidate"]), slot=int(d["slot"]), attempt=int(d["attempt"]),
            scenario=str(d["scenario"]), seed=int(d["seed"]), call_uid=str(d.get("call_uid", "")),
            call_id=None if d.get("call_id") is None else int(d["call_id"]), status=str(d["status"]),
            score=None if d.get("score") is None else int(d["score"]),
            passed=None if d.get("passed") is None else bool(d["passed"]),
            call_digest=str(d.get("call_digest", "")), record_digest=str(d.get("record_digest", "")),
            words_digest=str(d.get("words_digest", "")), audio=dict(d.get("audio") or {}),
            findings=[str(f) for f in d.get("findings") or []], report_digest=str(d.get("report_digest", "")),
        )


@dataclass(frozen=True)
class Seal:
    sitting: str
    sitting_sig: str
    closed_at: str
    attempts: tuple[SealedAttempt, ...]
    not_taken: tuple[tuple[str, int], ...]  # (candidate, slot) with no attempt at all
    refused: tuple[str, ...] = ()  # what closing found wrong and did not count (words)
    closed_by: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SEAL_FORMAT, "sitting": self.sitting, "sitting_sig": self.sitting_sig,
            "closed_at": self.closed_at, "closed_by": self.closed_by,
            "attempts": [a.to_json() for a in self.attempts],
            "not_taken": [list(x) for x in self.not_taken], "refused": list(self.refused),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Seal:
        if d.get("format") != SEAL_FORMAT:
            raise SittingError(f"封存记录格式不对：{d.get('format')!r}")
        return cls(
            sitting=str(d["sitting"]), sitting_sig=str(d["sitting_sig"]), closed_at=str(d["closed_at"]),
            attempts=tuple(SealedAttempt.from_json(a) for a in d["attempts"]),
            not_taken=tuple((str(c), int(s)) for c, s in d.get("not_taken") or []),
            refused=tuple(str(r) for r in d.get("refused") or []), closed_by=str(d.get("closed_by", "")),
        )


@dataclass(frozen=True)
class Appeal:
    """A trainer's decision on one finding of one attempt: stored beside the grade, never instead."""

    sitting: str
    candidate: str
    slot: int
    attempt: int
    call_uid: str
    rule: str
    t: float | None
    decision: str  # withdraw (the finding does not count) | uphold (it stands)
    reason: str
    by: str
    at: str
    finding_digest: str  # of the original finding: the appeal names exactly what it overrides

    def to_json(self) -> dict[str, Any]:
        return {
            "format": APPEAL_FORMAT, "sitting": self.sitting, "candidate": self.candidate, "slot": self.slot,
            "attempt": self.attempt, "call_uid": self.call_uid, "rule": self.rule, "t": self.t,
            "decision": self.decision, "reason": self.reason, "by": self.by, "at": self.at,
            "finding_digest": self.finding_digest,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Appeal:
        if d.get("format") != APPEAL_FORMAT:
            raise SittingError(f"申诉记录格式不对：{d.get('format')!r}")
        return cls(
            sitting=str(d["sitting"]), candidate=str(d["candidate"]), slot=int(d["slot"]),
            attempt=int(d["attempt"]), call_uid=str(d["call_uid"]), rule=str(d["rule"]),
            t=None if d.get("t") is None else float(d["t"]), decision=str(d["decision"]),
            reason=str(d["reason"]), by=str(d.get("by", "")), at=str(d["at"]),
            finding_digest=str(d["finding_digest"]),
        )
