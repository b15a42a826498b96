"""Speed of the phrase matcher (``PhraseMatcher.detect``) on realistic operator sentences.

    .venv/bin/python benchmarks/match_bench.py [--calls 1000] [--turns 20]

Sentences: every operator turn of ../shared/dev-calls (clean and ASR-style), or the trap sentences
of tests/phrases when the dev calls are absent. Prints medians per detect() call:

* build: loading the act library and compiling every phrase (once per process);
* cold: a sentence seen for the first time (normalisation, pinyin and detect caches empty);
* warm: the same sentence again (the detect cache answers);
* batches of N calls × T turns over the real library: warm (sentences drawn from the pool, as when
  grading re-reads a batch) and unique (every turn a new text: a caller name and a number appended).

Times are the thread's CPU time (``time.thread_time``), so other processes on a shared machine
inflate them less; the "every turn new" batch also gives its wall time, how many of its texts are
distinct, the CPU time per new sentence, and the load average. "Cold" and "every turn new" empty
the per-text caches (normalisation, pinyin, homophone keys, detect); what a process keeps for good
— the compiled phrases, pypinyin's and zhconv's tables, and the per-chunk readings and conversions
of text pieces already seen — stays, as in any long-running grader.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from simulator.phrases import MatchContext, PhraseMatcher  # noqa: E402
from simulator.phrases.acts import load_acts  # noqa: E402
from simulator.phrases.normalize import normalise_map  # noqa: E402
from simulator.phrases.pinyin import homophone_key, syllables  # noqa: E402

DEV_CALLS = REPO.parent / "shared" / "dev-calls"
NAMES = "王李张刘陈杨赵黄周吴"


def sentences() -> list[tuple[str, MatchContext]]:
    out: list[tuple[str, MatchContext]] = []
    for path in sorted(DEV_CALLS.glob("0*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        hotline = record["hotline"]
        ctx = MatchContext(hotline_names=(hotline["name"], *hotline.get("aliases", ())))
        for e in record["events"]:
            if e["type"] == "say" and e.get("who") == "operator":
                out.append((e["text"], ctx))
    if not out:
        sys.path.insert(0, str(REPO / "tests" / "phrases"))
        from traps import CORRECT, RUDE

        out = [(t, MatchContext()) for t in (*CORRECT, *RUDE)]
    return out


def clear_text_caches(m: PhraseMatcher) -> None:
    m.cache_clear(compiled=False)
    normalise_map.cache_clear()
    syllables.cache_clear()
    homophone_key.cache_clear()


def per_call(m: PhraseMatcher, pool: list[tuple[str, MatchContext]], cold: bool) -> list[float]:
    times = []
    for text, ctx in pool:
        if cold:
            clear_text_caches(m)
        t0 = time.thread_time()
        m.detect(text, ctx)
        times.append(time.thread_time() - t0)
    return times


def batch(
    m: PhraseMatcher, pool: list[tuple[str, MatchContext]], calls: int, turns: int, unique: bool
) -> dict[str, float]:
    rng = random.Random(1)
    work = []
    for i in range(calls):
        for k in range(turns):
            text, ctx = rng.choice(pool)
            if unique:
                text = f"{text}{NAMES[(i + k) % 10]}先生，{i * turns + k}号"
            work.append((text, ctx))
    load = os.getloadavg()[0]
    t0, w0 = time.thread_time(), time.perf_counter()
    for text, ctx in work:
        m.detect(text, ctx)
    cpu, wall = time.thread_time() - t0, time.perf_counter() - w0
    return {"calls": calls, "sentences": len(work), "distinct": len({t for t, _ in work}),
            "cpu_s": cpu, "wall_s": wall, "calls_per_s": calls / cpu,
            "ms_per_sentence": 1000 * cpu / len(work), "load": load}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--turns", type=int, default=20)
    args = ap.parse_args()
    pool = sentences()

    t0 = time.thread_time()
    m = PhraseMatcher(load_acts())
    for ctx in {c for _, c in pool}:
        m.detect("您好", ctx)  # compile the units of each call context
    build = time.thread_time() - t0
    n_phr = sum(len(a.phrases) + len(a.patterns) for a in m.acts.values())
    n_forb = sum(1 + len(e.variants) + len(e.patterns) for a in m.acts.values() for e in a.forbidden)
    print(f"library: {len(m.acts)} acts, {n_phr} act phrases/patterns, {n_forb} 禁语 texts/patterns")
    print(f"sentences: {len(pool)} operator turns")
    print(f"build (load + compile):  {build * 1e3:8.1f} ms")

    cold = per_call(m, pool, cold=True)
    per_call(m, pool, cold=False)  # fill the caches
    warm = per_call(m, pool, cold=False)
    print(
        f"detect cold   median {statistics.median(cold) * 1e6:8.1f} µs   p90 "
        f"{statistics.quantiles(cold, n=10)[-1] * 1e6:8.1f} µs   max {max(cold) * 1e6:8.1f} µs"
    )
    print(f"detect warm   median {statistics.median(warm) * 1e6:8.1f} µs")

    clear_text_caches(m)
    r = batch(m, pool, args.calls, args.turns, unique=False)
    print(f"batch {args.calls} calls × {args.turns} turns, pooled sentences: "
          f"{r['calls_per_s']:10.0f} calls/s")
    clear_text_caches(m)
    r = batch(m, pool, args.calls // 10 or 1, args.turns, unique=True)
    print(f"batch {r['calls']:.0f} calls × {args.turns} turns, every turn new:  "
          f"{r['calls_per_s']:10.1f} calls/s "
          f"(CPU {r['cpu_s']:.2f} s, wall {r['wall_s']:.2f} s; {r['distinct']:.0f} distinct of "
          f"{r['sentences']:.0f} sentences; load {r['load']:.2f} on {os.cpu_count()} CPUs)")
    print(f"detect, new sentence: {r['ms_per_sentence']:.3f} ms CPU per sentence")


if __name__ == "__main__":
    main()
