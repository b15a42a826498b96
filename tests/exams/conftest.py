"""Fixtures of the exam tests: a store (SQLite, or the real PostgreSQL the records tests use), a
small exam file, a trainer's key file outside the data folder, and scripts for every scenario
(each scenario's first successful golden playthrough, as ``<id>.txt``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from examkit import SECRET, pg_server, records_conftest, write_exam  # noqa: F401  (pg_server: a fixture)


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
