"""benchmarks/scaling_bench.py runs (tiny sizes; the figures themselves are for the benchmark)."""

from __future__ import annotations

import json
import subprocess
import sys

from hardkit import ROOT


def test_scaling_bench_runs() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scaling_bench.py"), "--sizes", "20,60",
                           "--json"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"grade", "play", "lint"} and all(len(v["rows"]) == 2 for v in out.values())
