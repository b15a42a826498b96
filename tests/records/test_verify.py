"""Tampering with stored calls is named by ``calls verify`` (exit 1), on SQLite and PostgreSQL.

The attacker here edits the database directly with its own driver, as a candidate with the
account's file access (SQLite) or a station's credentials (PostgreSQL) could.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulator.cli import main
from simulator.records import Store, open_store
from tests.records.test_store import RECORD


def fill(store: Store) -> list[int]:
    ids = []
    for trainee, score, passed in (("张三", 40, False), ("李四", 90, True), ("王五", 85, True)):
        journal = store.begin(scenario="silent-caller", title="无声来电", trainee=trainee, mode="exam")
        journal.audio("operator", b"\x02\x00" * 400, 16000)
        row, _ = journal.finish(RECORD, {"score": score, "passed": passed, "findings": []})
        ids.append(row.id)
    return ids


def verify(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["calls", "verify", "--db", url])
    return code, capsys.readouterr().out


def test_untouched_store_verifies(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with open_store(store_url) as store:
        fill(store)
    code, out = verify(store_url, capsys)
    assert code == 0 and "全部 3 通记录校验通过" in out


def _delete_call(store: Store, call_id: int) -> None:
    with store.db.write():
        for table in ("call_journal", "call_audio", "call_closes", "reports"):
            store.db.execute(f"DELETE FROM {table} WHERE call_id = ?", (call_id,))
        store.db.execute("DELETE FROM calls WHERE id = ?", (call_id,))


TAMPERS: dict[str, Any] = {
    "score": (lambda s, ids: s.db.execute("UPDATE calls SET score = 98, passed = 1 WHERE id = ?", (ids[0],)),
              ["通话 #1", "张三", "被改动", "得分“40”→“98”"]),
    "relabel": (lambda s, ids: s.db.execute("UPDATE calls SET trainee = '李四' WHERE id = ?", (ids[0],)),
                ["通话 #1", "学员“张三”→“李四”"]),
    "words": (lambda s, ids: s.db.execute("UPDATE calls SET record = ? WHERE id = ?",
                                          (json.dumps({**RECORD, "events": RECORD["events"][:2]}), ids[0])),
              ["通话 #1", "被改动", "对话内容"]),
    "audio": (lambda s, ids: s.db.execute("UPDATE call_audio SET data = ? WHERE call_id = ?",
                                          (b"\x00" * 800, ids[1])),
              ["通话 #2", "录音被改动"]),
    "report": (lambda s, ids: s.db.execute("UPDATE reports SET score = 99, body = '{}' WHERE call_id = ?",
                                           (ids[0],)),
               ["通话 #1 的评分报告", "被改动"]),
    "delete-middle": (lambda s, ids: _delete_call(s, ids[1]), ["通话 #2", "李四", "已被删除"]),
    "delete-last": (lambda s, ids: (_delete_call(s, ids[2]),
                                    s.db.execute("DELETE FROM chain WHERE ref_uid IN "
                                                 "(SELECT ref_uid FROM chain ORDER BY id DESC LIMIT 1)")),
                    ["校验链末尾", "被删除"]),
    "delete-link": (lambda s, ids: s.db.execute("DELETE FROM chain WHERE id = 1"), ["校验链第 1–1 条被删除"]),
    "fabricate": (lambda s, ids: s.db.execute(
        "INSERT INTO calls (uid, started_at, station, pid, status, scenario, title, trainee, mode, head, "
        "meta, record, score, passed, interrupted) VALUES ('x', '2026-01-01', 'other', 1, 'finished', "
        "'silent-caller', '', '张三', 'exam', '{}', '{}', '{}', 100, 1, 0)"),
                  ["不在校验链中", "张三"]),
}


@pytest.mark.parametrize("attack", sorted(TAMPERS))
def test_tampering_is_named(store_url: str, capsys: pytest.CaptureFixture[str], attack: str) -> None:
    change, words = TAMPERS[attack]
    with open_store(store_url) as store:
        ids = fill(store)
        if store.db.dialect == "sqlite":
            store.db.execute("PRAGMA foreign_keys = OFF")
        change(store, ids)
    code, out = verify(store_url, capsys)
    assert code == 1, out
    for word in words:
        assert word in out, out
