"""Snapshot of everything the matcher and the grader answer, to prove a speed-up changed nothing.

    .venv/bin/python benchmarks/grade_snapshot.py --write /tmp/snap.json   # before a change
    .venv/bin/python benchmarks/grade_snapshot.py --check /tmp/snap.json   # after: identical?

Speed work on the phrase search (index, alignment, normalisation, pinyin) and on the grader's
orchestration must not change a single result. The snapshot holds:

* every report (verdict, score, each finding in full) of the labelled calls
  (tests/data/labelled-calls/{dev,heldout,scripted} and ../shared/dev-calls) and of the unique
  calls of ``grade_unique_bench.py`` (same seed, ``--calls`` of them);
* ``detect()`` of every say turn of those calls in the call's own match context, and of every
  probe sentence of tests/phrases/probes/*.yaml in the probe file's context;
* the figures of ``probe_eval.py --json``.

``--check`` prints the first differences and exits 1 when there are any. The snapshot lives
outside the repository: it is a function of the standards data, which other work changes; take a
new one from main's code whenever the data changed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests" / "phrases"))

LABELLED = [REPO / "tests/data/labelled-calls" / d for d in ("dev", "heldout", "scripted")]
SHARED = REPO.parent / "shared" / "dev-calls"


def _hits(hits: Any) -> list[list[Any]]:
    return [[h.act, h.score, h.phrase, h.quote, h.entry] for h in hits]


def _report(rep: Any) -> dict[str, Any]:
    return {
        "passed": rep.passed, "score": rep.score, "pass_mark": rep.pass_mark,
        "breakdown": rep.breakdown, "hotline": rep.hotline, "notes": list(rep.notes),
        "findings": [{**f.to_json(), "unclear": f.unclear} for f in rep.findings],
    }


def _grade_one(data: dict[str, Any], source: str) -> tuple[dict[str, Any], list[list[Any]]]:
    from grading.errors import GradingError
    from grading.grader import build_context, grade
    from grading.record import parse_record

    try:
        record = parse_record(data, source=source)
        rep = _report(grade(record))
        ctx = build_context(record)
    except GradingError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}, []
    detects = [[e.text, _hits(ctx.matcher.detect(e.text, ctx.match_context))]
               for e in record.events if e.type == "say" and e.text]
    return rep, detects


def snapshot(bench_calls: int) -> dict[str, Any]:
    import grade_unique_bench
    from probekit import load

    out: dict[str, Any] = {"calls": {}, "detect": {}, "probes": {}, "probe_eval": None}
    files: list[Path] = []
    for folder in [*LABELLED, SHARED]:
        files.extend(sorted(folder.rglob("*.json")))
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "events" not in data:
            continue
        key = str(path.relative_to(REPO.parent)) if SHARED in path.parents else str(path.relative_to(REPO))
        out["calls"][key], out["detect"][key] = _grade_one(data, str(path))
    rng = random.Random(13)
    for i in range(bench_calls):
        call = grade_unique_bench.make_unique_call(rng, i)
        out["calls"][f"bench/{i}"], out["detect"][f"bench/{i}"] = _grade_one(call, "")

    from simulator.phrases import default_matcher

    m = default_matcher()
    names = sorted(p.name for p in (REPO / "tests/phrases/probes").glob("*.yaml"))
    for probe in load(tuple(names)):
        key = f"{probe.source}|{probe.text}"
        out["probes"][key] = _hits(m.detect(probe.text, probe.ctx))

    import probe_eval

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        probe_eval.main(["--json"])
    out["probe_eval"] = json.loads(buf.getvalue())
    return out


def _diff(old: Any, new: Any, path: str, out: list[str], limit: int = 40) -> None:
    if len(out) >= limit or old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(old.keys() | new.keys()):
            if k not in new:
                out.append(f"{path}/{k}: gone")
            elif k not in old:
                out.append(f"{path}/{k}: new")
            else:
                _diff(old[k], new[k], f"{path}/{k}", out, limit)
            if len(out) >= limit:
                return
        return
    out.append(f"{path}:\n    was {json.dumps(old, ensure_ascii=False)[:400]}\n    now "
               f"{json.dumps(new, ensure_ascii=False)[:400]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="FILE")
    group.add_argument("--check", type=Path, metavar="FILE")
    ap.add_argument("--bench-calls", type=int, default=300)
    args = ap.parse_args(argv)
    snap = json.loads(json.dumps(snapshot(args.bench_calls), ensure_ascii=False))
    counts = {k: len(v) for k, v in snap.items() if isinstance(v, dict)}
    if args.write:
        tmp = args.write.with_name(args.write.name + ".tmp")
        tmp.write_text(json.dumps(snap, ensure_ascii=False, indent=0), encoding="utf-8")
        tmp.replace(args.write)
        print(f"snapshot written: {counts}")
        return 0
    old = json.loads(args.check.read_text(encoding="utf-8"))
    diffs: list[str] = []
    _diff(old, snap, "", diffs)
    if diffs:
        print("\n".join(diffs))
        print(f"DIFFERENT ({len(diffs)}{'+' if len(diffs) >= 40 else ''} differences)")
        return 1
    print(f"identical: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
