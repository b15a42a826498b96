"""The store's one schema, as numbered migrations applied on start.

Each migration is a list of statements written once for both databases (the ``{id}``, ``{blob}``,
``{bigint}`` words become each dialect's type, :data:`simulator.records.db.TYPES`). On open,
:func:`migrate` applies the missing ones in order, inside one write transaction that also holds
the chain lock, so twenty stations starting at once apply each migration exactly once.

Add a migration by appending ``(next number, why, [statements])`` to :data:`MIGRATIONS`; never
edit one that has shipped (a store that already applied it would not see the change).

Tables:

* ``calls``: one row per call, created when the phone starts to ring (``status`` ``open``) and
  closed once (``finished`` or ``interrupted``) with the final record, the grade's score and the
  digests of its audio. ``meta`` (JSON) carries what other packages need (an exam's sitting,
  candidate, attempt; where an imported call came from).
* ``call_events``: the journal, one row per record event, upserted by index while the call runs
  (an event retimed after a barge-in is rewritten in place).
* ``call_audio``: the call's audio in chunks (PCM 16-bit mono, ``rate``), per track.
* ``reports``: every grade a call ever had, append-only: the grade at the end of the call,
  ``regrade`` results, an exam's overrides. The old grade is never replaced.
* ``chain``: the hash chain over closed calls and reports (:mod:`simulator.records.chain`).
  ``prev`` is unique: two stations can never both extend the same link.
"""

from __future__ import annotations

from datetime import UTC, datetime

from simulator.records.db import Db

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "calls, journal, audio, reports and the hash chain", [
        """CREATE TABLE calls (
            id {id},
            uid TEXT NOT NULL UNIQUE,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            alive_at TEXT,
            station TEXT NOT NULL,
            pid INTEGER NOT NULL,
            status TEXT NOT NULL,
            scenario TEXT NOT NULL,
            title TEXT NOT NULL,
            trainee TEXT NOT NULL,
            mode TEXT NOT NULL,
            seed {bigint},
            head TEXT NOT NULL,
            meta TEXT NOT NULL,
            record TEXT,
            score INTEGER,
            passed INTEGER,
            outcome TEXT,
            interrupted INTEGER NOT NULL DEFAULT 0,
            audio TEXT
        )""",
        "CREATE INDEX calls_started ON calls (started_at)",
        "CREATE INDEX calls_trainee ON calls (trainee)",
        "CREATE INDEX calls_status ON calls (status)",
        """CREATE TABLE call_events (
            call_id {bigint} NOT NULL REFERENCES calls (id),
            idx INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (call_id, idx)
        )""",
        """CREATE TABLE call_audio (
            call_id {bigint} NOT NULL REFERENCES calls (id),
            track TEXT NOT NULL,
            seq INTEGER NOT NULL,
            rate INTEGER NOT NULL,
            data {blob} NOT NULL,
            PRIMARY KEY (call_id, track, seq)
        )""",
        """CREATE TABLE reports (
            id {id},
            call_id {bigint} NOT NULL REFERENCES calls (id),
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            note TEXT NOT NULL,
            score INTEGER,
            passed INTEGER,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX reports_call ON reports (call_id)",
        """CREATE TABLE chain (
            id {id},
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            ref_id {bigint} NOT NULL,
            ref_uid TEXT NOT NULL,
            label TEXT NOT NULL,
            digest TEXT NOT NULL,
            prev TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL UNIQUE,
            signer TEXT NOT NULL,
            sig TEXT NOT NULL
        )""",
        "CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]),
]

LATEST = MIGRATIONS[-1][0]


def now() -> str:
    """UTC time as ISO text with milliseconds (sorts the same as time, on every station)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def has_table(db: Db, name: str) -> bool:
    """Whether table ``name`` exists (asked without CREATE: a centre's station role has no right to
    create anything, not even with IF NOT EXISTS, see ``hotline exam setup-roles``)."""
    if db.dialect == "postgres":
        row = db.one("SELECT to_regclass(?)", (name,))
        return bool(row and row[0])
    return db.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None


def migrate(db: Db) -> int:
    """Apply the missing migrations; the schema version now in force."""
    with db.write(chain=True):
        if not has_table(db, "schema_version"):  # a station's role may read but not create tables
            db.execute("CREATE TABLE schema_version "
                       "(version INTEGER PRIMARY KEY, why TEXT NOT NULL, applied_at TEXT NOT NULL)")
        row = db.one("SELECT MAX(version) FROM schema_version")
        have = int(row[0]) if row and row[0] is not None else 0
        if have > LATEST:
            from simulator.records.errors import StoreError

            raise StoreError(f"通话记录库的版本（{have}）比本程序新（{LATEST}）：{db.where}",
                             hint="请把本机的 hotline-trainer 升级到与其他培训站相同的版本。")
        for version, why, statements in MIGRATIONS:
            if version <= have:
                continue
            for statement in statements:
                db.execute(statement)
            db.execute("INSERT INTO schema_version (version, why, applied_at) VALUES (?, ?, ?)",
                       (version, why, now()))
    return LATEST
