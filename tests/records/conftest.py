"""The store suite runs against SQLite and against a real PostgreSQL.

PostgreSQL: ``HOTLINE_TEST_PG`` (a URL to a server the tests may create databases on; ``.ci/run``
starts one with ``scripts/postgres.sh``). Without it, the fixture starts its own throwaway cluster
with the same script when the server is installed. In CI (``CI=true``) a missing PostgreSQL is a
failure, never a skip. Each test gets a fresh database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str | None]:
    url = os.environ.get("HOTLINE_TEST_PG")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="hotline-pg-")
    try:
        out = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start", folder], capture_output=True,
                             text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        out = None
        why = str(exc)
    if out is None or out.returncode != 0:
        why = out.stderr if out is not None else why
        shutil.rmtree(folder, ignore_errors=True)
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and could not be started: {why}")
        yield None
        return
    try:
        yield out.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "stop", folder], capture_output=True,
                       timeout=60)


def fresh_pg_database(server: str) -> tuple[str, str]:
    """A new empty database on ``server``: ``(its URL, its name)``."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}", name


def drop_pg_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "records.db")
        return
    server = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip("PostgreSQL is not installed (CI installs and starts it)")
    url, name = fresh_pg_database(server)
    try:
        yield url
    finally:
        drop_pg_database(server, name)
