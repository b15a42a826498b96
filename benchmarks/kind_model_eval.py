"""Would a learned model recognise 禁语 in fresh wording better than the hand-written kind patterns?

    .venv/bin/python benchmarks/kind_model_eval.py [--json]

Issue 13's second pass wrote 禁语 kinds as patterns (forbidden.yaml ``k-*``) and measured each new
probe file once before tuning on it: heldout4 67.8 %, heldout5 46.7 %, heldout6 28.0 % detected
(``benchmarks/probe_eval.py``). Patterns generalise to the wording families they were written
from, not to the next paraphrase. This experiment trains the simplest learned alternative — a
naive Bayes over character 1–3-grams of the matcher's normalised text (add-½ smoothing, no
randomness, pure Python) — on every probe set that was tuned on plus correct operator lines of
the labelled calls and the act library, and tests it where neither it nor the patterns were tuned:

* heldout6 (100 禁语, 26 hard negatives), against the matcher's own result on the same probes;
* correct operator lines it never saw: the library's golden playthroughs (those not about a 禁语
  or an error) and the shared dev calls labelled without 禁语.

It was the measurement that decided the next step: the model now ships
(``simulator/phrases/kindmodel.py``, trained by ``scripts/train_kind_model.py``), so the
"匹配器" line below is the patterns plus the shipped model; this script's own model is the
experiment's (threshold sweep, no guards).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "phrases"))
sys.path.insert(0, str(REPO / "scripts"))

from probekit import Probe, load  # noqa: E402
from train_kind_model import operator_lines as _operator_lines  # noqa: E402

from simulator.phrases import default_matcher  # noqa: E402
from simulator.phrases.normalize import normalise  # noqa: E402

TRAIN = ("forbidden.yaml", "kinds.yaml", "heldout.yaml", "heldout2.yaml", "heldout3.yaml", "heldout4.yaml",
         "heldout5.yaml")
TEST = ("heldout6.yaml",)
THRESHOLDS = (0.0, 4.0, 8.0)
NOT_CORRECT = ("forbidden", "argue", "chat")  # acts whose phrases are not correct service speech


def grams(text: str) -> set[str]:
    t = "^" + normalise(text) + "$"
    return {t[i:i + n] for n in (1, 2, 3) for i in range(len(t) - n + 1)}


class NaiveBayes:
    def __init__(self, positives: list[str], negatives: list[str]) -> None:
        self.pos, self.neg = Counter[str](), Counter[str]()
        for t in positives:
            self.pos.update(grams(t))
        for t in negatives:
            self.neg.update(grams(t))
        self.n_pos, self.n_neg = len(positives), len(negatives)
        self.prior = math.log(self.n_pos / self.n_neg)

    def score(self, text: str) -> float:
        s = self.prior
        for g in grams(text):
            p_pos = (self.pos[g] + 0.5) / (self.n_pos + 1)
            p_neg = (self.neg[g] + 0.5) / (self.n_neg + 1)
            s += math.log(p_pos / p_neg)
        return s


def _golden_lines() -> list[str]:
    out = []
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for play in data.get("playthroughs") or []:
            if any(w in str(play.get("name", "")) for w in ("禁语", "错误", "忌")):
                continue
            for line in str(play.get("script") or "").splitlines():
                line = line.strip()
                if line and not line.startswith("/"):
                    out.append(line)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    train: list[Probe] = load(TRAIN)
    positives = [p.text for p in train if p.expect == "forbidden"]
    negatives = [p.text for p in train if p.expect == "clean"]
    acts = yaml.safe_load((REPO / "grading" / "standards" / "acts.yaml").read_text(encoding="utf-8"))["acts"]
    negatives += [ph for a, v in acts.items() if a not in NOT_CORRECT for ph in v.get("phrases") or []
                  if "{" not in ph]
    labelled = sorted((REPO / "tests" / "data" / "labelled-calls").rglob("*.json"))
    negatives += _operator_lines(labelled)
    negatives = list(dict.fromkeys(negatives))
    model = NaiveBayes(positives, negatives)

    test = load(TEST)
    tpos = [p for p in test if p.expect == "forbidden"]
    tneg = [p for p in test if p.expect == "clean"]
    m = default_matcher()
    matcher_hits = sum(any(h.act == "forbidden" for h in m.detect(p.text, p.ctx)) for p in tpos)
    matcher_fa = sum(any(h.act == "forbidden" for h in m.detect(p.text, p.ctx)) for p in tneg)
    golden = _golden_lines()
    shared = REPO.parent / "shared" / "dev-calls"
    dev = _operator_lines(sorted(shared.glob("*.json"))) if shared.is_dir() else []
    result: dict[str, object] = {
        "train": {"positives": len(positives), "negatives": len(negatives)},
        "matcher": {"heldout6_detected": matcher_hits, "heldout6_positives": len(tpos),
                    "heldout6_false_alarms": matcher_fa, "heldout6_negatives": len(tneg)},
        "model": [],
    }
    for thr in THRESHOLDS:
        row = {
            "threshold": thr,
            "heldout6_detected": sum(model.score(p.text) > thr for p in tpos),
            "heldout6_false_alarms": sum(model.score(p.text) > thr for p in tneg),
            "golden_false_alarms": sum(model.score(t) > thr for t in golden), "golden_lines": len(golden),
            "dev_false_alarms": sum(model.score(t) > thr for t in dev), "dev_lines": len(dev),
        }
        result["model"].append(row)  # type: ignore[attr-defined]
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"训练：{len(positives)} 条禁语，{len(negatives)} 条规范用语")
    print(f"匹配器（模式+模型）  heldout6 禁语 {matcher_hits}/{len(tpos)}  误报 {matcher_fa}/{len(tneg)}")
    for row in result["model"]:  # type: ignore[attr-defined]
        print(f"朴素贝叶斯 >{row['threshold']:g}  heldout6 禁语 {row['heldout6_detected']}/{len(tpos)}  "
              f"误报 {row['heldout6_false_alarms']}/{len(tneg)}  "
              f"示范演练误报 {row['golden_false_alarms']}/{row['golden_lines']}  "
              f"dev-calls 误报 {row['dev_false_alarms']}/{row['dev_lines']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
