"""The store's one schema, as numbered migrations applied on start.

Each migration is a list of statements written once for both databases (the ``{id}``, ``{blob}``,
``{bigint}`` words become each dialect's type, :data:`simulator.records.db.TYPES`). On open,
:func:`migrate` applies the missing ones in order, inside one write transaction that also holds
the chain lock, so twenty stations starting at once apply each migration exactly once.

Add a migration by appending ``(next number, why, [statements])`` to :data:`MIGRATIONS`; never
edit one that has shipped (a store that already applied it would not see the change). A statement
that cannot be written once for both (a trigger) is a ``{"sqlite": …, "postgres": …}`` dict.

Tables:

* ``calls``: one row per call, created when the phone starts to ring (``status`` ``open``) and
  closed once (``finished`` or ``interrupted``, through ``call_closes``) with the final record, the
  grade's score and the digests of its audio. ``meta`` (JSON) carries what other packages need (an
  exam's sitting, candidate, attempt; where an imported call came from).
* ``call_journal`` (migration 2; was ``call_events``): the journal, **appended only**. Each row is
  a record event at its index (``idx`` ≥ 0; an event retimed after a barge-in is appended again and
  the newest row of an index wins), the record's other fields (``idx`` -1) or a heartbeat (``idx``
  -2); ``at`` is when it was written, so the newest row is the call's heartbeat.
* ``call_closes`` (migration 2): a call's close, **inserted once** (``call_id`` is its key). A
  trigger — on PostgreSQL a ``SECURITY DEFINER`` function owned by the store's owner — copies it
  into the open ``calls`` row and refuses a call that is not open, so a centre's station role needs
  no UPDATE on any table (``hotline exam setup-roles``). The bulky record is not kept twice.
* ``call_audio``: the call's audio in chunks (PCM 16-bit mono, ``rate``), per track.
* ``reports``: every grade a call ever had, append-only: the grade at the end of the call,
  ``regrade`` results, an exam's overrides. The old grade is never replaced.
* ``chain``: the hash chain over closed calls and reports (:mod:`simulator.records.chain`).
  ``prev`` is unique: two stations can never both extend the same link.
"""

from __future__ import annotations

from datetime import UTC, datetime

from simulator.records.db import Db

MIGRATIONS: list[tuple[int, str, list[str | dict[str, str]]]] = [
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

_APPLY_CLOSE_COLUMNS = ("ended_at = NEW.ended_at, status = NEW.status, record = NEW.record, "
                        "score = NEW.score, passed = NEW.passed, outcome = NEW.outcome, "
                        "interrupted = NEW.interrupted, audio = NEW.audio, alive_at = NEW.ended_at")

MIGRATIONS.append(
    (2, "append-only journal and closes: a centre's station role needs no UPDATE on any table", [
        """CREATE TABLE call_journal (
            id {id},
            call_id {bigint} NOT NULL REFERENCES calls (id),
            idx INTEGER NOT NULL,
            at TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX call_journal_call ON call_journal (call_id, idx, id)",
        "INSERT INTO call_journal (call_id, idx, at, body) "
        "SELECT e.call_id, e.idx, COALESCE(c.alive_at, c.started_at), e.body "
        "FROM call_events e JOIN calls c ON c.id = e.call_id ORDER BY e.call_id, e.idx",
        "INSERT INTO call_journal (call_id, idx, at, body) "
        "SELECT id, -1, COALESCE(alive_at, started_at), head FROM calls WHERE status = 'open'",
        "DROP TABLE call_events",
        """CREATE TABLE call_closes (
            call_id {bigint} PRIMARY KEY REFERENCES calls (id),
            ended_at TEXT NOT NULL,
            status TEXT NOT NULL,
            record TEXT,
            score INTEGER,
            passed INTEGER,
            outcome TEXT,
            interrupted INTEGER NOT NULL,
            audio TEXT
        )""",
        "INSERT INTO call_closes (call_id, ended_at, status, score, passed, outcome, interrupted, audio) "
        "SELECT id, COALESCE(ended_at, started_at), status, score, passed, outcome, interrupted, audio "
        "FROM calls WHERE status <> 'open'",
        {"sqlite": f"""CREATE TRIGGER call_closes_apply AFTER INSERT ON call_closes BEGIN
            SELECT RAISE(ABORT, 'hotline: the call is not open')
                WHERE NOT EXISTS (SELECT 1 FROM calls WHERE id = NEW.call_id AND status = 'open');
            UPDATE calls SET {_APPLY_CLOSE_COLUMNS} WHERE id = NEW.call_id;
            UPDATE call_closes SET record = NULL WHERE call_id = NEW.call_id;
        END""",
         "postgres": f"""CREATE FUNCTION hotline_apply_close() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
            BEGIN
                UPDATE calls SET {_APPLY_CLOSE_COLUMNS} WHERE id = NEW.call_id AND status = 'open';
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'hotline: the call is not open';
                END IF;
                NEW.record := NULL;
                RETURN NEW;
            END $$"""},
        {"sqlite": "", "postgres": "CREATE TRIGGER call_closes_apply BEFORE INSERT ON call_closes "
                                   "FOR EACH ROW EXECUTE FUNCTION hotline_apply_close()"},
    ]))

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
                text = statement if isinstance(statement, str) else statement[db.dialect]
                if text:
                    db.execute(text)
            db.execute("INSERT INTO schema_version (version, why, applied_at) VALUES (?, ?, ?)",
                       (version, why, now()))
    return LATEST
