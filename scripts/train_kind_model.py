"""Train the learned 禁语 kind detector and write ``simulator/phrases/kind_model.json``.

    PYTHONPATH=. .venv/bin/python scripts/train_kind_model.py [--check]

Offline, deterministic (no randomness; the same data always gives the same file), pure Python.
The package never reads ``tests/`` at run time: this script does, and ships the counts.

Training data (all of it tuning data; each held-out set joins once it has been measured and reported):

* 禁语 (positives, labelled with their kind): the probe files that were tuned on
  (:data:`TRAIN`: forbidden, kinds, tune7, heldout … heldout7);
* correct speech (negatives): those files' hard negatives and act probes, the act library's
  phrases (not of forbidden / argue / chat), the operator lines of the repository's labelled calls
  that are labelled without 禁语, and the matcher tests' correct trap sentences.

The threshold is calibrated by 5-fold cross-validation over that data, through the whole
detector (patterns first, then the model on what they missed, with the correct-act guard): the
lowest log-odds threshold whose out-of-fold false alarms stay at most :data:`MAX_HARD_FA` of the
hard negatives and :data:`MAX_FA` of all correct sentences, plus :data:`MARGIN`; raised, if need
be, above every correct training sentence's score under the full model (none may be reported).
``--check`` exits 1 when the shipped file differs from what training gives now.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "phrases"))

from probekit import Probe, load  # noqa: E402
from traps import CORRECT  # noqa: E402

from simulator.phrases import default_matcher  # noqa: E402
from simulator.phrases.kindmodel import MODEL_FILE, NOT_CORRECT, KindModel, candidate, grams  # noqa: E402
from simulator.phrases.normalize import normalise  # noqa: E402
from simulator.phrases.search import search  # noqa: E402
from simulator.phrases.types import EMPTY_CONTEXT  # noqa: E402

TRAIN = ("forbidden.yaml", "kinds.yaml", "acts.yaml", "tune7.yaml", "tune8.yaml", "heldout.yaml",
         "heldout2.yaml", "heldout3.yaml", "heldout4.yaml", "heldout5.yaml", "heldout6.yaml",
         "heldout7.yaml")
FOLDS = 5
MAX_HARD_FA = 0.0075  # out-of-fold false alarms on the hard negatives (the bar is 1 %; at 0.5 % one
# sentence more or less in a fold moved the threshold by 3.5)
MAX_FA = 0.005  # … and on all correct sentences (a few outliers score high whatever the threshold)
MARGIN = 1.0  # log-odds added to the calibrated threshold: fresh wording is further from the data
CANDIDATES = tuple(x / 2 for x in range(-4, 41))


def operator_lines(paths: list[Path]) -> list[str]:
    """The operator's lines of the labelled calls among ``paths`` that are labelled without 禁语."""
    out = []
    for path in paths:
        record = json.loads(path.read_text(encoding="utf-8"))
        if "forbidden" in record.get("expect", {}).get("absent", []):
            out += [e["text"] for e in record["events"] if e.get("who") == "operator" and e.get("text")]
    return out


def data() -> tuple[list[tuple[str, str]], list[str], set[str]]:
    """(positives with their kind, negatives, the hard negatives among them)."""
    probes: list[Probe] = load(TRAIN)
    positives = list(dict.fromkeys((p.text, p.kind) for p in probes if p.expect == "forbidden" and p.kind))
    hard = {p.text for p in probes if p.expect == "clean"}
    negatives = [p.text for p in probes if p.expect == "clean"]
    negatives += [p.text for p in probes if p.expect == "act" and p.act not in NOT_CORRECT]
    acts = yaml.safe_load((REPO / "grading" / "standards" / "acts.yaml").read_text(encoding="utf-8"))["acts"]
    negatives += [ph for a, v in acts.items() if a not in NOT_CORRECT for ph in v.get("phrases") or []
                  if "{" not in ph]
    negatives += operator_lines(sorted((REPO / "tests" / "data" / "labelled-calls").rglob("*.json")))
    negatives += list(CORRECT)
    said = {t for t, _ in positives}
    negatives = [t for t in dict.fromkeys(negatives) if t not in said]
    return positives, negatives, hard


