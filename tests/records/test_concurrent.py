"""Many stations finishing calls at the same moment: every call stored once, the chain intact.

20 processes into one PostgreSQL store, 4 into one SQLite file; each closes several calls as fast
as it can, all starting together, so chain appends really race.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.records import open_store

ROOT = Path(__file__).resolve().parents[2]
CALLS_EACH = 3

STATION = textwrap.dedent("""
    import sys, time
    from simulator.records import open_store
    url, name, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    store = open_store(url)
    while time.time() < start:
        time.sleep(0.005)
    for i in range({n}):
        j = store.begin(scenario="silent-caller", trainee=name, mode="exam", flush_interval=0.01)
        rec = {{"format": "hotline-call/1", "scenario": "silent-caller",
               "events": [{{"t": 0.0, "type": "ring"}}, {{"t": 1.0, "type": "answer"}}]}}
        j.sync(rec)
        j.finish(rec, {{"score": 80 + i, "passed": True, "findings": []}})
    store.close()
""").format(n=CALLS_EACH)


def run_stations(url: str, count: int) -> None:
    import time

    with open_store(url):  # the schema exists before the stations race
        pass
    start = f"{time.time() + 3.0:.3f}"
    procs = [subprocess.Popen([sys.executable, "-c", STATION, url, f"站{i}", start], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for i in range(count)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_twenty_stations_into_postgres(store_url: str) -> None:
    run_stations(store_url, 20)
    check(store_url, 20)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_four_stations_into_one_sqlite_file(store_url: str) -> None:
    run_stations(store_url, 4)
    check(store_url, 4)


def check(url: str, stations: int) -> None:
    with open_store(url) as store:
        calls = store.calls()
        assert len(calls) == stations * CALLS_EACH
        assert len({c.uid for c in calls}) == len(calls)
        assert sorted({c.trainee for c in calls}) == sorted(f"站{i}" for i in range(stations))
        assert all(c.status == "finished" for c in calls)
        assert store.verify() == []
