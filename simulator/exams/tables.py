"""The exams' own tables in the records store's database (SQLite or PostgreSQL), and their migrations.

The records store (:mod:`simulator.records`) owns the calls; exams add four tables beside them,
versioned separately in ``exam_schema_version`` so neither package edits the other's migrations:

* ``exam_sittings``: the signed sitting documents, written by the trainer;
* ``exam_attempts``: one row per attempt, inserted by the station *before* the phone rings, so an
  attempt killed mid-call still counts. ``(sitting, candidate, slot, attempt)`` is unique: two
  stations can never both take attempt 2, and a row cannot be replaced by inserting another.
  ``received_at`` is the database's own clock; ``start_code`` is the invigilator's code that
  started it, in a sitting opened with start codes (:mod:`simulator.exams.startcodes`);
* ``exam_seals``: the signed seal written when the trainer closes a sitting (one per sitting);
* ``exam_appeals``: signed overrides of findings, append-only.

On PostgreSQL, ``hotline exam setup-roles`` (:mod:`simulator.exams.roles`) lets stations only
insert attempts and read sittings; sittings, seals and appeals are the trainer role's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "exam sittings, attempts, seals and appeals", [
        """CREATE TABLE exam_sittings (
            name TEXT PRIMARY KEY,
            doc TEXT NOT NULL,
            sig TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        )""",
        """CREATE TABLE exam_attempts (
            id {id},
            sitting TEXT NOT NULL REFERENCES exam_sittings (name),
            candidate TEXT NOT NULL,
            slot INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            scenario TEXT NOT NULL,
            seed {bigint} NOT NULL,
            call_uid TEXT NOT NULL,
            station TEXT NOT NULL,
            received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
            UNIQUE (sitting, candidate, slot, attempt)
        )""",
        """CREATE TABLE exam_seals (
            sitting TEXT PRIMARY KEY REFERENCES exam_sittings (name),
            doc TEXT NOT NULL,
            sig TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        )""",
        """CREATE TABLE exam_appeals (
            id {id},
            sitting TEXT NOT NULL REFERENCES exam_sittings (name),
            doc TEXT NOT NULL,
            sig TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
        )""",
        "CREATE INDEX exam_attempts_sitting ON exam_attempts (sitting, candidate)",
    ]),
    (2, "the invigilator's start code that started each attempt (a witness against restored copies)", [
        "ALTER TABLE exam_attempts ADD COLUMN start_code TEXT NOT NULL DEFAULT ''",
    ]),
]
LATEST = MIGRATIONS[-1][0]
TABLES = ("exam_sittings", "exam_attempts", "exam_seals", "exam_appeals")


@dataclass(frozen=True)
class AttemptRow:
    id: int
    sitting: str
    candidate: str
    slot: int
    attempt: int
    scenario: str
    seed: int
    call_uid: str
    station: str
    received_at: str
    start_code: str = ""


class ExamTables:
    """Reads and writes of the exam tables on the store's database connection (``store.db``)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.migrate()

    def migrate(self) -> None:
        from simulator.records.schema import has_table

        with self.db.write(chain=True):
            if not has_table(self.db, "exam_schema_version"):  # stations may not CREATE (roles.py)
                self.db.execute("CREATE TABLE exam_schema_version "
                                "(version INTEGER PRIMARY KEY, why TEXT NOT NULL)")
            row = self.db.one("SELECT MAX(version) FROM exam_schema_version")
            have = int(row[0]) if row and row[0] is not None else 0
            if have > LATEST:
                from simulator.exams.errors import ExamError

                raise ExamError(f"考试数据的版本（{have}）比本程序新（{LATEST}）",
                                hint="请把本机的 hotline-trainer 升级到与其他培训站相同的版本。")
            for version, why, statements in MIGRATIONS:
                if version > have:
                    for statement in statements:
                        self.db.execute(statement)
                    self.db.execute("INSERT INTO exam_schema_version (version, why) VALUES (?, ?)",
                                    (version, why))

    # ------------------------------------------------------------------ sittings

    @contextmanager
    def _trainer_write(self, what: str) -> Iterator[None]:
        """A write only the trainer's role may do: a station's role gets a message that says so."""
        from simulator.exams.errors import ExamError
        from simulator.records.errors import StoreError

        try:
            with self.db.write():
                yield
        except StoreError as exc:
            cause = exc.__cause__
            if cause is not None and type(cause).__name__ == "InsufficientPrivilege":
                raise ExamError(f"这个数据库账号没有权限{what}（它是考站的账号，只能作答）",
                                hint="考官请用考官角色连接：--db postgresql://考官角色@服务器/库"
                                "（见 hotline exam setup-roles）") from exc
            raise

    def add_sitting(self, name: str, doc: dict[str, Any], sig: str) -> None:
        from simulator.exams.errors import SittingError

        with self._trainer_write("开考"):
            if self.db.one("SELECT 1 FROM exam_sittings WHERE name = ?", (name,)):
                raise SittingError(f"考场 “{name}” 已经存在", hint="换一个考场名称，或用"
                                                             " hotline exam status 查看它")
            self.db.execute("INSERT INTO exam_sittings (name, doc, sig) VALUES (?, ?, ?)",
                            (name, _text(doc), sig))

    def sitting(self, name: str) -> tuple[dict[str, Any], str] | None:
        row = self.db.one("SELECT doc, sig FROM exam_sittings WHERE name = ?", (name,))
        return None if row is None else (_load(row[0]), str(row[1]))

    def sitting_names(self) -> list[tuple[str, str]]:
        """``(name, created_at)``, newest first."""
        return [(str(n), str(c)) for n, c in
                self.db.rows("SELECT name, created_at FROM exam_sittings ORDER BY created_at DESC, name")]

    # ------------------------------------------------------------------ attempts

    def attempts(self, sitting: str, candidate: str | None = None) -> list[AttemptRow]:
        sql = ("SELECT id, sitting, candidate, slot, attempt, scenario, seed, call_uid, station, received_at,"
               " start_code FROM exam_attempts WHERE sitting = ?")
        params: list[Any] = [sitting]
        if candidate is not None:
            sql += " AND candidate = ?"
            params.append(candidate)
        rows = self.db.rows(sql + " ORDER BY id", params)
        return [AttemptRow(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]), int(r[6]),
                           str(r[7]), str(r[8]), str(r[9]), str(r[10] or "")) for r in rows]

    def add_attempt(self, sitting: str, candidate: str, slot: int, attempt: int, scenario: str, seed: int,
                    call_uid: str, station: str, start_code: str = "") -> int:
        return int(self.db.insert(
            "INSERT INTO exam_attempts (sitting, candidate, slot, attempt, scenario, seed, call_uid,"
            " station, start_code) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (sitting, candidate, slot, attempt, scenario, seed, call_uid, station, start_code)))

    # ------------------------------------------------------------------ seals and appeals

    def seal(self, sitting: str) -> tuple[dict[str, Any], str] | None:
        row = self.db.one("SELECT doc, sig FROM exam_seals WHERE sitting = ?", (sitting,))
        return None if row is None else (_load(row[0]), str(row[1]))

    def add_seal(self, sitting: str, doc: dict[str, Any], sig: str) -> None:
        from simulator.exams.errors import SittingError

        with self._trainer_write("结束考场"):
            if self.db.one("SELECT 1 FROM exam_seals WHERE sitting = ?", (sitting,)):
                raise SittingError(f"考场 “{sitting}” 已经结束封存", hint="hotline exam verify 检查它")
            self.db.execute("INSERT INTO exam_seals (sitting, doc, sig) VALUES (?, ?, ?)",
                            (sitting, _text(doc), sig))

    def appeals(self, sitting: str) -> list[tuple[int, dict[str, Any], str]]:
        return [(int(i), _load(d), str(s)) for i, d, s in
                self.db.rows("SELECT id, doc, sig FROM exam_appeals WHERE sitting = ? ORDER BY id",
                             (sitting,))]

    def add_appeal(self, sitting: str, doc: dict[str, Any], sig: str) -> int:
        with self._trainer_write("处理申诉"):
            return int(self.db.insert("INSERT INTO exam_appeals (sitting, doc, sig) VALUES (?, ?, ?) "
                                      "RETURNING id", (sitting, _text(doc), sig)))


def _text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _load(text: Any) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return {"_broken": str(text)}
    return data if isinstance(data, dict) else {"_broken": str(text)}
