"""How well the ONE phrase matcher catches 禁语 and recognises the standard phrases' synonyms.

    .venv/bin/python benchmarks/probe_eval.py            # figures for the tuning and held-out sets
    .venv/bin/python benchmarks/probe_eval.py --failures # also list every probe that fails
    .venv/bin/python benchmarks/probe_eval.py --json

Reads the probes in tests/phrases/probes/ (written from the seeds as an examiner would: 禁语
verbatim, in passing, near-verbatim, paraphrased, colloquial, in recogniser spelling, and hard
negatives sharing their words; synonyms of every act and near misses). ``heldout.yaml`` was written
with the others and never used to tune the matcher or the standards data; its failure list was
seen once, after the first round of changes, so ``heldout2.yaml`` was written then and has never
been looked at since: its figures show how the matcher generalises. ``heldout3.yaml`` (242 禁语, 97 hard
negatives, written from the seeds alone before issue 13's second pass) measured once with the code
of that time: 146/242 = 60.3 % detected, 1/97 false alarms — the honest estimate then; it was
tuned on afterwards. ``heldout4.yaml`` (121 禁语, 39 hard negatives, fresh wording, written by the
same hand before that tuning but not run until it was done) measured once after it: 82/121 = 67.8 %
detected, 0/39 false alarms — kinds written from one probe set generalise far less than the tuned
figures suggest. ``heldout5.yaml`` (107 禁语, 32 hard negatives, 95598 wording, written after
heldout4's measurement and before reading its failures) measured once after heldout4 and a tuning
set in recogniser spelling and regional speech were tuned on: 50/107 = 46.7 % detected, 1/32
false alarms. Patterns written from one set of wordings keep missing the next set's paraphrases.
``heldout6.yaml`` (100 禁语, 26 hard negatives, written after heldout5's measurement, before reading
its failures, deliberately paraphrastic) measured once after heldout5 was tuned on: 28/100 = 28.0 %
detected, 1/26 false alarms.
``heldout7.yaml`` (75 禁语, 27 hard negatives, 41 act synonyms and 2 act near-misses in 12320 wording,
written after heldout6 was tuned on, before anything was tuned in the session that wrote it) measured
once with the code of 090667e: 63/75 = 84.0 % detected, 0/27 false alarms, act synonyms 33/41 =
80.5 %, act near-misses taken for the act 1/2; measured once more after that session's tuning on
tune7, tune8 and heldout6 (never on heldout7's failures): 66/75 = 88.0 % detected, 0/27 false
alarms, act synonyms 37/41 = 90.2 %, near-misses 1/2. Then it was tuned on too.
``--failures`` lists the tuning set's failures only. Issue 13 target: 禁语 detection ≥ 98 %,
false alarms on hard negatives ≤ 1 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "phrases"))

from probekit import (  # noqa: E402
    HELDOUT,
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    HELDOUT5,
    HELDOUT6,
    HELDOUT7,
    TUNE,
    Scores,
    load,
    score,
)

from simulator.phrases import default_matcher  # noqa: E402


def _figures(s: Scores) -> dict[str, object]:
    return {
        "forbidden_probes": s.positives, "detected": s.detected, "detection": round(100 * s.detection, 2),
        "hard_negatives": s.negatives, "false_alarms": s.false_alarms,
        "false_alarm_rate": round(100 * s.false_alarm_rate, 2),
        "act_probes": s.act_probes, "acts_recognised": s.acts_found,
        "act_recall": round(100 * s.act_recall, 2),
        "act_negatives": s.act_negatives, "act_wrong": s.act_wrong,
        "act_false_rate": round(100 * s.act_false_rate, 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--failures", action="store_true", help="list the probes that fail")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    m = default_matcher()
    result: dict[str, object] = {}
    sets = (("tune", TUNE), ("heldout", HELDOUT), ("heldout2", HELDOUT2), ("heldout3", HELDOUT3),
            ("heldout4", HELDOUT4), ("heldout5", HELDOUT5), ("heldout6", HELDOUT6), ("heldout7", HELDOUT7))
    for label, files in sets:
        probes = load(files)
        s = score(m, probes)
        fig = _figures(s)
        missed = Counter(p.form for p in s.failures if p.expect == "forbidden")
        fig["missed_by_form"] = dict(missed)
        fig["meets_target"] = s.detection >= 0.98 and s.false_alarm_rate <= 0.01
        result[label] = fig
        if not args.json:
            print(f"[{label}] 禁语 {s.detected}/{s.positives} = {100 * s.detection:.1f} %  "
                  f"误报 {s.false_alarms}/{s.negatives} = {100 * s.false_alarm_rate:.1f} %  "
                  f"行为同义 {s.acts_found}/{s.act_probes} = {100 * s.act_recall:.1f} %  "
                  f"行为误认 {s.act_wrong}/{s.act_negatives}  "
                  f"目标(≥98 %, ≤1 %) {'达到' if fig['meets_target'] else '未达到'}")
            if args.failures and label == "tune":
                for p in s.failures:
                    what = {"forbidden": f"漏报 {p.clause} {p.kind} {p.form}", "clean": f"误报 ({p.clause})",
                            "act": f"未识别 {p.act}", "not": f"误认 {p.act}"}[p.expect]
                    hits = ", ".join(f"{h.act}:{h.entry or ''}:{h.phrase}" for h in m.detect(p.text, p.ctx))
                    print(f"    {what}: {p.text}    → {hits}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
