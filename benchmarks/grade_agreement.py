"""Grader agreement with labelled calls (issue 13): verdict, must-flag and must-not-flag.

    python benchmarks/grade_agreement.py [DIR ...]

Defaults to the project's labelled set (tests/data/labelled-calls: dev/ and heldout/ reported
apart and together) and, when present, the shared dev calls (../shared/dev-calls). The same
figures as ``hotline grade --evaluate DIR``; targets ≥ 97 % each.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    from grading.evaluate import evaluate, labelled_files

    labelled = ROOT / "tests" / "data" / "labelled-calls"
    folders = [Path(a) for a in argv] or [labelled / "dev", labelled / "heldout", labelled,
                                            ROOT.parent / "shared" / "dev-calls"]
    for folder in folders:
        if not folder.is_dir():
            continue
        r = evaluate(labelled_files(folder), root=folder)
        print(f"{folder}: {r.calls} calls  verdict {r.verdict:.1f}%  must-flag {r.must_flag:.1f}%  "
              f"must-not-flag {r.must_not_flag:.1f}%")
        for m in r.misses:
            print(f"    {m.file}  {m.what}  {m.detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
