"""Golden playthroughs: replay a scenario's ``playthroughs`` and compare with what they expect.

Each playthrough is played with :func:`simulator.play.runner.play_script` — exactly what
``hotline play ID --script`` does — with its own seed, and checked:

* ``path`` (when given): the node ids entered, exactly;
* ``outcome`` and ``success``: always;
* ``final_mood`` (when given): the caller's mood when the call ended;
* the grade, where the playthrough states it: ``passed``, and ``must_flag`` / ``must_not_flag``
  (rule codes such as ``SIL002`` or report categories such as ``silent``).

:func:`check_playthrough` returns a :class:`GoldenResult`: :meth:`~GoldenResult.line` is its
one-line ✓/✗ verdict with where a failing call went astray (the node, and the script line at
``file:line`` when the script is a ``|`` block); :meth:`~GoldenResult.report` explains a failure in
Chinese with the full timed transcript. ``hotline scenarios test`` and the app's 场景管理 panel
both use this module; :func:`junit_xml` is the report a centre's CI reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

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
    where: str = ""  # where the call went astray (a node, a script line), '' when unknown or ok
    grade: Any = None  # the grading.Report, when the playthrough states an expected grade
    file: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self, *, scenario: bool = True) -> str:
        """``✓ 场景 · 名称 → 结局`` or ``✗ 场景 · 名称：第一个问题（where）``."""
        name = f"{self.scenario} · {self.name}" if scenario else self.name
        if self.ok:
            return f"✓ {name}　→ {outcome_name(self.play.state.outcome)}"
        where = f"（{self.where}）" if self.where else ""
        return f"✗ {name}：{self.problems[0]}{where}"

    def report(self) -> str:
        head = f"场景 {self.scenario} 的演练“{self.name}”"
        if self.ok:
            return f"{head}：通过"
        lines = [f"{head}与预期不符："]
        lines += [f"  - {p}" for p in self.problems]
        if self.where:
            lines.append(f"  出错位置：{self.where}")
        lines += [f"  注：{n}" for n in self.play.notes]
        lines.append("通话记录：")
        lines += ["  " + line for line in self.play.lines()]
        return "\n".join(lines)


def path_divergence(expected: tuple[str, ...], actual: tuple[str, ...]) -> str | None:
    """Where two paths part, in words (None when equal)."""
    if expected == actual:
        return None
    i = divergence_index(expected, actual)
    if i < min(len(expected), len(actual)):
        before = f"（在 {expected[i - 1]} 之后）" if i else ""
        return f"路径在第 {i + 1} 步分叉{before}：预期 {expected[i]}，实际 {actual[i]}"
    if len(actual) < len(expected):
        last = actual[-1] if actual else "（未进入任何节点）"
        return f"路径提前结束：实际只走到 {last}，预期接着是 {expected[len(actual)]}"
    last = expected[-1] if expected else "（开头）"
    return f"路径比预期长：预期在 {last} 结束，实际又走了 {' → '.join(actual[len(expected):])}"


def divergence_index(expected: tuple[str, ...], actual: tuple[str, ...]) -> int:
    """The index of the first step where the paths differ (the shorter length when one is a prefix)."""
    for i, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return i
    return min(len(expected), len(actual))


def script_place(scenario: Scenario, pt: Playthrough, line: int) -> str:
    """``file:line`` of script line ``line`` (its line in the scenario file for a ``|`` block)."""
    if line <= 0:
        return ""
    base = pt.script_pos.line
    if base > 0 and scenario.source:
        return f"{scenario.source}:{base + line}"
    return f"脚本第 {line} 行"


def astray(scenario: Scenario, pt: Playthrough, play: PlayResult) -> tuple[str, int]:
    """Where the call left the expected path, in words, and the script line that led there (0: none)."""
    actual = tuple(play.state.path)
    if not pt.path or tuple(pt.path) == actual:
        return "", 0
    i = divergence_index(tuple(pt.path), actual)
    if i < len(actual):
        line = play.path_lines[i] if i < len(play.path_lines) else 0
        node = pt.path[i - 1] if i else "起点"
        place = script_place(scenario, pt, line)
        said = f"，{place} 的脚本行把来电者带到了 {actual[i]}" if place else f"，来电者去了 {actual[i]}"
        return f"在 {node}{said}", line
    return f"通话停在 {actual[-1] if actual else '起点'}", 0


def check_playthrough(scenario: Scenario, pt: Playthrough, **options: Any) -> GoldenResult:
    """Play one golden playthrough (``options`` go to the runner: matcher, act_moods, timing…)."""
    source = f"{scenario.source or scenario.id}（演练“{pt.name}”的脚本）"
    play = play_script(scenario, parse_script(pt.script, source), pt.seed, **options)
    state = play.state
    problems: list[str] = []
    actual = state.path
    if pt.path and (diverged := path_divergence(pt.path, actual)):
        problems.append(diverged)
        problems.append(f"预期路径：{' → '.join(pt.path)}")
        problems.append(f"实际路径：{' → '.join(actual) or '（空）'}")
    if state.outcome != pt.outcome:
        problems.append(f"结局：预期 {outcome_name(pt.outcome)}，实际 {outcome_name(state.outcome)}")
    if state.success != pt.success:
        problems.append(f"是否成功：预期 {_yes(pt.success)}，实际 {_yes(state.success)}")
    if pt.final_mood is not None and state.mood != pt.final_mood:
        from simulator.engine.mood import MOOD_NAMES

        want, got = MOOD_NAMES.get(pt.final_mood, pt.final_mood), MOOD_NAMES.get(state.mood, state.mood)
        problems.append(f"最终情绪：预期 {want}，实际 {got}")
    report = None
    if pt.passed is not None or pt.must_flag or pt.must_not_flag:
        report, grade_problems = _check_grade(pt, play)
        problems += grade_problems
    where, _ = astray(scenario, pt, play)
    return GoldenResult(scenario.id, pt.name, problems, play, where=where, grade=report,
                        file=scenario.source)


def _check_grade(pt: Playthrough, play: PlayResult) -> tuple[Any, list[str]]:
    from grading import GradingError, grade

    try:
        report = grade(play.record)
    except GradingError as exc:
        return None, [f"无法评分：{exc.message}"]
    problems = []
    if pt.passed is not None and report.passed != pt.passed:
        got = "通过" if report.passed else "不通过"
        named = "、".join(dict.fromkeys(f.rule for f in report.findings)) or "无问题"
        want = "通过" if pt.passed else "不通过"
        problems.append(f"评分：预期{want}，实际{got}（{report.score} 分；{named}）")
    for name in pt.must_flag:
        if not any(_names(f, name) for f in report.findings):
            problems.append(f"评分没有指出 {name}（must_flag）")
    for name in pt.must_not_flag:
        hits = [f for f in report.findings if _names(f, name)]
        if hits:
            first = hits[0]
            problems.append(f"评分不应指出 {name}（must_not_flag），却指出了：{first.rule} {first.message}")
    return report, problems


def _names(finding: Any, name: str) -> bool:
    return bool(finding.rule == name or finding.category == name)


def _yes(value: bool | None) -> str:
    return "是" if value else "否"


@dataclass
class ScenarioRun:
    """The golden playthroughs of one scenario file (or why it could not be loaded)."""

    label: str  # the scenario's id, or the file name when it did not load
    file: str
    results: list[GoldenResult] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and all(r.ok for r in self.results)


def run_scenario(scenario: Scenario, **options: Any) -> ScenarioRun:
    return ScenarioRun(scenario.id, scenario.source,
                       [check_playthrough(scenario, pt, **options) for pt in scenario.playthroughs])


def junit_xml(runs: list[ScenarioRun]) -> str:
    """The runs as JUnit XML: a test suite a scenario, a test case a playthrough."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    total = sum(max(len(r.results), 1 if r.error else 0) for r in runs)
    failed = sum(sum(not x.ok for x in r.results) + (1 if r.error else 0) for r in runs)
    out.append(f'<testsuites name="hotline scenarios test" tests="{total}" failures="{failed}">')
    for run in runs:
        cases = len(run.results) or (1 if run.error else 0)
        bad = sum(not x.ok for x in run.results) + (1 if run.error else 0)
        out.append(f"  <testsuite name={quoteattr(run.label)} tests=\"{cases}\" failures=\"{bad}\" "
                   f"file={quoteattr(run.file)}>")
        if run.error:
            out.append(f"    <testcase classname={quoteattr(run.label)} name=\"（无法加载）\">")
            out.append(f"      <failure message={quoteattr(run.error.splitlines()[0])}>"
                       f"{escape(run.error)}</failure>")
            out.append("    </testcase>")
        for r in run.results:
            out.append(f"    <testcase classname={quoteattr(run.label)} name={quoteattr(r.name)}>")
            if not r.ok:
                out.append(f"      <failure message={quoteattr(r.line())}>{escape(r.report())}</failure>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
