"""PostgreSQL roles for a training centre: stations that can only add, a trainer that signs.

``hotline exam setup-roles`` (run once by the database's owner) creates two login roles:

* the **station** role, in every station's ``HOTLINE_DB``: it may read everything and **insert**
  calls, journal rows, audio, a call's close, reports, chain links and exam attempts — and nothing
  else: no UPDATE, DELETE or TRUNCATE on any table, no write at all on sittings, seals and
  appeals, and an attempt only with the columns a station fills (the id and ``received_at`` are
  the server's). The journal is appended (``call_journal``: a retimed event is a newer row) and a
  call is closed by inserting its ``call_closes`` row once; the owner's trigger applies it to the
  open call (:mod:`simulator.records.schema`, migration 2). Row-level security lets journal rows,
  audio and a close be added only **while the call is open**, so a candidate holding the station's
  password cannot edit, delete, re-open or add to a result;
* the **trainer** role: the same, plus writing sittings, seals and appeals (and closing calls
  left open when a sitting closes). Signatures still come from the trainer's key, which the
  database never sees.

After upgrading the program, the owner runs this again: it applies the new migrations and
re-grants (an UPDATE right or policy left from an older version is revoked).

The owner (who runs this) keeps full rights and is not used by stations. Passwords are set by the
owner (``ALTER ROLE … PASSWORD``); this command never handles them.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.exams.errors import ExamError

RECORD_TABLES = ("calls", "call_journal", "call_audio", "call_closes", "reports", "chain", "store_info",
                 "schema_version")
EXAM_TABLES = ("exam_sittings", "exam_attempts", "exam_seals", "exam_appeals", "exam_schema_version")
STATION_INSERT = ("calls", "call_journal", "call_audio", "call_closes", "reports", "chain")
ATTEMPT_COLUMNS = "sitting, candidate, slot, attempt, scenario, seed, call_uid, station, start_code"
OPEN_CALL = "EXISTS (SELECT 1 FROM calls c WHERE c.id = call_id AND c.status = 'open')"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _check(name: str) -> str:
    if not _IDENT.match(name):
        raise ExamError(f"角色名 “{name}” 不能用", hint="只用小写字母、数字和下划线，以字母开头")
    return name


def role_sql(station: str, trainer: str, tables: set[str] | None) -> str:
    """The SQL that creates (or re-grants) the two roles; ``tables``: the ones that exist (None: all)."""
    station, trainer = _check(station), _check(trainer)
    have = set(RECORD_TABLES + EXAM_TABLES) if tables is None else tables
    both = f"{station}, {trainer}"
    out = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{station}') "
        f"THEN CREATE ROLE {station} LOGIN; END IF; END $$;",
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{trainer}') "
        f"THEN CREATE ROLE {trainer} LOGIN; END IF; END $$;",
        f"GRANT USAGE ON SCHEMA public TO {both};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {both};",
    ]
    for t in sorted(have):
        out.append(f"REVOKE ALL ON {t} FROM PUBLIC, {both};")
        out.append(f"GRANT SELECT ON {t} TO {both};")
    for t in STATION_INSERT:
        if t in have:
            out.append(f"GRANT INSERT ON {t} TO {both};")
    if "calls" in have:
        out += [
            "ALTER TABLE calls ENABLE ROW LEVEL SECURITY;",
            "DROP POLICY IF EXISTS hotline_read ON calls;",
            f"CREATE POLICY hotline_read ON calls FOR SELECT TO {both} USING (true);",
            "DROP POLICY IF EXISTS hotline_add ON calls;",
            f"CREATE POLICY hotline_add ON calls FOR INSERT TO {both} WITH CHECK (status = 'open' "
            "AND record IS NULL AND ended_at IS NULL);",
            "DROP POLICY IF EXISTS hotline_while_open ON calls;",  # older versions let stations update
        ]
    for t in ("call_journal", "call_audio", "call_closes"):
        if t not in have:
            continue
        out += [
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;",
            f"DROP POLICY IF EXISTS hotline_read ON {t};",
            f"CREATE POLICY hotline_read ON {t} FOR SELECT TO {both} USING (true);",
            f"DROP POLICY IF EXISTS hotline_add ON {t};",
            # a close is refused by the owner's trigger unless its call is open (and only once: its key)
            f"CREATE POLICY hotline_add ON {t} FOR INSERT TO {both} "
            f"WITH CHECK ({'true' if t == 'call_closes' else OPEN_CALL});",
        ]
    if "exam_attempts" in have:
        out.append(f"GRANT INSERT ({ATTEMPT_COLUMNS}) ON exam_attempts TO {both};")
    for t in ("exam_sittings", "exam_seals", "exam_appeals"):
        if t in have:
            cols = "name, doc, sig" if t == "exam_sittings" else "sitting, doc, sig"
            out.append(f"GRANT INSERT ({cols}) ON {t} TO {trainer};")
    return "\n".join(out)


def setup_roles(store: Any, station: str, trainer: str) -> str:
    """Run :func:`role_sql` on the store's PostgreSQL (as its owner); a summary for the terminal."""
    db = store.db
    if getattr(db, "dialect", "") != "postgres":
        raise ExamError("只有 PostgreSQL 记录库才需要设置角色（本机 SQLite 由考官密钥和封存保护）",
                        hint="用 --db postgresql://所有者@服务器/库 或设置 HOTLINE_DB")
    from simulator.exams.tables import ExamTables

    ExamTables(db)  # the exam tables exist before they are granted
    tables = {str(r[0]) for r in db.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    sql = role_sql(station, trainer, tables)
    with db.write():
        for statement in sql.splitlines():
            db.execute(statement)
    return (f"已设置角色：考站 {station}（只能插入和读取；通话结束后不能再修改，任何表都不能删除），"
            f"考官 {trainer}（另可开考、封存、申诉）。\n"
            f"请为两个角色设置密码：ALTER ROLE {station} PASSWORD '…'; ALTER ROLE {trainer} PASSWORD '…';\n"
            f"考站的 HOTLINE_DB 用 {station}，考官开考/结束/申诉时用 --db 指定 {trainer}。")
