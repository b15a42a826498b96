"""The grading benchmark still runs (a tiny set, no timing asserted: benchmarks are not tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gradekit import REPO


def test_grade_bench_runs_on_a_small_set() -> None:
    script = Path(REPO, "benchmarks", "grade_bench.py")
    out = subprocess.run([sys.executable, str(script), "--calls", "20", "--runs", "1", "--json"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    result = json.loads(out)
    assert result["calls"] == 20 and 18 <= result["say_turns_per_call"] <= 24
    assert result["median_calls_per_s"] > 0
