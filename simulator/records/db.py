"""Two databases behind one small connection class: SQLite (a file) and PostgreSQL (a centre).

The store writes its SQL once, with ``?`` placeholders and a handful of dialect words
(:data:`TYPES`); :class:`Db` turns them into each driver's form. Every write is a transaction:
:meth:`Db.write` is ``BEGIN IMMEDIATE`` on SQLite (one writer at a time across processes, the
others wait up to :data:`BUSY_SECONDS`) and a transaction on PostgreSQL, optionally holding the
chain's advisory lock so that two stations appending to the hash chain take turns.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed event survives a power cut) and
foreign keys on. Driver errors leave as :class:`~simulator.records.errors.StoreError` with words
a user can act on (disk full, read-only folder, no server).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from simulator.records.errors import StoreError, explain

BUSY_SECONDS = 60.0
CHAIN_LOCK = 0x686F746C  # "hotl": the advisory lock that serialises chain appends on PostgreSQL

TYPES = {
    "sqlite": {"{id}": "INTEGER PRIMARY KEY AUTOINCREMENT", "{blob}": "BLOB", "{bigint}": "INTEGER"},
    "postgres": {"{id}": "BIGSERIAL PRIMARY KEY", "{blob}": "BYTEA", "{bigint}": "BIGINT"},
}


class Db:
    """One connection, safe to share between the threads of one process (calls are serialised)."""

    dialect = "sqlite"

    def __init__(self, conn: Any, where: str) -> None:
        self.conn = conn
        self.where = where
        self.lock = threading.RLock()
        self._depth = 0

    # ------------------------------------------------------------------ SQL

    def sql(self, text: str) -> str:
        for word, real in TYPES[self.dialect].items():
            text = text.replace(word, real)
        return text

    def _sql_params(self, text: str) -> str:
        return self.sql(text)

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        with self.lock:
            try:
                return self.conn.execute(self._sql_params(text), tuple(params))
            except StoreError:
                raise
            except Exception as exc:
                raise self._error(exc) from exc

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            return [tuple(r) for r in self.execute(text, params).fetchall()]

    def one(self, text: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        with self.lock:
            row = self.execute(text, params).fetchone()
            return tuple(row) if row is not None else None

    def insert(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run an ``INSERT … RETURNING id``; the new id."""
        row = self.one(text, params)
        assert row is not None
        return int(row[0])

    # ------------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def write(self, chain: bool = False) -> Iterator[Db]:
        """A write transaction (nested calls join the outer one). ``chain``: also take the lock
        that serialises appends to the hash chain across processes and stations."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            try:
                with self._transaction(chain):
                    yield self
            except StoreError:
                raise
            except Exception as exc:
                if _is_driver_error(exc):
                    raise self._error(exc) from exc
                raise
            finally:
                self._depth = 0

    @contextlib.contextmanager
    def _transaction(self, chain: bool) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _error(self, exc: BaseException) -> StoreError:
        return explain(exc, self.where)

    def close(self) -> None:
        with self.lock, contextlib.suppress(Exception):
            self.conn.close()

    # ------------------------------------------------------------------ dialect details

    def sequence_high(self, table: str) -> int:
        """The highest id ever handed out for ``table`` (0 if none): deleted tail rows show here."""
        row = self.one("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,))
        return int(row[0]) if row else 0


class PgDb(Db):
    dialect = "postgres"

    def _sql_params(self, text: str) -> str:
        return self.sql(text).replace("?", "%s")

    @contextlib.contextmanager
    def _transaction(self, chain: bool) -> Iterator[None]:
        with self.conn.transaction():
            if chain:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK,))
            yield

    def sequence_high(self, table: str) -> int:
        row = self.one(f"SELECT last_value, is_called FROM {table}_id_seq")
        return int(row[0]) if row and row[1] else 0


def _is_driver_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error | OSError):
        return True
    return type(exc).__module__.startswith("psycopg")


def open_sqlite(path: Path) -> Db:
    where = str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except (sqlite3.Error, OSError) as exc:
        raise explain(exc, where) from exc
    if mode and str(mode[0]).lower() != "wal":
        conn.close()
        raise StoreError(f"通话记录库无法使用 WAL 日志模式：{where}",
                         hint="数据目录可能在网络盘或只读盘上，请换一个本地可写目录（HOTLINE_DATA）。")
    return Db(conn, where)


def open_postgres(url: str) -> Db:
    where = _safe_url(url)
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError("设置了 HOTLINE_DB=postgresql://…，但没有安装 PostgreSQL 驱动 psycopg",
                         hint='pip install "psycopg[binary]"（或重新运行 ./setup.sh）') from exc
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except Exception as exc:
        raise StoreError(f"无法连接通话记录数据库 {where}：{str(exc).strip()}",
                         hint="请检查 HOTLINE_DB 的地址、用户名和密码，以及数据库服务是否在运行。") from exc
    return PgDb(conn, where)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("://")
    if "@" in tail:
        cred, _, host = tail.rpartition("@")
        user = cred.split(":", 1)[0]
        return f"{head}{sep}{user}@{host}"
    return url
