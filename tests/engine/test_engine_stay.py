"""``stay`` transitions: the caller protests at 禁语 or arguing and keeps waiting; again, and they hang up.

Before, a node either ignored arguing (the catch-all took it as an answer) or ended the call at
the first word: a caller who protests once, stays on the line and hangs up when it happens again
is what the standards' callers do (mood worsens with each offence: the act library's mood steps).
"""

from __future__ import annotations

from pathlib import Path

from simulator.engine import Engine
from simulator.engine import events as ev
from simulator.scenario.lint import lint_paths
from simulator.scenario.loader import load_scenario

YAML = """\
id: stay-demo
title: 抗议
difficulty: 1
brief: 测试
hotline: {name: 12320卫生热线}
caller: {persona: f-adult-mandarin, sex: female, age: adult, language: mandarin, mood: anxious}
defaults:
  on:
    - {act: [forbidden, argue], when_mood: ">= angry", goto: offended}
    - {act: [forbidden, argue], stay: true, say: 你这是什么话？}
    - {silence: 20, goto: gone}
nodes:
  asks:
    say: 我家停电了，什么时候来电？
    on:
      - {act: apologise, goto: fine}
      - {otherwise: true, goto: fine}
  fine:
    say: 好吧。
    end: resolved
    success: true
  offended:
    say: 算了，我投诉你们！
    end: caller_hung_up
  gone:
    end: caller_hung_up
"""


def _engine(tmp_path: Path, text: str = YAML) -> Engine:
    path = tmp_path / "stay-demo.yaml"
    path.write_text(text, encoding="utf-8")
    eng = Engine(load_scenario(path), seed=0)
    eng.start()
    eng.step(ev.Answer(1.0))
    return eng


def _caller_lines(eng: Engine) -> list[str]:
    return [e["text"] for e in eng.record()["events"] if e.get("type") == "say" and e.get("who") == "caller"]


def test_a_first_argument_is_protested_and_the_caller_waits_on(tmp_path: Path) -> None:
    eng = _engine(tmp_path)
    eng.step(ev.Say(5.0, 7.0, "这不是我们的问题，规定就是这样。"))
    assert eng.state.node == "asks" and not eng.state.ended
    assert list(eng.state.path) == ["asks"]
    assert _caller_lines(eng)[-1] == "你这是什么话？"
    assert eng.state.mood == "impatient"


def test_a_second_argument_ends_the_call(tmp_path: Path) -> None:
    eng = _engine(tmp_path)
    eng.step(ev.Say(5.0, 7.0, "这不是我们的问题，规定就是这样。"))
    eng.step(ev.Say(12.0, 14.0, "这不是我们的问题，规定就是这样。"))
    assert eng.state.ended and list(eng.state.path)[-1] == "offended"


def test_stay_with_goto_or_on_a_timeout_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stay-demo.yaml"
    text = YAML.replace("stay: true, say", "stay: true, goto: fine, say")
    timeout = "{silence: 20, stay: true}\n    - {silence: 30, goto: gone}"
    text = text.replace("{silence: 20, goto: gone}", timeout)
    path.write_text(text, encoding="utf-8")
    codes = [d.code for d in lint_paths([path])]
    assert codes.count("HT013") == 2
