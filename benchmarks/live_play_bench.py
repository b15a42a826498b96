"""Live play with spoken replies against simulated play: the same verdict and finding codes?

    .venv/bin/python benchmarks/live_play_bench.py [--scenarios ID ...] [--per-scenario N]
        [--persona f-elder-mandarin] [--json]

For each golden playthrough of each scenario (``--per-scenario`` limits how many, in file order):

* simulated: ``hotline play ID --script`` (:func:`simulator.play.runner.play_script`);
* live: ``hotline play ID --script --live --speak-replies PERSONA --out call.wav``
  (:func:`simulator.play.live.play_live`): the real runtime in real time, the real caller voice
  (into a WAV file), the operator's lines synthesised with PERSONA and played into a file-backed
  microphone that the real recogniser (the hearing config's: Whisper base) hears.

Both records are graded; a playthrough agrees when the verdict (passed) and the set of finding codes
are the same. Prints the agreement, and for the others the reason: where the path parted, what the
recogniser heard instead of the scripted line, and the codes only one side has. A live call takes
its real length (one to three minutes each) plus recognition: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def summary(record: dict[str, Any]) -> tuple[bool, list[str]]:
    from grading import grade

    report = grade(record)
    return report.passed, sorted({f.rule for f in report.findings})


def operator_lines(record: dict[str, Any]) -> list[str]:
    return [e["text"] for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", nargs="*", help="scenario ids (default: all)")
    ap.add_argument("--per-scenario", type=int, default=0, help="playthroughs per scenario (0: all)")
    # a voice at a speaking pace inside the standard's band (PAC001: 120–280 characters a minute):
    # Kokoro's own pace is faster, and every call then also gets PAC001
    ap.add_argument("--persona", default="f-elder-mandarin", help="the operator's voice")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from simulator.play.live import play_live
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario import library

    ids = args.scenarios or library.ids()
    rows: list[dict[str, Any]] = []
    folder = Path(tempfile.mkdtemp(prefix="live-play-"))
    for sid in ids:
        sc = library.find(sid)
        pts = sc.playthroughs[: args.per_scenario] if args.per_scenario else sc.playthroughs
        for k, pt in enumerate(pts):
            script = parse_script(pt.script, f"{sid}#{k}")
            sim = play_script(sc, script, pt.seed).record
            t = time.monotonic()
            live = play_live(sc, script, pt.seed, out=folder / f"{sid}-{k}.wav", speak_replies=args.persona,
                             echo=lambda _line: None)
            a, b = summary(sim), summary(live.record)
            row: dict[str, Any] = {
                "scenario": sid, "playthrough": pt.name, "agree": a == b,
                "simulated": {"passed": a[0], "codes": a[1], "path": sim["path"]},
                "live": {"passed": b[0], "codes": b[1], "path": live.record["path"]},
                "seconds": round(time.monotonic() - t),
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
            rows.append(row)
            if not args.json:
                mark = "✓" if row["agree"] else "✗"
                print(f"{mark} {sid} · {pt.name}（{row['seconds']} s）", flush=True)
                if not row["agree"]:
                    shown = row["reason"] | {"simulated": row["simulated"], "live": row["live"]}
                    print("   " + json.dumps(shown, ensure_ascii=False), flush=True)
    agree = sum(r["agree"] for r in rows)
    share = 100 * agree / len(rows) if rows else 0.0
    if args.json:
        print(json.dumps({"agree": agree, "total": len(rows), "percent": round(share, 1), "rows": rows},
                         ensure_ascii=False, indent=1))
    else:
        print(f"\n同样的结论和问题代码：{agree}/{len(rows)}（{share:.0f} %）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
