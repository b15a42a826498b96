"""The records store: every call, practice or exam, from the app or ``hotline play --save``.

:func:`open_store` picks the database (``HOTLINE_DB=postgresql://…`` for a centre, else the SQLite
file ``records.db`` in the user data folder), applies the migrations and, for the default SQLite
store, imports the old ``calls/`` folders once (:mod:`simulator.records.legacy`).

A call's life: :meth:`Store.begin` creates the row (``open``) and returns a
:class:`~simulator.records.journal.Journal`, which writes each event and audio chunk as it
happens; :meth:`Store.close_call` (through :meth:`Journal.finish`, or
:func:`simulator.records.recover.recover` for a call whose process died) stores the final record
and its grade and appends both to the hash chain, in one transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.records import chain
from simulator.records.db import Db, open_postgres, open_sqlite
from simulator.records.errors import StoreError
from simulator.records.schema import migrate, now

if TYPE_CHECKING:
    from simulator.records.journal import Journal
    from simulator.records.verify import Problem

DB_ENV = "HOTLINE_DB"
DB_FILE = "records.db"
STATUS_NAMES = {"open": "进行中", "finished": "已结束", "interrupted": "中断"}
MODE_NAMES = {"exam": "考核", "practice": "练习"}

HEAD_INDEX = -1  # call_journal.idx of the record's fields other than its events
BEAT_INDEX = -2  # call_journal.idx of a heartbeat with nothing else to write

_CALL_COLUMNS = ("id, uid, started_at, ended_at, alive_at, station, pid, status, scenario, title, trainee, "
                 "mode, seed, meta, score, passed, outcome, interrupted")


@dataclass(frozen=True)
class CallRow:
    """One call as listed: who, what, when, and its grade (the grade given when it ended)."""

    id: int
    uid: str
    started_at: str
    ended_at: str | None
    alive_at: str | None
    station: str
    pid: int
    status: str  # open | finished | interrupted
    scenario: str
    title: str
    trainee: str
    mode: str  # practice | exam
    seed: int | None
    meta: dict[str, Any] = field(default_factory=dict)
    score: int | None = None
    passed: bool | None = None
    outcome: str | None = None
    interrupted: bool = False

    @property
    def exam(self) -> bool:
        return self.mode == "exam"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "uid": self.uid, "started_at": self.started_at, "ended_at": self.ended_at,
                "station": self.station, "status": self.status, "scenario": self.scenario,
                "title": self.title, "trainee": self.trainee, "mode": self.mode, "seed": self.seed,
                "meta": self.meta, "score": self.score, "passed": self.passed, "outcome": self.outcome,
                "interrupted": self.interrupted}


@dataclass(frozen=True)
class ReportRow:
    id: int
    call_id: int
    created_at: str
    kind: str  # grade | regrade | recover | override | …
    note: str
    score: int | None
    passed: bool | None
    body: dict[str, Any]


def _call(row: tuple[Any, ...]) -> CallRow:
    (id_, uid, started, ended, alive, station, pid, status, scenario, title, trainee, mode, seed, meta,
     score, passed, outcome, interrupted) = row
    return CallRow(int(id_), uid, started, ended, alive, station, int(pid), status, scenario, title, trainee,
                   mode, None if seed is None else int(seed), json.loads(meta or "{}"),
                   None if score is None else int(score), None if passed is None else bool(passed),
                   outcome, bool(interrupted))


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def station_name() -> str:
    return os.environ.get("HOTLINE_STATION") or socket.gethostname()


class Store:
    """The one interface to the records, whatever the database (see the package docstring)."""

    def __init__(self, db: Db, signer: chain.Signer | None = None) -> None:
        self.db = db
        self.signer: chain.Signer = signer or chain.NoSigner()
        migrate(db)

    @property
    def where(self) -> str:
        return self.db.where

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ a call's life

    def begin(self, *, scenario: str, title: str = "", trainee: str = "", mode: str = "practice",
              seed: int | None = None, head: dict[str, Any] | None = None,
              meta: dict[str, Any] | None = None, flush_interval: float | None = None,
              started_at: str | None = None) -> Journal:
        """Open a call (status ``open``) and its journal; the row exists before the first ring.
        ``started_at``: when an imported call really started (default: now)."""
        import uuid

        from simulator.records.journal import Journal

        uid = uuid.uuid4().hex
        stamp = started_at or now()
        with self.db.write():
            call_id = self.db.insert(
                "INSERT INTO calls (uid, started_at, alive_at, station, pid, status, scenario, title, "
                "trainee, mode, seed, head, meta) "
                "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (uid, stamp, stamp, station_name(), os.getpid(), scenario, title, trainee.strip(), mode, seed,
                 _json(head or {}), _json(meta or {})))
        return Journal(self, call_id, uid, flush_interval=flush_interval)

    def close_call(self, call_id: int, record: dict[str, Any], report: dict[str, Any] | None, *,
                   interrupted: bool = False, report_kind: str = "grade", note: str = "") -> CallRow:
        """Store the final record (and its grade), close the call and chain both — one transaction.
        A call already closed is left as it was (returned unchanged): it is closed exactly once."""
        with self.db.write(chain=True):
            row = self.db.one("SELECT uid, started_at, station, status, scenario, title, trainee, mode, "
                              "seed, meta FROM calls WHERE id = ?", (call_id,))
            if row is None:
                raise StoreError(f"通话 #{call_id} 不在通话记录库中（{self.where}）")
            uid, started, station, status, scenario, title, trainee, mode, seed, meta = row
            if status != "open":
                return self.call(call_id)
            if interrupted:
                record = {**record, "interrupted": True}
            fields = {
                "uid": uid, "started_at": started, "ended_at": now(), "station": station,
                "status": "interrupted" if interrupted else "finished", "scenario": scenario,
                "title": title, "trainee": trainee, "mode": mode, "seed": seed, "meta": meta,
                "record": _json(record), "score": None if report is None else int(report["score"]),
                "passed": None if report is None else int(bool(report["passed"])),
                "outcome": record.get("outcome"), "interrupted": int(interrupted),
                "audio": _json(self._audio_digests(call_id)),
            }
            # An insert, applied to the open call by the database's trigger (schema.py, migration 2):
            # a centre's station role closes a call without any UPDATE right.
            self.db.execute(
                "INSERT INTO call_closes (call_id, ended_at, status, record, score, passed, outcome, "
                "interrupted, audio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (call_id, fields["ended_at"], fields["status"], fields["record"], fields["score"],
                 fields["passed"], fields["outcome"], fields["interrupted"], fields["audio"]))
            self._append("call", call_id, uid, chain.call_digest(fields), self._label(fields, call_id))
            if report is not None:
                self._add_report(call_id, uid, report, report_kind, note)
        return self.call(call_id)

    def add_report(self, call_id: int, report: dict[str, Any], kind: str, note: str = "") -> int:
        """Append a grade to a closed call (``regrade``, an exam's ``override``…); the old stays."""
        with self.db.write(chain=True):
            row = self.db.one("SELECT uid FROM calls WHERE id = ?", (call_id,))
            if row is None:
                raise StoreError(f"通话 #{call_id} 不在通话记录库中（{self.where}）")
            return self._add_report(call_id, row[0], report, kind, note)

    def _add_report(self, call_id: int, uid: str, report: dict[str, Any], kind: str, note: str) -> int:
        fields = {"call_uid": uid, "created_at": now(), "kind": kind, "note": note,
                  "score": report.get("score"), "passed": int(bool(report.get("passed"))),
                  "body": _json(report)}
        report_id = self.db.insert(
            "INSERT INTO reports (call_id, created_at, kind, note, score, passed, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (call_id, fields["created_at"], kind, note, fields["score"], fields["passed"], fields["body"]))
        label = _json({"call": call_id, "kind": kind, "score": fields["score"],
                       "passed": bool(fields["passed"])})
        self._append("report", report_id, uid, chain.report_digest(fields), label)
        return report_id

    def _label(self, fields: dict[str, Any], call_id: int) -> str:
        return _json({"id": call_id, "when": fields["started_at"], "scenario": fields["scenario"],
                      "title": fields["title"], "trainee": fields["trainee"], "mode": fields["mode"],
                      "status": fields["status"], "score": fields["score"],
                      "passed": None if fields["passed"] is None else bool(fields["passed"])})

    def _append(self, kind: str, ref_id: int, uid: str, body_digest: str, label: str) -> None:
        """Extend the chain (the caller holds the chain lock: ``db.write(chain=True)``)."""
        last = self.db.one("SELECT hash FROM chain ORDER BY id DESC LIMIT 1")
        prev = last[0] if last else chain.GENESIS
        created = now()
        link = chain.link_hash(prev, kind, uid, body_digest, label, created)
        self.db.execute(
            "INSERT INTO chain (created_at, kind, ref_id, ref_uid, label, digest, prev, hash, signer, sig) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (created, kind, ref_id, uid, label, body_digest, prev, link, self.signer.name,
             self.signer.sign(link)))

    def _audio_digests(self, call_id: int) -> dict[str, str]:
        out: dict[str, str] = {}
        for track in self.audio_tracks(call_id):
            rate, data = self.audio(call_id, track)
            out[track] = chain.sha(f"{rate}:".encode() + data)
        return out

    # ------------------------------------------------------------------ the journal's writes

    def journal_write(self, call_id: int, events: list[tuple[int, dict[str, Any]]],
                      head: dict[str, Any] | None, audio: list[tuple[str, int, int, bytes]]) -> None:
        """One batch of a running call's journal, in one transaction (also the heartbeat).

        Appends only (``call_journal``, ``call_audio``): a retimed event is a newer row at its index,
        the record's other fields are a row at index -1, and a batch with neither is a heartbeat row."""
        stamp = now()
        rows = [(idx, _json(event)) for idx, event in events]
        if head is not None:
            rows.append((HEAD_INDEX, _json(head)))
        if not rows:
            rows.append((BEAT_INDEX, "{}"))
        with self.db.write():
            for idx, body in rows:
                self.db.execute("INSERT INTO call_journal (call_id, idx, at, body) VALUES (?, ?, ?, ?)",
                                (call_id, idx, stamp, body))
            for track, seq, rate, data in audio:
                self.db.execute(
                    "INSERT INTO call_audio (call_id, track, seq, rate, data) VALUES (?, ?, ?, ?, ?)",
                    (call_id, track, seq, rate, data))

    def journaled_record(self, call_id: int) -> dict[str, Any]:
        """The record as far as the journal got (for a call whose process died): the newest row of
        each event index, and the newest of the record's other fields."""
        row = self.db.one("SELECT head, scenario, seed FROM calls WHERE id = ?", (call_id,))
        head = {"format": "hotline-call/1", "scenario": row[1], "seed": row[2]} if row else {}
        head.update(json.loads(row[0]) if row else {})
        latest: dict[int, str] = {}
        for idx, body in self.db.rows("SELECT idx, body FROM call_journal WHERE call_id = ? AND idx <> ? "
                                      "ORDER BY id", (call_id, BEAT_INDEX)):
            latest[int(idx)] = body
        if HEAD_INDEX in latest:
            got = json.loads(latest.pop(HEAD_INDEX))
            if isinstance(got, dict):
                head.update(got)
        events = [json.loads(latest[i]) for i in sorted(latest)]
        events.sort(key=lambda e: e.get("t", 0.0) if isinstance(e, dict) else 0.0)
        return {**head, "events": events}

    def alive_at(self, call_id: int) -> str | None:
        """The call's last heartbeat: when its journal was last written (None: never)."""
        row = self.db.one("SELECT MAX(at) FROM call_journal WHERE call_id = ?", (call_id,))
        return None if row is None or row[0] is None else str(row[0])

    # ------------------------------------------------------------------ reading

    def calls(self, *, trainee: str | None = None, exam: bool | None = None, since: str | None = None,
              status: str | None = None, limit: int | None = None) -> list[CallRow]:
        """Calls, newest first (``since``: ISO time or date, UTC)."""
        where, params = [], []
        if trainee is not None:
            where.append("trainee = ?")
            params.append(trainee.strip())
        if exam is not None:
            where.append("mode = ?" if exam else "mode <> ?")
            params.append("exam")
        if since is not None:
            where.append("started_at >= ?")
            params.append(since)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        sql = f"SELECT {_CALL_COLUMNS} FROM calls"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        out = [_call(r) for r in self.db.rows(sql, params)]
        # an open call's heartbeat is its journal's newest row (the calls row is not updated)
        return [dataclasses.replace(c, alive_at=self.alive_at(c.id) or c.alive_at)
                if c.status == "open" else c for c in out]

    def call(self, ref: int | str) -> CallRow:
        """A call by its number (``id``) or its ``uid``."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            row = self.db.one(f"SELECT {_CALL_COLUMNS} FROM calls WHERE id = ?", (int(ref),))
        else:
            row = self.db.one(f"SELECT {_CALL_COLUMNS} FROM calls WHERE uid = ?", (ref,))
        if row is None:
            raise StoreError(f"找不到通话 {ref}（{self.where}）", hint="编号见 hotline calls list 的第一列")
        return _call(row)

    def record(self, call_id: int) -> dict[str, Any] | None:
        """The call's final record (the journal's so far, if it is still open)."""
        row = self.db.one("SELECT record, status FROM calls WHERE id = ?", (call_id,))
        if row is None:
            return None
        if row[0] is None:
            return self.journaled_record(call_id)
        data = json.loads(row[0])
        return data if isinstance(data, dict) else None

    def reports(self, call_id: int) -> list[ReportRow]:
        """Every grade the call had, oldest first."""
        return [ReportRow(int(i), int(c), created, kind, note, score, None if p is None else bool(p),
                          json.loads(body))
                for i, c, created, kind, note, score, p, body in self.db.rows(
                    "SELECT id, call_id, created_at, kind, note, score, passed, body FROM reports "
                    "WHERE call_id = ? ORDER BY id", (call_id,))]

    def report(self, call_id: int, latest: bool = False) -> ReportRow | None:
        """The grade given when the call ended (``latest``: the newest, e.g. after a regrade)."""
        rows = self.reports(call_id)
        if not rows:
            return None
        return rows[-1] if latest else rows[0]

    def audio_tracks(self, call_id: int) -> list[str]:
        return [t for (t,) in self.db.rows(
            "SELECT DISTINCT track FROM call_audio WHERE call_id = ? ORDER BY track", (call_id,))]

    def audio(self, call_id: int, track: str) -> tuple[int, bytes]:
        """``(sample rate, PCM 16-bit mono)`` of one track."""
        rows = self.db.rows("SELECT rate, data FROM call_audio WHERE call_id = ? AND track = ? ORDER BY seq",
                            (call_id, track))
        rate = int(rows[0][0]) if rows else 16000
        return rate, b"".join(bytes(d) for _, d in rows)

    def open_calls(self) -> list[CallRow]:
        return self.calls(status="open")

    def count(self) -> int:
        row = self.db.one("SELECT COUNT(*) FROM calls")
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ checking

    def verify(self) -> list[Problem]:
        from simulator.records.verify import verify

        return verify(self)

    def info(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM store_info WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_info(self, key: str, value: str) -> None:
        with self.db.write():
            self.db.execute("INSERT INTO store_info (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def default_sqlite_path() -> Path:
    from simulator.paths import user_data_dir

    return user_data_dir() / DB_FILE


def open_store(url: str | None = None, *, signer: chain.Signer | None = None, legacy: bool = True) -> Store:
    """The store at ``url`` (``postgresql://…``, ``sqlite:///path`` or a file path), else
    ``HOTLINE_DB``, else ``records.db`` in the user data folder. ``legacy``: import the old
    ``calls/`` folders next to the default SQLite file on first start."""
    url = url or os.environ.get(DB_ENV) or ""
    if url.startswith(("postgresql://", "postgres://")):
        return Store(open_postgres(url), signer)
    default = not url
    path = default_sqlite_path() if default else Path(url.removeprefix("sqlite://"))
    store = Store(open_sqlite(path), signer)
    if default and legacy:
        from simulator.records.legacy import import_legacy

        try:
            import_legacy(store, path.parent / "calls")
        except BaseException:
            with contextlib.suppress(Exception):
                store.close()
            raise
    return store