def counts(positives: list[tuple[str, str]], negatives: list[str], threshold: float) -> dict[str, Any]:
    """The model file's content: per gram [禁语 count, correct count] and per-kind counts."""
    pos, neg = Counter[str](), Counter[str]()
    kinds = sorted({k for _, k in positives})
    per_kind: dict[str, Counter[int]] = {}
    sizes = Counter[int]()
    for text, kind in positives:
        k = kinds.index(kind)
        sizes[k] += 1
        for g in grams(normalise(text)):
            pos[g] += 1
            per_kind.setdefault(g, Counter())[k] += 1
    for text in negatives:
        neg.update(grams(normalise(text)))
    return {
        "about": "禁语类别模型：字符 1–3 元组朴素贝叶斯的计数（scripts/train_kind_model.py 生成，勿手改）",
        "threshold": threshold,
        "positives": len(positives),
        "negatives": len(negatives),
        "grams": {g: [pos[g], neg[g]] for g in sorted(set(pos) | set(neg))},
        "kinds": kinds,
        "kind_sizes": [sizes[k] for k in range(len(kinds))],
        "kind_grams": {g: {str(k): c for k, c in sorted(per_kind[g].items())} for g in sorted(per_kind)},
    }


def _flagged(model: KindModel, text: str, patterns: bool = True) -> float | None:
    """The model's log-odds for ``text`` if the detector would consider it (the patterns find no
    禁语 and no correct act keeps the sentence clean), whatever the threshold; else None.
    ``patterns=False``: as if the patterns found nothing (the 禁语 they were tuned on stand for
    fresh wording)."""
    m = default_matcher()
    hits = search(m._units(EMPTY_CONTEXT), text, m.threshold)
    if not patterns:
        hits = tuple(h for h in hits if h.act != "forbidden")
    elif any(h.act == "forbidden" for h in hits):
        return None
    found = candidate(text, hits, model, -1e9)
    return None if found is None else found[0]


def calibrate(
    positives: list[tuple[str, str]], negatives: list[str], hard: set[str]
) -> tuple[float, list[str]]:
    pos_scores: list[float | None] = [None] * len(positives)
    neg_scores: list[float | None] = [None] * len(negatives)
    for fold in range(FOLDS):
        train_p = [p for i, p in enumerate(positives) if i % FOLDS != fold]
        train_n = [t for i, t in enumerate(negatives) if i % FOLDS != fold]
        model = KindModel.from_data(counts(train_p, train_n, 0.0))
        for i, (text, _) in enumerate(positives):
            if i % FOLDS == fold:
                pos_scores[i] = _flagged(model, text, patterns=False)
        for i, text in enumerate(negatives):
            if i % FOLDS == fold:
                neg_scores[i] = _flagged(model, text)
    n_hard = sum(t in hard for t in negatives)
    chosen = None
    table = []
    for thr in CANDIDATES:
        fa = sum(s is not None and s > thr for s in neg_scores)
        pairs = zip(neg_scores, negatives, strict=True)
        fa_hard = sum(s is not None and s > thr for s, t in pairs if t in hard)
        caught = sum(s is not None and s > thr for s in pos_scores)
        table.append(f"  >{thr:5.1f}  模型单独识别 {caught}/{len(positives)}  误报 {fa}/{len(negatives)}"
                     f"（难例 {fa_hard}/{n_hard}）")
        if chosen is None and fa <= MAX_FA * len(negatives) and fa_hard <= MAX_HARD_FA * n_hard:
            chosen = thr
    if os.environ.get("KIND_MODEL_DEBUG"):
        for s, t in sorted(zip(neg_scores, negatives, strict=True), key=lambda x: -(x[0] or -1e9))[:20]:
            print(f"    {s}  {t}")
    if chosen is None:
        raise SystemExit("没有满足误报上限的阈值")
    return chosen + MARGIN, table


def _write(path: Path, content: dict[str, Any]) -> None:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="只检查已发布的模型文件是否与训练结果一致")
    args = ap.parse_args(argv)
    positives, negatives, hard = data()
    threshold, table = calibrate(positives, negatives, hard)
    content = counts(positives, negatives, threshold)
    # And no correct sentence it was trained on may be reported by the full model itself.
    model = KindModel.from_data(content)
    worst = max((v for v in (_flagged(model, t) for t in negatives) if v is not None), default=-1e9)
    if worst >= threshold:
        threshold = math.floor(worst * 2 + 1) / 2
        table.append(f"  训练用的规范用语在完整模型上最高 {worst:.2f}：阈值提高到 {threshold:g}")
        content["threshold"] = threshold
    if args.check:
        shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8")) if MODEL_FILE.exists() else None
        if shipped != json.loads(json.dumps(content, ensure_ascii=False)):
            print(f"{MODEL_FILE} 与训练结果不一致：请运行 scripts/train_kind_model.py")
            return 1
        print("模型文件与训练结果一致")
        return 0
    print(f"训练：{len(positives)} 条禁语，{len(negatives)} 条规范用语（难例 {len(hard)}）")
    print("五折交叉验证（禁语：假定模式没找到；规范用语：模式没报禁语、也没被规范用语保护的句子）：")
    print("\n".join(table))
    print(f"阈值 {threshold:g}（含余量 {MARGIN:g}）→ {MODEL_FILE.relative_to(REPO)}")
    _write(MODEL_FILE, content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
