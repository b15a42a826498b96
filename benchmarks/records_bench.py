"""The records store's speed on SQLite and PostgreSQL: journal writes, listing, regrading.

    .venv/bin/python benchmarks/records_bench.py                      # both databases
    .venv/bin/python benchmarks/records_bench.py --pg postgresql://…  # an existing server
    .venv/bin/python benchmarks/records_bench.py --calls 10000 --regrade 200 --json

Figures:

* **write latency per event**: one event journaled durably — the transaction the journal's writer
  commits (the event appended to the journal, which is also the heartbeat; SQLite WAL
  ``synchronous=FULL``, PostgreSQL with fsync on) — median and p99 over ``--events`` events, and
  the cost of :meth:`Journal.sync` on the call's own thread (queueing only: what the UI pays per tick);
* **calls list over N calls**: ``store.calls()`` in process, and ``hotline calls list`` end to end
  (a new process: start-up, open, migrate check, query, print), on a store of ``--calls`` closed,
  chained calls; plus ``calls verify`` over the same store;
* **regrade throughput**: calls per second re-graded with one process and with all cores, on
  ``--regrade`` realistic records (the library's golden playthroughs, repeated), after the grader's
  data is loaded (steady state; ``hotline regrade`` itself prints its own wall time).

Without ``--pg`` a throwaway PostgreSQL cluster is started with ``scripts/postgres.sh`` (and
stopped); ``--no-pg`` measures SQLite only.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.records import Store, open_store  # noqa: E402
from simulator.records.regrade import regrade  # noqa: E402

RECORD: dict[str, Any] = {"format": "hotline-call/1", "scenario": "silent-caller", "events": [
    {"t": 0.0, "type": "ring"}, {"t": 2.0, "type": "answer"},
    {"t": 2.5, "end": 6.0, "type": "say", "who": "operator",
     "text": "您好，12320卫生热线，请问有什么可以帮您？"},
    {"t": 14.0, "type": "hangup", "who": "caller"}]}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def write_latency(store: Store, events: int) -> dict[str, float]:
    journal = store.begin(scenario="silent-caller", flush_interval=3600)  # the bench commits itself
    journal._halt()
    commit: list[float] = []
    sync: list[float] = []
    record: dict[str, Any] = {**RECORD, "events": []}
    for i in range(events):
        event = {"t": float(i), "end": i + 0.5, "type": "say", "who": "operator" if i % 2 else "caller",
                 "text": f"第 {i} 句：您好，请问有什么可以帮您？"}
        record["events"].append(event)
        t0 = time.perf_counter()
        journal.sync(record)
        t1 = time.perf_counter()
        journal.flush()
        t2 = time.perf_counter()
        sync.append((t1 - t0) * 1000)
        commit.append((t2 - t1) * 1000)
    journal.finish(record, {"score": 0, "passed": False, "findings": []})
    return {"commit_median_ms": statistics.median(commit), "commit_p99_ms": pct(commit, 0.99),
            "sync_median_ms": statistics.median(sync), "sync_p99_ms": pct(sync, 0.99)}


def fill(store: Store, calls: int) -> None:
    """``calls`` closed, chained calls (one transaction, so filling is quick; each close is the
    store's own close_call)."""
    with store.db.write(chain=True):
        for i in range(calls):
            call_id = store.db.insert(
                "INSERT INTO calls (uid, started_at, alive_at, station, pid, status, scenario, title, "
                "trainee, mode, seed, head, meta) VALUES (?, ?, ?, 'bench', 1, 'open', 'silent-caller', "
                "'无声来电', ?, ?, 0, '{}', '{}') RETURNING id",
                (uuid.uuid4().hex, f"2026-01-{1 + i % 28:02d}T{i % 24:02d}:00:00.000+00:00", "2026-01-01",
                 f"学员{i % 50}", "exam" if i % 3 == 0 else "practice"))
            store.close_call(call_id, RECORD, {"score": 60 + i % 40, "passed": i % 40 >= 20, "findings": []})


def listing(url: str, store: Store, calls: int) -> dict[str, float]:
    fill(store, calls)
    t0 = time.perf_counter()
    rows = store.calls()
    t1 = time.perf_counter()
    assert len(rows) >= calls
    env = {**os.environ, "HOTLINE_DB": url, "PYTHONPATH": str(ROOT)}
    cli = []
    for _ in range(3):
        s = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "simulator", "calls", "list"], env=env,
                             capture_output=True, text=True, check=True)
        cli.append(time.perf_counter() - s)
    assert f"共 {len(rows)} 通" in out.stdout
    s = time.perf_counter()
    problems = store.verify()
    verify = time.perf_counter() - s
    assert problems == [], problems[:3]
    return {"calls": len(rows), "store_calls_ms": (t1 - t0) * 1000, "cli_list_s": statistics.median(cli),
            "verify_s": verify}


