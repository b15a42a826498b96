"""How long a sitting's trainer steps take: open, take (headless), close (seal) and verify (re-grade).

    python benchmarks/exam_bench.py [--candidates 20] [--db URL]

Opens a sitting of ``hotline-certification`` (6 calls per candidate) for N candidates in a fresh
SQLite store (or ``--db``), takes it with each scenario's first successful golden script, closes
it and verifies it, printing the seconds of each step and verify's re-grading rate in calls per
second. Not a test: figures for the closing note.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, default=20)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    from simulator.exams.library import find
    from simulator.exams.take import take
    from simulator.exams.trainer import close_sitting, open_sitting_in_store
    from simulator.exams.verify import verify_sitting
    from simulator.records import open_store
    from simulator.scenario.library import load_all

    secret = "bench-trainer-secret"
    with tempfile.TemporaryDirectory() as tmp:
        scripts = Path(tmp) / "scripts"
        scripts.mkdir()
        for sc in load_all():
            good = [p for p in sc.playthroughs if p.success]
            if good:
                (scripts / f"{sc.id}.txt").write_text(good[0].script, encoding="utf-8")
        url = args.db or str(Path(tmp) / "records.db")
        names = [f"考生{i:03d}" for i in range(args.candidates)]
        with open_store(url) as store:
            t0 = time.perf_counter()
            open_sitting_in_store(store, find("hotline-certification"), "bench", names, 1, secret)
            t1 = time.perf_counter()
            for n in names:
                take(store, "bench", n, scripts, say=lambda _: None)
            t2 = time.perf_counter()
            close_sitting(store, "bench", secret)
            t3 = time.perf_counter()
            result = verify_sitting(store, "bench", secret)
            t4 = time.perf_counter()
        calls = result.checked_calls
        print(f"store: {'SQLite' if args.db is None else args.db.split('@')[-1]}; "
              f"{args.candidates} candidates × 6 calls = {calls} calls; verify ok: {result.ok}")
        print(f"open {t1 - t0:.2f} s · take {t2 - t1:.1f} s ({calls / (t2 - t1):.1f} calls/s) · "
              f"close {t3 - t2:.1f} s · verify {t4 - t3:.1f} s ({calls / (t4 - t3):.1f} calls re-graded/s)")


if __name__ == "__main__":
    main()
