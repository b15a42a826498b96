"""Grading, lint and play grow linearly with their input: 100 → 10,000 turns.

    .venv/bin/python benchmarks/scaling_bench.py                 # grade + play, 100 … 10,000
    .venv/bin/python benchmarks/scaling_bench.py --sizes 100,1000 --json

For each size N it times: ``grade`` of one call record of N say turns (the grade_bench's realistic
turns, repeated, with holds; contract check + every rule), ``play`` of a script of N lines against
``info-query`` (parse + simulated call), and ``lint`` of one scenario file padded to N lines of
caller text. The figure that matters is the time per turn: flat from 100 to 10,000 means linear
(a quadratic rule shows as a per-turn time that grows 100×). Reported as ``us_per_turn`` and the
ratio of the largest to the smallest size (≤ 3 is linear with noise; the issue measured 20.5 s
for 8,000 turns before the fix).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from grade_bench import CALLER, OPERATOR


def long_call(turns: int, seed: int = 7) -> dict[str, Any]:
    """One call record with ``turns`` say events alternating caller/operator, a hold every 50."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = [{"t": 0.0, "type": "ring"}, {"t": 3.0, "type": "answer"}]
    t = 3.0
    for i in range(turns):
        who = "caller" if i % 2 else "operator"
        pool = CALLER if who == "caller" else OPERATOR
        text = rng.choice(pool).format(n=rng.randint(10, 9999))
        t = round(t + rng.uniform(0.3, 1.5), 2)
        if i % 7 == 3:  # some overlap: the operator starts before the caller ends
            t = round(t - 1.8, 2)
        end = round(t + max(0.5, len(text) / 3.6), 2)
        events.append({"t": t, "end": end, "type": "say", "who": who, "text": text})
        t = max(t, end)
        if i % 50 == 49:
            events.append({"t": round(t + 0.5, 2), "type": "hold"})
            t = round(t + 10, 2)
            events.append({"t": t, "type": "unhold"})
    events.append({"t": round(t + 1, 2), "type": "hangup", "who": "caller"})
    events.sort(key=lambda e: e["t"])
    return {"format": "hotline-call/1", "scenario": "info-query",
            "hotline": {"name": "96128政务信息查询专线", "aliases": ["96128"]}, "events": events}


def time_grade(turns: int) -> float:
    from grading.grader import grade
    from grading.record import parse_record

    rec = long_call(turns)
    start = time.perf_counter()
    grade(parse_record(rec))
    return time.perf_counter() - start


def time_play(lines: int) -> float:
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario import library

    rng = random.Random(3)
    body = ["/answer 2"] + [rng.choice(OPERATOR).format(n=i) if i % 3 else "/wait 1" for i in range(lines)]
    scenario = library.find("info-query")
    start = time.perf_counter()
    play_script(scenario, parse_script("\n".join(body)), 0)
    return time.perf_counter() - start


def time_lint(lines: int) -> float:
    from simulator.paths import scenarios_dir
    from simulator.scenario.lint import lint_paths

    text = (scenarios_dir() / "info-query.yaml").read_text("utf-8")
    pad = "\n".join(f"# 填充注释 {i} 来电者：我想问一下明天还上不上班。" for i in range(lines))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "info-query.yaml"
        path.write_text(text + "\n" + pad + "\n", "utf-8")
        start = time.perf_counter()
        lint_paths([path])
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,4000,10000")
    ap.add_argument("--what", default="grade,play,lint")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    timers = {"grade": time_grade, "play": time_play, "lint": time_lint}
    time_grade(20)  # warm the caches (matcher, scenario library)
    result: dict[str, Any] = {}
    for what in args.what.split(","):
        rows = []
        for n in sizes:
            seconds = timers[what](n)
            rows.append({"size": n, "seconds": round(seconds, 3), "us_per_turn": round(seconds / n * 1e6, 1)})
        ratio = rows[-1]["us_per_turn"] / max(rows[0]["us_per_turn"], 1e-9)
        result[what] = {"rows": rows, "per_turn_ratio": round(ratio, 2)}
        if not args.json:
            print(f"{what}:")
            for r in rows:
                print(f"  {r['size']:>6} 轮  {r['seconds']:>8.3f} 秒  {r['us_per_turn']:>8.1f} 微秒/轮")
            print(f"  每轮耗时 最大/最小 = {ratio:.2f}（≤ 3 为线性）")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
