"""Helpers of the exam tests: a sitting opened, taken and closed, and the candidate's raw access."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SECRET = "考官的密钥-2026-冬季"

# The records suite's PostgreSQL fixtures (one throwaway server per session, or HOTLINE_TEST_PG).
_spec = importlib.util.spec_from_file_location("records_conftest", ROOT / "tests" / "records" / "conftest.py")
assert _spec and _spec.loader
records_conftest = importlib.util.module_from_spec(_spec)
sys.modules["records_conftest"] = records_conftest
_spec.loader.exec_module(records_conftest)
pg_server = records_conftest.pg_server

SMALL_EXAM = """\
# yaml-language-server: $schema=exam.schema.json
id: small-exam
title: 小测验
pools:
  - name: 无声来电
    draw: 1
    scenarios: [silent-caller]
  - name: 误拨或骚扰
    draw: 1
    scenarios: [misrouted-call, harassment-call]
seed: per-candidate
pass: {call: 60, overall: 60, calls: all}
blockers: [forbidden]
attempts: ATTEMPTS
counts: best
show_report: true
"""


def write_exam(folder: Path, attempts: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "small-exam.yaml"
    path.write_text(SMALL_EXAM.replace("ATTEMPTS", str(attempts)), encoding="utf-8")
    return path


def hotline(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run ``hotline ARGS`` in-process; ``(exit code, stdout, stderr)``."""
    import contextlib
    import io

    from simulator.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def open_store(url: str) -> Any:
    from simulator.records import open_store as _open

    return _open(url)


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
        for table in ("call_journal", "call_audio", "call_closes", "reports"):
            self.sql(f"DELETE FROM {table} WHERE call_id = ?", (call_id,))
        self.sql("DELETE FROM calls WHERE id = ?", (call_id,))

    def close(self) -> None:
        self.conn.close()
