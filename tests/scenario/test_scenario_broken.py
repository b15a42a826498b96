"""One broken file per diagnostic code: the linter reports exactly the expected codes and lines."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from scenariokit import BROKEN, CTX

from simulator.scenario.diagnostics import CATALOGUE, render_diagnostic
from simulator.scenario.lint import lint_paths

_EXPECT = re.compile(r"#\s*expect:\s*(HT\d{3})\s+line\s+(\d+)")
CASES = sorted([*BROKEN.glob("*.yaml"), BROKEN / "ht030-duplicate-id"])


def expected(path: Path) -> Counter[tuple[str, int]]:
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    text = "".join(f.read_bytes().decode("utf-8", errors="replace") for f in files)
    return Counter((code, int(line)) for code, line in _EXPECT.findall(text))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_broken_file_reports_exactly_what_it_expects(path: Path) -> None:
    want = expected(path)
    assert want, f"{path} has no '# expect:' line"
    diags = lint_paths([path], CTX)
    got = Counter((d.code, d.pos.line) for d in diags)
    assert got == want, "\n".join(render_diagnostic(d) for d in diags)
    for d in diags:  # every diagnostic renders with its source line and a marker
        text = render_diagnostic(d)
        assert text.startswith(f"{d.pos.file}:{d.pos.line}:{d.pos.col}: {d.code} ")
        if d.code != "HT040":
            assert "^" in text


def test_every_code_has_a_broken_file() -> None:
    covered = {code for path in CASES for code, _ in expected(path)}
    assert covered == {c for c in CATALOGUE if c.startswith("HT")}  # importing exams adds its EX codes


def test_ht030_points_at_the_second_file() -> None:
    (d,) = lint_paths([BROKEN / "ht030-duplicate-id"], CTX)
    assert d.code == "HT030" and "/b/" in d.pos.file and "/a/" in d.message
