"""Golden playthroughs: replay a scenario's ``playthroughs`` and compare with what they expect.

Each playthrough is played with :func:`simulator.play.runner.play_script` — exactly what
``hotline play ID --script`` does — with its own seed, and checked:

* ``path`` (when given): the node ids entered, exactly;
* ``outcome`` and ``success``: always;
* ``final_mood`` (when given): the caller's mood when the call ended.

:func:`check_playthrough` returns a :class:`GoldenResult`; its :meth:`~GoldenResult.report`
explains a failure in Chinese: each mismatch, where the path diverged, the notes and the full
timed transcript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.play.runner import PlayResult, play_script
from simulator.play.script import parse_script
from simulator.play.transcript import outcome_name
from simulator.scenario.model import Playthrough, Scenario


@dataclass
class GoldenResult:
    scenario: str
    name: str
    problems: list[str]
    play: PlayResult

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        head = f"场景 {self.scenario} 的演练“{self.name}”"
        if self.ok:
            return f"{head}：通过"
        lines = [f"{head}与预期不符："]
        lines += [f"  - {p}" for p in self.problems]
        lines += [f"  注：{n}" for n in self.play.notes]
        lines.append("通话记录：")
        lines += ["  " + line for line in self.play.lines()]
        return "\n".join(lines)


def path_divergence(expected: tuple[str, ...], actual: tuple[str, ...]) -> str | None:
    """Where two paths part, in words (None when equal)."""
    if expected == actual:
        return None
    for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            before = f"（在 {expected[i - 1]} 之后）" if i else ""
            return f"路径在第 {i + 1} 步分叉{before}：预期 {want}，实际 {got}"
    if len(actual) < len(expected):
        last = actual[-1] if actual else "（未进入任何节点）"
        return f"路径提前结束：实际只走到 {last}，预期接着是 {expected[len(actual)]}"
    last = expected[-1] if expected else "（开头）"
    return f"路径比预期长：预期在 {last} 结束，实际又走了 {' → '.join(actual[len(expected):])}"


def check_playthrough(scenario: Scenario, pt: Playthrough, **options: Any) -> GoldenResult:
    """Play one golden playthrough (``options`` go to the runner: matcher, act_moods, timing…)."""
    source = f"{scenario.source or scenario.id}（演练“{pt.name}”的脚本）"
    play = play_script(scenario, parse_script(pt.script, source), pt.seed, **options)
    state = play.state
    problems: list[str] = []
    actual = state.path
    if pt.path and (where := path_divergence(pt.path, actual)):
        problems.append(where)
        problems.append(f"预期路径：{' → '.join(pt.path)}")
        problems.append(f"实际路径：{' → '.join(actual) or '（空）'}")
    if state.outcome != pt.outcome:
        problems.append(f"结局：预期 {outcome_name(pt.outcome)}，实际 {outcome_name(state.outcome)}")
    if state.success != pt.success:
        problems.append(f"是否成功：预期 {_yes(pt.success)}，实际 {_yes(state.success)}")
    if pt.final_mood is not None and state.mood != pt.final_mood:
        problems.append(f"最终情绪：预期 {pt.final_mood}，实际 {state.mood}")
    return GoldenResult(scenario.id, pt.name, problems, play)


def _yes(value: bool | None) -> str:
    return "是" if value else "否"
