"""Grading throughput on calls whose every turn is a sentence the process has never seen.

    .venv/bin/python benchmarks/grade_unique_bench.py               # 600 calls
    .venv/bin/python benchmarks/grade_unique_bench.py --calls 300 --json

``grade_bench.py`` measures a batch graded again (the matcher's per-text caches answer). A centre
re-grading its archive after a rule change sees every operator and caller sentence once: this
benchmark builds calls like grade_bench's (same lines, scenarios, layout, some recogniser spelling
and 禁语) but makes every say turn unique — a caller name, a different number, a different clause
order and filler — so no text, normalisation, pinyin or detect cache can answer. The compiled
phrase units of each line are built before timing (a process does that once per line). Issue 13
target: ≥ 300 unique calls/s in one process. CPU time of the process is reported too, so a busy
shared machine does not hide a regression.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from grade_bench import LINES, SCENARIOS, make_call

TARGET = 300.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
TITLES = ["先生", "女士", "阿姨", "师傅", "大爷"]
FILLERS = ["", "嗯，", "好的，", "那个，", "是这样，", "这样啊，", "明白，"]
PLACES = ["东城区", "西城区", "南湖小区", "幸福路", "建设街", "人民医院", "第一中学", "开发区", "老城区"]


def _unique(text: str, rng: random.Random, serial: int) -> str:
    name = rng.choice(SURNAMES) + rng.choice(TITLES)
    place = rng.choice(PLACES)
    shape = serial % 4
    if shape == 0:
        return f"{rng.choice(FILLERS)}{name}，{text}"
    if shape == 1:
        return f"{text}{place}那边的{rng.randint(1, 999)}号"
    if shape == 2:
        return f"{rng.choice(FILLERS)}{text.rstrip('。？！')}，{name}，是{place}吗？"
    return f"{name}您好，{text}{rng.randint(2, 59)}分钟以后再说"


def make_unique_call(rng: random.Random, serial: int) -> dict[str, Any]:
    call = make_call(rng)
    for k, e in enumerate(call["events"]):
        if e["type"] == "say":
            e["text"] = _unique(e["text"], rng, serial * 31 + k)
    return call


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--calls", type=int, default=600)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    from grading.grader import grade
    from grading.record import parse_record
    from simulator.phrases import MatchContext, default_matcher

    rng = random.Random(args.seed)
    calls = [make_unique_call(rng, i) for i in range(args.calls)]
    texts = [e["text"] for c in calls for e in c["events"] if e["type"] == "say"]
    unique = len(set(texts))

    # Warm what a long-running process has anyway: the library, each call context's compiled
    # units and the grader's per-scenario data (a throw-away call per line and scenario).
    m = default_matcher()
    for name, alias in LINES:
        m.detect("您好", MatchContext(hotline_names=(name, alias)))
    warm_rng = random.Random(args.seed + 1)
    for name, alias in LINES:  # every (line, scenario) context the calls can have
        for scenario in SCENARIOS:
            call = make_unique_call(warm_rng, 10_000)
            call["hotline"], call["scenario"] = {"name": name, "aliases": [alias]}, scenario
            grade(parse_record(call))
    # What `hotline regrade` does once each scenario's first call is graded (and the app after its
    # warm-up): the long-lived data just loaded is frozen out of the collector's way, so full
    # collections do not walk it (and pypinyin's dictionaries) again and again.
    gc.freeze()

    start, cpu = time.perf_counter(), time.process_time()
    failed = sum(0 if grade(parse_record(c)).passed else 1 for c in calls)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate, cpu_rate = len(calls) / wall, len(calls) / cpu
    result = {
        "calls": len(calls), "say_turns": len(texts), "unique_texts": unique, "failed_calls": failed,
        "calls_per_s": round(rate, 1), "cpu_calls_per_s": round(cpu_rate, 1),
        "ms_per_call": round(1000 / rate, 3), "target_calls_per_s": TARGET,
        "meets_target": cpu_rate >= TARGET,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{len(calls)} 通通话，{len(texts)} 句（其中不重复 {unique} 句），不通过 {failed} 通")
        print(f"每句都是新句子：{result['calls_per_s']} 通/秒"
              f"（CPU 时间折算 {result['cpu_calls_per_s']} 通/秒，{result['ms_per_call']} 毫秒/通）")
        print(f"目标 ≥ {TARGET:.0f} 通/秒（单进程）：{'达到' if cpu_rate >= TARGET else '未达到'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
