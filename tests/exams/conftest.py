"""Fixtures of the exam tests: a store (SQLite, or the real PostgreSQL the records tests use), a
small exam file, a trainer's key file outside the data folder, and scripts for every scenario
(each scenario's first successful golden playthrough, as ``<id>.txt``)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("HOTLINE_DB", raising=False)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "usb" / "trainer.key"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def write_exam(folder: Path, attempts: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "small-exam.yaml"
    path.write_text(SMALL_EXAM.replace("ATTEMPTS", str(attempts)), encoding="utf-8")
    return path


@pytest.fixture
def exam_file(tmp_path: Path) -> Path:
    return write_exam(tmp_path / "exams")


@pytest.fixture(scope="session")
def script_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from simulator.scenario.library import load_all

    folder = tmp_path_factory.mktemp("scripts")
    for sc in load_all():
        good = [p for p in sc.playthroughs if p.success] or list(sc.playthroughs)
        if good:
            (folder / f"{sc.id}.txt").write_text(good[0].script, encoding="utf-8")
    return folder


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "records.db")
        return
    server = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip("PostgreSQL is not installed (CI installs and starts it)")
    url, name = records_conftest.fresh_pg_database(server)
    try:
        yield url
    finally:
        records_conftest.drop_pg_database(server, name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "records.db")


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
