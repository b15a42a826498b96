"""Live play with spoken replies against simulated play: the same verdict and finding codes?

    .venv/bin/python benchmarks/live_play_bench.py [--scenarios ID ...] [--per-scenario N]
        [--persona m-adult-mandarin@-30] [--real-time] [--real-time-sample N] [--log rows.jsonl]
        [--jobs N] [--spread] [--caller-engine auto|kokoro|espeak] [--json]

For each golden playthrough of each scenario (``--per-scenario`` limits how many, in file order):

* simulated: ``hotline play ID --script`` (:func:`simulator.play.runner.play_script`);
* live: ``hotline play ID --script --live --speak-replies PERSONA --fast``
  (:func:`simulator.play.live.play_live`): the real runtime (:class:`CallSession`), the real caller
  voice (cache, Kokoro, espeak; rendered when a line is said), the operator's lines synthesised with
  PERSONA (kept in the voice cache, so a rerun is cheap) and fed through a file-backed microphone
  to the real recogniser (the hearing config's: Whisper base) with its VAD and turn detection.
  ``--fast`` runs that chain on a fake call clock that moves one 30 ms chunk at a time, once the
  recogniser has heard the chunk: silence costs next to nothing, so the 170 playthroughs (2.5 hours
  of calls) take a fraction of that. ``--real-time`` runs them on the real clock instead.
  ``--real-time-sample N`` also plays N playthroughs (spread over the list) on the real clock and
  reports whether the fake-clock and the real-clock runs give the same verdict and codes.

Both records are graded; a playthrough agrees when the verdict (passed) and the set of finding codes
are the same. Prints the agreement, and for the others the reason: where the path parted, what the
recogniser heard instead of the scripted line, and the codes only one side has. ``--log`` appends
each row as a JSON line as soon as it is done, and a rerun with the same log skips the rows in it
(an interrupted run goes on where it stopped). ``--jobs`` plays that many at once (processes).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def summary(record: dict[str, Any]) -> tuple[bool, list[str]]:
    from grading import grade

    report = grade(record)
    return report.passed, sorted({f.rule for f in report.findings})


def operator_lines(record: dict[str, Any]) -> list[str]:
    return [e["text"] for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]


def play_one(sid: str, k: int, persona: str, real_time: bool, caller_engine: str = "auto") -> dict[str, Any]:
    """Playthrough ``k`` of scenario ``sid``, simulated and live: the row (in a worker process)."""
    from dataclasses import replace

    from simulator.play.live import play_live
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario import library
    from simulator.tui.store.settings import load as load_settings

    sc = library.find(sid)
    pt = sc.playthroughs[k]
    script = parse_script(pt.script, f"{sid}#{k}")
    sim = play_script(sc, script, pt.seed).record
    t = time.monotonic()
    settings = replace(load_settings(), voice_engine=caller_engine)
    live = play_live(sc, script, pt.seed, speak_replies=persona, echo=lambda _line: None, fast=not real_time,
                     settings=settings)
    a, b = summary(sim), summary(live.record)
    row: dict[str, Any] = {
        "scenario": sid, "index": k, "playthrough": pt.name, "agree": a == b,
        "clock": "real" if real_time else "fake", "caller_engine": caller_engine, "persona": persona,
        "simulated": {"passed": a[0], "codes": a[1], "path": sim["path"]},
        "live": {"passed": b[0], "codes": b[1], "path": live.record["path"]},
        "call_seconds": round(max((e.get("t", 0.0) for e in live.record["events"]), default=0.0), 1),
        "seconds": round(time.monotonic() - t, 1),
    }
    if a != b:
        pairs = zip(sim["path"], live.record["path"], strict=False)
        parted = next((i for i, (x, y) in enumerate(pairs) if x != y),
                      min(len(sim["path"]), len(live.record["path"])))
        row["reason"] = {
            "path_parts_at": parted if sim["path"] != live.record["path"] else None,
            "only_simulated": sorted(set(a[1]) - set(b[1])),
            "only_live": sorted(set(b[1]) - set(a[1])),
            "heard": [(s, h) for s, h in zip(operator_lines(sim), operator_lines(live.record),
                                              strict=False) if s != h],
            "notes": live.notes,
        }
    return row


def _print(row: dict[str, Any]) -> None:
    mark = "✓" if row["agree"] else "✗"
    print(f"{mark} {row['scenario']} · {row['playthrough']}（{row['clock']}，通话 {row['call_seconds']} s，"
          f"用时 {row['seconds']} s）", flush=True)
    if not row["agree"]:
        shown = row["reason"] | {"simulated": row["simulated"], "live": row["live"]}
        print("   " + json.dumps(shown, ensure_ascii=False), flush=True)


def run(jobs: list[tuple[str, int]], persona: str, real_time: bool, workers: int, log: Path | None,
        quiet: bool, caller_engine: str = "auto") -> list[dict[str, Any]]:
    done: dict[tuple[str, int, str], dict[str, Any]] = {}
    clock = "real" if real_time else "fake"
    if log is not None and log.is_file():
        for text in log.read_text(encoding="utf-8").splitlines():
            if text.strip():
                row = json.loads(text)
                if (row.get("caller_engine", "auto"), row.get("persona", "f-elder-mandarin")) \
                        == (caller_engine, persona):
                    done[(row["scenario"], row["index"], row["clock"])] = row
    todo = [j for j in jobs if (*j, clock) not in done]
    rows = [done[(*j, clock)] for j in jobs if (*j, clock) in done]

    def keep(row: dict[str, Any]) -> None:
        rows.append(row)
        if log is not None:
            with log.open("a", encoding="utf-8") as fh:  # one line a row: an interrupted run keeps its rows
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        if not quiet:
            _print(row)

    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            futures = [pool.submit(play_one, sid, k, persona, real_time, caller_engine) for sid, k in todo]
            for fut in futures:
                keep(fut.result())
    else:
        for sid, k in todo:
            keep(play_one(sid, k, persona, real_time, caller_engine))
    order = {j: i for i, j in enumerate(jobs)}
    return sorted(rows, key=lambda r: order[(r["scenario"], r["index"])])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", nargs="*", help="scenario ids (default: all)")
    ap.add_argument("--per-scenario", type=int, default=0, help="playthroughs per scenario (0: all)")
    # the operator's test voice: a clear adult voice at a pace in the middle of the standard's band
    # (PAC001: 120–280 characters a minute). Kokoro's voices say 290–320 at their own pace; slowed
    # by their own rate below about −10 % they add a vocal onset before each sentence that whisper
    # hears as a syllable (您好 → 一年好: OPN001), so @RATE is −10 % in the voice and the rest a
    # pitch-keeping time stretch (simulator/play/live.py split_rate). zm_yunjian (m-adult) is
    # heard best: 2.9 % CER on the lines whisper missed with zf_xiaoxiao@−15 (6.5 %); @−30 says
    # about 225 characters a minute. zf_xiaoxiao@−15 said 265 (PAC001 in 8 of 170 calls)
    ap.add_argument("--persona", default="m-adult-mandarin@-30",
                    help="the operator's voice: a persona, @RATE for a speaking-rate change in percent")
    ap.add_argument("--real-time", action="store_true", help="every call on the real clock (slow)")
    # the caller's engine only sets how long each caller line sounds: espeak-ng renders a line in
    # milliseconds where Kokoro takes seconds on a busy two-core machine (the operator's voice,
    # which the recogniser hears, is always PERSONA's, Kokoro first)
    ap.add_argument("--caller-engine", default="auto", choices=("auto", "kokoro", "espeak", "edge"),
                    help="the caller's voice engine (default: the settings' chain)")
    ap.add_argument("--real-time-sample", type=int, default=0, metavar="N",
                    help="also play N playthroughs on the real clock and compare with the fake clock")
    ap.add_argument("--log", type=Path, help="append rows here as JSON lines; skip rows already there")
    ap.add_argument("--jobs", type=int, default=1, help="playthroughs at once (processes)")
    ap.add_argument("--spread", action="store_true",
                    help="round-robin over the scenarios (a run cut short still covers every scenario)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from simulator.scenario import library

    jobs: list[tuple[str, int]] = []
    for sid in args.scenarios or library.ids():
        n = len(library.find(sid).playthroughs)
        jobs += [(sid, k) for k in range(min(n, args.per_scenario) if args.per_scenario else n)]
    if args.spread:
        jobs = sorted(jobs, key=lambda j: (j[1], j[0]))
    rows = run(jobs, args.persona, args.real_time, args.jobs, args.log, args.json, args.caller_engine)
    agree = sum(r["agree"] for r in rows)
    share = 100 * agree / len(rows) if rows else 0.0
    result: dict[str, Any] = {"agree": agree, "total": len(rows), "percent": round(share, 1),
                              "clock": "real" if args.real_time else "fake", "rows": rows}
    if args.real_time_sample and not args.real_time:
        step = max(1, len(jobs) // args.real_time_sample)
        sample = jobs[::step][: args.real_time_sample]
        real = run(sample, args.persona, True, 1, args.log, args.json, args.caller_engine)
        fake = {(r["scenario"], r["index"]): r["live"] for r in rows}

        def verdict(side: dict[str, Any]) -> tuple[bool, list[str]]:
            return side["passed"], side["codes"]

        same = [r for r in real if verdict(r["live"]) == verdict(fake[(r["scenario"], r["index"])])]
        result["real_time_sample"] = {
            "same_as_fake_clock": len(same), "total": len(real),
            "rows": [{"scenario": r["scenario"], "index": r["index"], "real": r["live"],
                      "fake": fake[(r["scenario"], r["index"])]} for r in real]}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"\n同样的结论和问题代码：{agree}/{len(rows)}（{share:.1f} %，{result['clock']} clock）")
    for r in rows:
        if not r["agree"]:
            why = r["reason"]
            print(f"  ✗ {r['scenario']} · {r['playthrough']}：仅模拟 {why['only_simulated']}，"
                  f"仅实时 {why['only_live']}，路径分叉于 {why['path_parts_at']}")
    if "real_time_sample" in result:
        rs = result["real_time_sample"]
        print(f"真实时钟抽样与快速（模拟时钟）一致：{rs['same_as_fake_clock']}/{rs['total']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
