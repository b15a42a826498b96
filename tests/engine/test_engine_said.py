"""``said`` transitions: the caller repeats only what the trainee actually said.

A caller who answers “12393是吧？” must have heard 12393: the ``said`` trigger fires when the
trainee's words contain one of its phrases (the one matcher, strict: digits ↔ Chinese numerals,
五点 is not 六点); without it the branch falls through to ``otherwise``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine import Engine
from simulator.engine import events as ev
from simulator.engine.rules import said_in
from simulator.phrases import default_matcher
from simulator.scenario.graph import edge_label
from simulator.scenario.lint import lint_paths
from simulator.scenario.loader import load_scenario

YAML = """\
id: said-demo
title: 复述
difficulty: 1
brief: 测试
hotline:
  name: 12320卫生热线
  directory:
    - {name: 市医疗保障局, phone: "12393"}
caller: {persona: f-adult-mandarin, sex: female, age: adult, language: mandarin}
defaults:
  on:
    - {silence: 20, goto: gone}
nodes:
  asks:
    say: 医保报销找谁？
    on:
      - {said: ["12393"], all: [refer], goto: repeats}
      - {said: [医疗保障局, 医保局], goto: asks-number}
      - {otherwise: true, goto: asks-number}
  repeats:
    say: 12393是吧？
    end: resolved
    success: true
  asks-number:
    say: 那医保局电话多少？
    end: caller_hung_up
  gone:
    end: caller_hung_up
"""


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "said-demo.yaml"
    path.write_text(YAML, encoding="utf-8")
    return path


def _path_after(path: Path, text: str) -> list[str]:
    eng = Engine(load_scenario(path), seed=0)
    eng.start()
    eng.step(ev.Answer(1.0))
    eng.step(ev.Say(5.0, 7.0, text))
    return list(eng.state.path)


def test_said_fires_only_when_the_number_was_said(scenario_file: Path) -> None:
    assert _path_after(scenario_file, "请您拨打12393。")[-1] == "repeats"
    assert _path_after(scenario_file, "请您拨打一二三九三。")[-1] == "repeats"
    assert _path_after(scenario_file, "请您致电市医疗保障局。")[-1] == "asks-number"
    assert _path_after(scenario_file, "请您拨打12345。")[-1] == "asks-number"


def test_said_is_strict_about_times() -> None:
    said = said_in("预计下午五点前恢复供电", default_matcher())
    assert not said(("六点",))
    assert said(("五点",))


def test_said_lints_clean_and_labels_its_edge(scenario_file: Path) -> None:
    report = lint_paths([scenario_file])
    assert not [d for d in report if d.is_error], report
    sc = load_scenario(scenario_file)
    assert edge_label(sc.nodes["asks"].transitions[0]) == "说了“12393” + refer"


def test_an_empty_said_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "said-demo.yaml"
    path.write_text(YAML.replace('said: ["12393"]', "said: []"), encoding="utf-8")
    report = lint_paths([path])
    assert any(d.code == "HT004" for d in report)


def test_a_said_caught_by_an_earlier_one_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "said-demo.yaml"
    path.write_text(YAML.replace(
        '      - {said: [医疗保障局, 医保局], goto: asks-number}\n',
        '      - {said: [医疗保障局, 医保局], goto: asks-number}\n      - {said: [医保局], goto: repeats}\n',
    ), encoding="utf-8")
    assert any(d.code == "HT026" and "said" in d.message for d in lint_paths([path]))
