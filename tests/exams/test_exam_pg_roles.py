"""A centre's PostgreSQL with ``hotline exam setup-roles``: stations take exams with a role that can
only add — no UPDATE, DELETE or TRUNCATE on any table (the journal and a call's close are inserts),
no write to sittings, seals or appeals — and the trainer's role opens and closes. Runs against the
real server the records tests start."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from examkit import SECRET, hotline, open_small, records_conftest, take

from simulator.exams.trainer import close_sitting
from simulator.exams.verify import verify_sitting
from simulator.records import open_store


def _as(url: str, role: str) -> str:
    head, _, rest = url.partition("://")
    host = rest.split("@", 1)[-1]
    return f"{head}://{role}@{host}"


@pytest.fixture
def centre(pg_server: str | None) -> Iterator[tuple[str, str, str]]:
    """(owner URL, station URL, trainer URL) of a fresh database with the two roles set up."""
    if pg_server is None:
        pytest.skip("PostgreSQL is not installed (CI installs and starts it)")
    import psycopg

    url, name = records_conftest.fresh_pg_database(pg_server)
    tag = uuid.uuid4().hex[:8]
    station, trainer = f"st_{tag}", f"tr_{tag}"
    try:
        open_store(url).close()
        code, out, err = hotline("exam", "setup-roles", "--db", url, "--station-role", station,
                                 "--trainer-role", trainer)
        assert code == 0, err
        assert station in out
        yield url, _as(url, station), _as(url, trainer)
    finally:
        records_conftest.drop_pg_database(pg_server, name)
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"DROP ROLE IF EXISTS {station}")
            conn.execute(f"DROP ROLE IF EXISTS {trainer}")


def test_station_role_can_take_an_exam_but_not_change_or_delete(centre: tuple[str, str, str], tmp_path: Path,
                                                                script_dir: Path) -> None:
    import psycopg

    owner, station, trainer = centre
    open_small(trainer, tmp_path)
    taken = take(station, "考场-1", "张三", script_dir)
    assert len(taken) == 2
    with psycopg.connect(station, autocommit=True) as conn:
        # insert-only: no UPDATE, DELETE or TRUNCATE on any table, open calls included
        for statement in ("UPDATE calls SET score = 100, passed = 1", "UPDATE calls SET alive_at = 'x'",
                          "DELETE FROM calls", "TRUNCATE calls", "DELETE FROM reports", "DELETE FROM chain",
                          "DELETE FROM exam_attempts", "UPDATE exam_attempts SET attempt = 1",
                          "UPDATE reports SET score = 100", "UPDATE chain SET sig = ''",
                          "TRUNCATE call_journal", "UPDATE call_journal SET body = '{}'",
                          "DELETE FROM call_closes", "UPDATE call_audio SET rate = 1",
                          "INSERT INTO exam_sittings (name, doc, sig) VALUES ('x', '{}', '')",
                          "INSERT INTO exam_seals (sitting, doc, sig) VALUES ('考场-1', '{}', '')",
                          "INSERT INTO exam_appeals (sitting, doc, sig) VALUES ('考场-1', '{}', '')",
                          "UPDATE exam_sittings SET doc = '{}'",
                          "INSERT INTO exam_attempts (sitting, candidate, slot, attempt, scenario, seed, "
                          "call_uid, station, received_at) "
                          "VALUES ('考场-1', '张三', 1, 9, 's', 1, 'u', 's', 'yesterday')",
                          "CREATE TABLE evil (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        role = station.split("://", 1)[1].split("@", 1)[0]
        granted = conn.execute(
            "SELECT c.relname, p FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, "
            "unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) p "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND has_table_privilege(%s, c.oid, p)",
            (role,)).fetchall()
        assert granted == []
        # a closed call cannot be closed again through the insert path either
        call_id = conn.execute("SELECT id FROM calls LIMIT 1").fetchone()[0]  # type: ignore[index]
        with pytest.raises(psycopg.errors.Error):
            conn.execute("INSERT INTO call_closes (call_id, ended_at, status, interrupted) "
                         "VALUES (%s, 'x', 'finished', 0)", (call_id,))
    with open_store(owner) as store:
        assert all(c.status == "finished" for c in store.calls())
    # the station cannot open or close a sitting either; the trainer's role can
    code, _, err = hotline("exam", "close", "考场-1", "--key-stdin", "--db", station, stdin=SECRET + "\n")
    assert code == 2 and "没有权限结束考场" in err and "考官角色" in err, err
    with open_store(trainer) as store:
        seal, problems = close_sitting(store, "考场-1", SECRET)
        assert problems == [] and len(seal.attempts) == 2
        assert verify_sitting(store, "考场-1", SECRET).ok


def test_setup_roles_prints_the_sql_and_refuses_bad_names() -> None:
    code, out, _ = hotline("exam", "setup-roles", "--print", "--station-role", "st", "--trainer-role", "tr")
    assert code == 0 and "ROW LEVEL SECURITY" in out and "GRANT INSERT (" in out and "DELETE" not in out
    code, _, err = hotline("exam", "setup-roles", "--print", "--station-role", "st; DROP",
                           "--trainer-role", "tr")
    assert code == 2 and "不能用" in err


def test_setup_roles_again_takes_back_what_an_older_version_granted(centre: tuple[str, str, str]) -> None:
    """A centre upgraded from the version whose stations could update their open call: running
    setup-roles again revokes that right and drops the old policy."""
    import psycopg

    owner, station, _ = centre
    role = station.split("://", 1)[1].split("@", 1)[0]
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute(f"GRANT UPDATE ON calls, call_journal TO {role}")
        conn.execute(f"CREATE POLICY hotline_while_open ON calls FOR UPDATE TO {role} "
                     "USING (status = 'open')")
        assert sorted(_updatable(conn, role)) == ["call_journal", "calls"]
    code, _, err = hotline("exam", "setup-roles", "--db", owner, "--station-role", role,
                           "--trainer-role", role.replace("st_", "tr_"))
    assert code == 0, err
    with psycopg.connect(owner, autocommit=True) as conn:
        granted = _updatable(conn, role)
        policies = conn.execute("SELECT policyname FROM pg_policies WHERE cmd = 'UPDATE'").fetchall()
    assert granted == [] and policies == []


def _updatable(conn: Any, role: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND has_table_privilege(%s, c.oid, 'UPDATE')",
        (role,)).fetchall()]
