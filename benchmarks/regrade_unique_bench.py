"""``hotline regrade`` throughput on calls whose every sentence is new, on 1 and on all cores.

    .venv/bin/python benchmarks/regrade_unique_bench.py                 # 600 calls, jobs 1 and cpu_count
    .venv/bin/python benchmarks/regrade_unique_bench.py --calls 300 --jobs 1 2 --json

A centre re-grades its archive after a rule change: every sentence is one the grader has never
seen. The calls are ``grade_unique_bench.py``'s (same generator and seed), stored in a throwaway
SQLite store; each measurement is a fresh process running what ``hotline regrade --dry-run`` runs
(:func:`simulator.records.regrade.regrade`: read the records, grade them in a process pool warmed
before the fork, compare with the stored grade), so no run inherits another's caches. Reported per
job count: calls per second of wall time, the CPU time of the process and its workers, and the
machine's load average before the run (the machine is shared: a busy one lowers the wall-time
figure, not the CPU-time one). Issue 13: ``hotline regrade`` uses every core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def build(db: Path, calls: int, seed: int) -> None:
    from grade_unique_bench import make_unique_call

    from simulator.records import open_store

    rng = random.Random(seed)
    with open_store(f"sqlite:///{db}") as store:
        for i in range(calls):
            record = make_unique_call(rng, i)
            journal = store.begin(scenario=record["scenario"], flush_interval=3600)
            journal.finish(record, {"score": 0, "passed": False, "findings": []})


def run(db: Path, jobs: int) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    from simulator.records import open_store
    from simulator.records.regrade import regrade

    with open_store(f"sqlite:///{db}") as store:
        calls = store.calls()
        load = os.getloadavg()[0]
        t0, c0 = time.perf_counter(), time.process_time()
        done = sum(1 for _ in regrade(store, calls, jobs=jobs, save=False))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_all = cpu + children.ru_utime + children.ru_stime
    return {"jobs": jobs, "calls": done, "wall_s": round(wall, 3), "calls_per_s": round(done / wall, 1),
            "cpu_s": round(cpu_all, 3), "parent_cpu_s": round(cpu, 3),
            "cpu_calls_per_s": round(done / cpu_all, 1), "load_before": round(load, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--calls", type=int, default=600)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--jobs", type=int, nargs="+", default=None, help="job counts to measure")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one measurement
    args = ap.parse_args(argv)
    if args.run is not None:
        print(json.dumps(run(args.run, args.jobs[0] if args.jobs else 1)))
        return 0
    jobs = args.jobs or sorted({1, os.cpu_count() or 1})
    results = []
    with tempfile.TemporaryDirectory(prefix="regrade-bench-") as tmp:
        db = Path(tmp) / "records.db"
        build(db, args.calls, args.seed)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for j in jobs:
            out = subprocess.run([sys.executable, __file__, "--run", str(db), "--jobs", str(j)], env=env,
                                 capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps({"cpu_count": os.cpu_count(), "runs": results}))
        return 0
    print(f"复评 {args.calls} 通句句都是新句子的通话（{os.cpu_count()} 个 CPU 核心）：")
    for r in results:
        print(f"  {r['jobs']} 个进程：{r['calls_per_s']} 通/秒（墙钟 {r['wall_s']} 秒；"
              f"CPU 时间 {r['cpu_s']} 秒，其中主进程 {r['parent_cpu_s']} 秒；"
              f"折算 {r['cpu_calls_per_s']} 通/CPU秒；开始时负载 {r['load_before']}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
