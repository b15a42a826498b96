"""Hypothesis fuzz: mutated scenario files never crash the loader or the linter.

Real files are mutated the way hands break them — lines deleted, duplicated or re-indented,
tokens swapped, garbage characters inserted — and every outcome must be either a scenario or
diagnostics with a catalogued code and a valid position; ``loads_scenario`` raises only
``ScenarioError``.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenariokit import BROKEN, CTX, SCENARIOS

from simulator.errors import ScenarioError
from simulator.paths import scenarios_dir
from simulator.scenario.diagnostics import CATALOGUE, render_diagnostic
from simulator.scenario.loader import check_text, loads_scenario

SOURCES = [
    p.read_text(encoding="utf-8")
    for p in [
        *SCENARIOS.rglob("*.yaml"),
        *sorted(BROKEN.glob("ht02*.yaml")),
        *sorted(scenarios_dir().glob("*.yaml"))[:4],
    ]
]
GARBAGE = st.sampled_from(
    [*list(":-[]{}#&*!|>'\"%@`,?\t\n "), "\ufeff", "\x00", "喂", "：", "\u3000", "- ", "<<: *a"]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "garbage", "swap", "truncate"]))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif op == "garbage":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(GARBAGE) + lines[i][at:]
        elif op == "swap" and (tokens := re.findall(r"[^\s:,\[\]{}]+", text)):
            a, b = draw(st.sampled_from(tokens)), draw(st.sampled_from(tokens))
            lines[i] = lines[i].replace(a, b, 1)
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        text = "\n".join(lines)
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_give_valid_diagnostics(text: str) -> None:
    scenario, diags = check_text(text, "fuzz.yaml", CTX)
    n_lines = len(text.splitlines())
    for d in diags:
        assert d.code in CATALOGUE
        assert d.pos.file == "fuzz.yaml"
        assert 1 <= d.pos.line <= n_lines + 1 and d.pos.col >= 1, d
        assert render_diagnostic(d).startswith(f"fuzz.yaml:{d.pos.line}:{d.pos.col}: {d.code}")
    try:
        loads_scenario(text, "fuzz.yaml", context=CTX)
    except ScenarioError as exc:
        assert exc.diagnostics and exc.diagnostics[0].is_error
    else:
        assert scenario is not None and not any(d.is_error for d in diags)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    _, diags = check_text(text, "noise.yaml", CTX)
    assert all(d.code in CATALOGUE and d.pos.line >= 1 for d in diags)
