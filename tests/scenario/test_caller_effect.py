"""``caller.effect`` sets the telephone-line effect per scenario (issue 4 §2), else the global one."""

from __future__ import annotations

from pathlib import Path

from scenariokit import CTX

from simulator.scenario.loader import check_text, loads_scenario
from simulator.voices.plan import plan

ROOT = Path(__file__).resolve().parents[2]
BASE = (ROOT / "scenarios" / "info-query.yaml").read_text(encoding="utf-8")


def _with_effect(value: str) -> str:
    out = BASE.replace("caller: {", f"caller: {{effect: {value}, ", 1)
    assert out != BASE, "info-query.yaml no longer writes caller as a flow mapping"
    return out


def test_effect_is_read_and_reaches_the_render_plan() -> None:
    sc = loads_scenario(_with_effect("none"), "info-query.yaml", context=CTX)
    assert sc.caller.effect == "none"
    jobs = plan([sc])
    assert jobs and {j.effect for j in jobs} == {"none"}


def test_no_effect_means_the_global_setting() -> None:
    sc = loads_scenario(BASE, "info-query.yaml", context=CTX)
    assert sc.caller.effect is None
    assert {j.effect for j in plan([sc])} == {None}


def test_unknown_effect_is_a_coded_error() -> None:
    _, diags = check_text(_with_effect("radio"), "info-query.yaml", CTX)
    assert [d.code for d in diags if d.is_error] == ["HT007"]
