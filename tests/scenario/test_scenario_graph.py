"""Graph output and the graph checks on small hand-made scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenariokit import CTX

from simulator.scenario.graph import edge_label, to_dot, to_mermaid
from simulator.scenario.lint import lint_paths
from simulator.scenario.loader import check_text, loads_scenario
from simulator.scenario.model import MoodCondition, Transition

HEAD = """id: g
title: 图
difficulty: 3
brief: 测试
hotline: {name: 12345热线, directory: [{name: 医政处, phone: "1"}]}
caller: {persona: m-elder-yunnan, sex: male, age: elder, language: yunnan}
"""


def codes(body: str) -> list[tuple[str, int]]:
    """The graph checks' diagnostics (HT045, reactions to 禁语 and arguing, has its own tests)."""
    _, diags = check_text(HEAD + body, "g.yaml", CTX, schema_comment=False)
    return [(d.code, d.pos.line) for d in diags if d.code != "HT045"]


def test_edge_labels() -> None:
    t = Transition
    assert edge_label(t("silence", "x", seconds=8)) == "静默 8s"
    assert edge_label(t("held", "x", seconds=40.5)) == "保持 40.5s"
    assert edge_label(t("act", "x", any_acts=("apologise", "empathise"), all_acts=("soothe",))) == (
        "apologise / empathise + soothe"
    )
    assert edge_label(t("transfer", "x", target="*")) == "转接 任意"
    assert edge_label(t("hangup", "x")) == "学员挂断"
    cond = MoodCondition(">=", "angry")
    assert (
        edge_label(t("act", "x", any_acts=("argue",), when_mood=cond, mood=2)) == "argue [情绪≥angry] 情绪+2"
    )


def test_mermaid_and_dot_escape_and_style() -> None:
    sc = loads_scenario(
        HEAD
        + """defaults: {on: [{silence: 30, goto: bye}]}
nodes:
  hi:
    say: 他说"你好"<吗>
    on: [{act: greet, goto: bye}, {silence: 5, goto: bye}]
  bye: {end: resolved, success: true}
""",
        context=CTX,
    )
    mer = to_mermaid(sc)
    assert 'n0["hi<br/>他说#quot;你好#quot;&lt;吗&gt;"]' in mer
    assert 'n0 -.->|"静默 30s"| n1' in mer and 'n0 -->|"greet"| n1' in mer
    assert "class n1 good" in mer and 'n1(["bye<br/>结束：resolved ✓"])' in mer
    dot = to_dot(sc)
    assert '"hi" [label="hi\\n他说\\"你好\\"<吗>", penwidth=3];' in dot
    assert '"hi" -> "bye" [label="静默 30s", style=dashed];' in dot


def test_graph_checks_do_not_cascade_from_an_undefined_target() -> None:
    body = """nodes:
  a:
    on: [{act: greet, goto: nowhere}, {silence: 5, goto: a}]
"""
    assert codes(body) == [("HT020", 9)]


def test_self_loop_without_exit() -> None:
    body = """nodes:
  a:
    say: 喂
    on: [{silence: 5, goto: a}]
  b: {end: resolved, success: true}
"""
    got = codes(body)
    assert ("HT025", 8) in got and ("HT024", 8) in got and ("HT021", 11) in got


def test_conditional_silence_is_not_enough() -> None:
    body = """nodes:
  a:
    on:
      - {silence: 5, goto: b, when_mood: ">= angry"}
      - {act: greet, goto: b}
  b: {end: resolved, success: true}
"""
    assert codes(body) == [("HT023", 8)]


def test_shadowed_transitions_follow_the_engine_rules() -> None:
    body = """nodes:
  a:
    on:
      - {otherwise: true, goto: b}
      - {act: [greet, self_identify], goto: b}
      - {act: greet, all: [offer_help], goto: b}
      - {act: argue, goto: b, when_mood: ">= angry"}
      - {act: argue, goto: b}
      - {silence: 9, goto: b, when_mood: ">= angry"}
      - {silence: 5, goto: b}
      - {silence: 5, goto: b}
      - {transfer: "*", goto: b}
      - {transfer: 医政处, goto: b}
      - {otherwise: true, goto: b}
  b: {end: resolved, success: true}
"""
    # an act after `otherwise` still fires (otherwise is tried after every act transition)
    assert codes(body) == [("HT026", 12), ("HT026", 15), ("HT026", 17), ("HT026", 19), ("HT026", 20)]


def test_hangup_to_a_waiting_node_is_a_warning_unless_next_leads_to_an_end() -> None:
    body = """nodes:
  a:
    on:
      - {hangup: true, goto: bye}
      - {transfer: "*", goto: a}
      - {silence: 5, goto: b}
  bye: {say: 再见, next: b}
  b: {end: resolved, success: true}
"""
    assert codes(body) == [("HT039", 11)]


def test_lint_paths_on_a_folder_finds_nothing_in_good_files() -> None:
    from scenariokit import SCENARIOS

    assert lint_paths([SCENARIOS], CTX) == []


def test_parallel_lint_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from scenariokit import BROKEN

    import simulator.scenario.lint as lint_module

    sources = sorted(BROKEN.glob("ht0*.yaml"))
    for i in range(lint_module.PARALLEL_MIN + 6):
        src = sources[i % len(sources)]
        folder = tmp_path / f"d{i // len(sources)}"
        folder.mkdir(exist_ok=True)
        shutil.copy(src, folder / src.name)  # same ids in several folders: HT030 too
    parallel = lint_paths([tmp_path], CTX)
    monkeypatch.setattr(lint_module, "PARALLEL_MIN", 10**9)
    sequential = lint_paths([tmp_path], CTX)
    assert parallel == sequential
    assert {d.code for d in parallel} >= {"HT030", "HT001", "HT020", "HT040"}


def test_a_misspelt_goto_is_reported_once_not_as_every_node_behind_it(tmp_path: Path) -> None:
    """The issue's case: every way into a hub node misspelt — one HT020 per typo, no HT021 for
    the 20 nodes behind it, no HT034 for the playthroughs that pass through it."""
    from scenariokit import SCENARIOS

    text = (SCENARIOS.parent.parent.parent / "scenarios" / "power-outage.yaml").read_text(encoding="utf-8")
    assert "goto: reports" in text
    path = tmp_path / "power-outage.yaml"
    path.write_text(text.replace("goto: reports", "goto: reprots"), encoding="utf-8")
    diags = lint_paths([path], CTX)
    assert {d.code for d in diags if d.code != "HT045"} == {"HT020"}, [d.message for d in diags]
    assert all(d.suggestion == "reports" for d in diags if d.code == "HT020")
