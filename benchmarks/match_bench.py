"""Speed of the phrase matcher (``PhraseMatcher.detect``) on realistic operator sentences.

    .venv/bin/python benchmarks/match_bench.py [--calls 1000] [--turns 20]

Sentences: every operator turn of ../shared/dev-calls (clean and ASR-style), or the trap sentences
of tests/phrases when the dev calls are absent. Prints medians per detect() call:

* build: loading the act library and compiling every phrase (once per process);
* cold: a sentence seen for the first time (normalisation, pinyin and detect caches empty);
* warm: the same sentence again (the detect cache answers);
* batches of N calls × T turns over the real library: warm (sentences drawn from the pool, as when
  grading re-reads a batch) and unique (every turn a new text: a caller name and a number appended).

Times are the thread's CPU time (``time.thread_time``), so other processes on a shared machine do
not inflate them.
"""

from __future__ import annotations

import argparse
import json
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
) -> float:
    rng = random.Random(1)
    work = []
    for i in range(calls):
        for _ in range(turns):
            text, ctx = rng.choice(pool)
            if unique:
                text = f"{text}{NAMES[i % 10]}先生，{i}号"
            work.append((text, ctx))
    t0 = time.thread_time()
    for text, ctx in work:
        m.detect(text, ctx)
    return calls / (time.thread_time() - t0)


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
    rate = batch(m, pool, args.calls, args.turns, unique=False)
    print(f"batch {args.calls} calls × {args.turns} turns, pooled sentences: {rate:10.0f} calls/s")
    clear_text_caches(m)
    rate = batch(m, pool, args.calls // 10 or 1, args.turns, unique=True)
    print(f"batch {args.calls // 10 or 1} calls × {args.turns} turns, every turn new:  {rate:10.1f} calls/s")


if __name__ == "__main__":
    main()
