"""Grading throughput over a generated set of realistic 20-turn calls.

    .venv/bin/python benchmarks/grade_bench.py            # 1,000 calls, 5 timed runs
    .venv/bin/python benchmarks/grade_bench.py --calls 200 --runs 3 --json

The calls are generated with a fixed seed: six scenarios, three lines, about 20 say turns each
(10 operator, 10 caller) laid out like the dev calls (3.4–3.8 chars/s, 0.3–1.5 s gaps), some with
a lookup hold, some operator turns in recogniser spelling (no punctuation, spaces, homophones), a
few with a 禁语. The first pass over the set warms the caches (scenario lookups, the matcher's
per-text cache); the timed runs then grade the whole set (contract check + grading) in one
process. Target on the project machine: median ≥ 500 calls/s (≤ 2 ms a call).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 500.0
LINES = [("12320卫生热线", "12320"), ("95598供电服务热线", "95598"), ("96128政务信息查询专线", "96128")]
SCENARIOS = ["info-query", "misrouted-call", "angry-complainant", "dialect-speaker", "harassment-call",
             "silent-caller"]
OPERATOR = [
    "请问您要咨询哪方面的问题？", "好的，请问具体是哪一天？", "您是说上个月的费用，对吗？",
    "我非常理解您的心情，给您添麻烦了，很抱歉。", "您别着急，慢慢说。", "请您再说一遍好吗？",
    "这个情况我已经记录下来了，三个工作日内给您回复。", "请问您贵姓？", "请留下您的联系方式。",
    "我们的办公时间是周一到周五上午八点半到下午五点半。", "对不起，请您慢点讲。", "好的，明白了。",
    "您可以拨打{n}咨询。", "地址在市政府东侧{n}号。", "费用是{n}元。", "请问还有其他问题吗？",
]
CALLER = [
    "我想问一下明天还上不上班。", "就是上个月那个费用，怎么这么高？", "你们到底管不管？",
    "我姓王，电话是{n}。", "对，就是这个意思。", "好的，我知道了。", "那要等多久啊？", "嗯。",
    "我家老人住院了，想问问能不能报销。", "你说慢一点，我听不清楚。",
]
NOISY = {"等": "登", "抱": "报", "声": "生", "吧": "罢", "是": "事"}
FORBIDDEN = ["您问我，我问谁？", "这不归我们管。", "不知道。", "你有完没完？"]


def _noisy(text: str, rng: random.Random) -> str:
    plain = "".join(ch for ch in text if ch.isalnum())
    if rng.random() < 0.5:
        plain = " ".join(plain)
    return "".join(NOISY.get(ch, ch) if rng.random() < 0.5 else ch for ch in plain)


def make_call(rng: random.Random) -> dict[str, Any]:
    name, alias = rng.choice(LINES)
    events: list[dict[str, Any]] = [{"t": 0.0, "type": "ring"}]
    t = round(rng.uniform(2.0, 6.0), 1)
    events.append({"t": t, "type": "answer"})

    def say(who: str, text: str, conf: float | None = None) -> None:
        nonlocal t
        t = round(t + rng.uniform(0.3, 1.5), 1)
        end = round(t + max(0.5, len(text) / rng.uniform(3.4, 3.8)), 1)
        ev: dict[str, Any] = {"t": t, "end": end, "type": "say", "who": who, "text": text}
        if conf is not None:
            ev["confidence"] = conf
        events.append(ev)
        t = end

    say("operator", f"您好，{name}，请问有什么可以帮您？", 0.9)
    for i in range(9):
        say("caller", rng.choice(CALLER).format(n=rng.randint(1000, 99999)))
        text = rng.choice(OPERATOR).format(n=rng.randint(10, 99999))
        if i == 3 and rng.random() < 0.3:
            say("operator", "请稍等，我帮您查一下。")
            t = round(t + 0.4, 1)
            events.append({"t": t, "type": "hold"})
            t = round(t + rng.uniform(5, 24), 1)
            events.append({"t": t, "type": "unhold"})
            text = "让您久等了。" + text
        if rng.random() < 0.02:
            text = rng.choice(FORBIDDEN)
        if rng.random() < 0.25:
            text = _noisy(text, rng)
        say("operator", text, round(rng.uniform(0.4, 0.99), 2))
    say("caller", "没有了，谢谢。")
    say("operator", "感谢您的来电，再见。")
    events.append({"t": round(t + 0.6, 1), "type": "hangup", "who": "caller"})
    return {"format": "hotline-call/1", "scenario": rng.choice(SCENARIOS),
            "hotline": {"name": name, "aliases": [alias]}, "events": events}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    from grading.grader import grade
    from grading.record import parse_record

    rng = random.Random(args.seed)
    calls = [make_call(rng) for _ in range(args.calls)]
    turns = statistics.mean(sum(1 for e in c["events"] if e["type"] == "say") for c in calls)

    start = time.perf_counter()
    failed = sum(0 if grade(parse_record(c)).passed else 1 for c in calls)
    cold = time.perf_counter() - start

    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for c in calls:
            grade(parse_record(c))
        rates.append(len(calls) / (time.perf_counter() - start))
    median = statistics.median(rates)
    result = {
        "calls": len(calls), "say_turns_per_call": round(turns, 1), "failed_calls": failed,
        "cold_calls_per_s": round(len(calls) / cold, 1), "runs": [round(r, 1) for r in rates],
        "median_calls_per_s": round(median, 1), "ms_per_call": round(1000 / median, 3),
        "target_calls_per_s": TARGET, "meets_target": median >= TARGET,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{len(calls)} 通通话（平均 {turns:.1f} 句），不通过 {failed} 通")
        print(f"冷启动：{result['cold_calls_per_s']} 通/秒")
        print(f"热缓存：中位数 {result['median_calls_per_s']} 通/秒（{result['ms_per_call']} 毫秒/通），"
              f"各轮 {result['runs']}")
        print(f"目标 ≥ {TARGET:.0f} 通/秒：{'达到' if median >= TARGET else '未达到'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
