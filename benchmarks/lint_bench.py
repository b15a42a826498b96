"""Speed of ``hotline scenarios lint`` on a 500-file library, and of ``hotline --help``.

Usage::

    .venv/bin/python benchmarks/lint_bench.py [--files 500] [--runs 5] [--check]

Builds a temporary library of realistic scenario files — copies of the real library (and the test
fixture) under new ids, spread over sub-folders, with their lines varied a little — then times the
real command line in fresh processes (imports included) and prints medians. Targets: lint of 500
files ≤ 2 s, ``hotline --help`` ≤ 0.25 s. ``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.paths import scenarios_dir  # noqa: E402
from simulator.scenario.schema import SCHEMA_FILE  # noqa: E402

LINT_TARGET = 2.0
HELP_TARGET = 0.25
FOLDERS = 10


def templates() -> list[str]:
    files = [*sorted(scenarios_dir().rglob("*.yaml")), ROOT / "tests/data/scenarios/silent-caller.yaml"]
    return [p.read_text(encoding="utf-8") for p in files]


def vary(text: str, new_id: str, n: int) -> str:
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
    text = re.sub(r"(?m)^(title: .*)$", rf"\1（第{n}版）", text, count=1)
    text = re.sub(r"(?m)^(difficulty:) \d", rf"\1 {n % 5 + 1}", text, count=1)
    text = text.replace("$schema=scenario.schema.json", "$schema=../scenario.schema.json")
    return text.replace("我想问一下", f"我想问一下（{n}）")


def build_library(root: Path, count: int) -> None:
    sources = templates()
    (root / SCHEMA_FILE).write_text("{}\n", encoding="utf-8")
    for i in range(count):
        folder = root / f"set-{i % FOLDERS:02d}"
        folder.mkdir(exist_ok=True)
        text = sources[i % len(sources)]
        base = re.search(r"(?m)^id: (\S+)", text)
        new_id = f"{base.group(1) if base else 'scenario'}-v{i:03d}"
        (folder / f"{new_id}.yaml").write_text(vary(text, new_id, i), encoding="utf-8")


def timed(argv: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall-clock seconds, CPU seconds (user + system, worker processes included) and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()
    hotline = str(Path(sys.executable).parent / "hotline")
    with tempfile.TemporaryDirectory(prefix="hotline-lint-bench-") as tmp:
        lib = Path(tmp)
        build_library(lib, args.files)
        lint_times, lint_cpu, last = [], [], None
        for _ in range(args.runs):
            seconds, cpu, last = timed([hotline, "scenarios", "lint", "--no-source", str(lib)])
            lint_times.append(seconds)
            lint_cpu.append(cpu)
        help_times = [timed([hotline, "--help"])[0] for _ in range(args.runs * 2)]
    assert last is not None
    summary = last.stdout.strip().splitlines()[-1] if last.stdout.strip() else last.stderr.strip()
    lint_med, help_med = statistics.median(lint_times), statistics.median(help_times)
    print(f"library: {args.files} files in {FOLDERS} folders; linter: {summary} (exit {last.returncode})")
    print(f"hotline scenarios lint: median {lint_med:.3f} s over {args.runs} runs (≤ {LINT_TARGET} s)")
    print(f"  CPU time (all processes): median {statistics.median(lint_cpu):.3f} s")
    print(f"hotline --help:         median {help_med:.3f} s over {args.runs * 2} runs (≤ {HELP_TARGET} s)")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.1f} on {os.cpu_count()} CPUs: busy machine, wall times inflate")
    ok = lint_med <= LINT_TARGET and help_med <= HELP_TARGET
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    raise SystemExit(main())
