"""Helpers of the exam tests: a sitting opened, taken and closed, and the candidate's raw access."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from conftest import SECRET, open_store, write_exam

POOR_SCRIPT = "/answer 2\n喂，干什么？\n/wait 2\n/hangup\n"


def poor_scripts(folder: Path, ids: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for sid in ids:
        (folder / f"{sid}.txt").write_text(POOR_SCRIPT, encoding="utf-8")
    return folder


def open_small(url: str, tmp: Path, *, attempts: int = 1, candidates: str = "张三,李四", seed: int = 11,
               name: str = "考场-1") -> Any:
    from simulator.exams.library import find
    from simulator.exams.sitting import parse_candidates
    from simulator.exams.trainer import open_sitting_in_store

    exam = find(str(write_exam(tmp / f"exams-{attempts}", attempts)))
    with open_store(url) as store:
        return open_sitting_in_store(store, exam, name, parse_candidates(candidates), seed, SECRET)


def take(url: str, name: str, candidate: str, scripts: Path, slot: int | None = None) -> list[Any]:
    from simulator.exams.take import take as _take

    with open_store(url) as store:
        return _take(store, name, candidate, scripts, slot=slot, say=lambda _: None)


def close(url: str, name: str, secret: str = SECRET) -> Any:
    from simulator.exams.trainer import close_sitting

    with open_store(url) as store:
        return close_sitting(store, name, secret)


def verify(url: str, name: str, secret: str = SECRET) -> Any:
    from simulator.exams.verify import verify_sitting

    with open_store(url) as store:
        return verify_sitting(store, name, secret)


def codes(result: Any) -> set[str]:
    return {p.code for p in result.problems}


def messages(result: Any) -> str:
    return "\n".join(p.message for p in result.problems)


class Candidate:
    """What the candidate's account can do to a SQLite store: anything, with plain SQL."""

    def __init__(self, url: str) -> None:
        self.conn = sqlite3.connect(url, isolation_level=None)

    def sql(self, text: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(text, params).fetchall()

    def call_of(self, candidate: str, slot: int, attempt: int = 1) -> int:
        (uid,) = self.sql("SELECT call_uid FROM exam_attempts WHERE candidate = ? AND slot = ? AND attempt"
                          " = ?",
                          (candidate, slot, attempt))[0]
        return int(self.sql("SELECT id FROM calls WHERE uid = ?", (uid,))[0][0])

    def record(self, call_id: int) -> dict[str, Any]:
        return json.loads(self.sql("SELECT record FROM calls WHERE id = ?", (call_id,))[0][0])

    def set_record(self, call_id: int, record: dict[str, Any]) -> None:
        self.sql("UPDATE calls SET record = ? WHERE id = "
                 "?", (json.dumps(record, ensure_ascii=False), call_id))

    def report(self, call_id: int) -> dict[str, Any]:
        return json.loads(self.sql("SELECT body FROM reports WHERE call_id = ? ORDER BY id LIMIT "
                                   "1", (call_id,))[0][0])

    def set_grade(self, call_id: int, score: int, passed: bool, findings: list[Any] | None = None) -> None:
        body = self.report(call_id)
        body.update(score=score, passed=passed)
        if findings is not None:
            body["findings"] = findings
        self.sql("UPDATE reports SET body = ?, score = ?, passed = ? WHERE call_id = ?",
                 (json.dumps(body, ensure_ascii=False), score, int(passed), call_id))
        self.sql("UPDATE calls SET score = ?, passed = ? WHERE id = ?", (score, int(passed), call_id))

    def delete_call(self, call_id: int) -> None:
        for table in ("call_events", "call_audio", "reports"):
            self.sql(f"DELETE FROM {table} WHERE call_id = ?", (call_id,))
        self.sql("DELETE FROM calls WHERE id = ?", (call_id,))

    def close(self) -> None:
        self.conn.close()