def realistic_records(n: int) -> list[dict[str, Any]]:
    from simulator.errors import HotlineError
    from simulator.play.golden import check_playthrough
    from simulator.scenario.library import find, ids

    out: list[dict[str, Any]] = []
    for scenario_id in ids():
        try:
            sc = find(scenario_id)
        except HotlineError:  # a scenario being edited: measure with the rest
            continue
        for pt in sc.playthroughs:
            out.append(check_playthrough(sc, pt).play.record)
    return [out[i % len(out)] for i in range(n)]


def regrade_rate(store: Store, n: int) -> dict[str, float]:
    records = realistic_records(n)
    for record in records:
        journal = store.begin(scenario=record["scenario"], flush_interval=3600)
        journal.finish(record, {"score": 0, "passed": False, "findings": []})
    calls = store.calls(since="2026-06-01")[:n]
    out: dict[str, float] = {"records": len(calls)}
    list(regrade(store, calls[:60], jobs=1, save=False))  # steady state: the grader's data loaded once
    for jobs in (1, os.cpu_count() or 1):
        t0 = time.perf_counter()
        changed = sum(1 for _, change in regrade(store, calls, jobs=jobs, save=False) if change)
        took = time.perf_counter() - t0
        out[f"calls_per_s_jobs{jobs}"] = len(calls) / took
        out["changed"] = changed
    return out


def bench(url: str, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with open_store(url) as store:
        out["write"] = write_latency(store, args.events)
        out["list"] = listing(url, store, args.calls)
        if args.regrade:
            out["regrade"] = regrade_rate(store, args.regrade)
    return out


def fresh_pg(server: str) -> str:
    import psycopg

    name = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rpartition("/")[0] + "/" + name


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--calls", type=int, default=10_000)
    p.add_argument("--regrade", type=int, default=200)
    p.add_argument("--pg", metavar="URL", help="a PostgreSQL server to create a database on")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = bench(str(Path(tmp) / "records.db"), args)
        if not args.no_pg:
            folder = None
            server = args.pg
            if server is None:
                folder = Path(tmp) / "pg"
                server = subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "start", str(folder)],
                                        capture_output=True, text=True, check=True).stdout.strip()
            try:
                results["postgres"] = bench(fresh_pg(server), args)
            finally:
                if folder is not None:
                    subprocess.run([str(ROOT / "scripts" / "postgres.sh"), "stop", str(folder)], check=False)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    for db, r in results.items():
        w, li = r["write"], r["list"]
        print(f"{db}:")
        print(f"  write per event (durable commit): median {w['commit_median_ms']:.2f} ms, "
              f"p99 {w['commit_p99_ms']:.2f} ms; Journal.sync on the call's thread: median "
              f"{w['sync_median_ms']:.3f} ms, p99 {w['sync_p99_ms']:.3f} ms")
        print(f"  calls list over {li['calls']} calls: store.calls() {li['store_calls_ms']:.0f} ms, "
              f"`hotline calls list` {li['cli_list_s']:.2f} s end to end; "
              f"calls verify {li['verify_s']:.2f} s")
        if "regrade" in r:
            g = r["regrade"]
            rates = ", ".join(f"{k.removeprefix('calls_per_s_')}: {v:.1f} calls/s" for k, v in g.items()
                              if k.startswith("calls_per_s"))
            print(f"  regrade of {g['records']:.0f} realistic records: {rates}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
