"""The Chinese text report of one graded call (``hotline grade FILE``, and after ``hotline play``).

Result and score first, then points lost per category, then every finding in call order with its
time, the operator's words, what is wrong, the clause it breaks — the standard's name, the clause's
place and title, its text quoted in full and the contract's citation — and a tip quoting the
standard phrase to use.
"""

from __future__ import annotations

from grading.citation import quoted, resolve
from grading.model import CATEGORY_NAMES, SEVERITY_NAMES, Finding, Report


def clock(t: float | None) -> str:
    """``01:05.3`` for 65.3 s; ``全程`` for whole-call findings."""
    if t is None:
        return "全程"
    minutes, seconds = divmod(max(0.0, t), 60.0)
    return f"{int(minutes):02d}:{seconds:04.1f}"


def verdict(report: Report) -> str:
    if report.passed:
        return "通过"
    blockers = sum(1 for f in report.findings if f.severity == "blocker" and not f.unclear)
    if blockers:
        return f"不通过（{blockers} 项一票否决）"
    return f"不通过（得分低于及格线 {report.pass_mark}）"


def breakdown_line(report: Report) -> str:
    if not report.breakdown:
        return "无扣分"
    return "，".join(f"{CATEGORY_NAMES.get(c, c)} −{n}" for c, n in report.breakdown.items())


def severity_label(f: Finding) -> str:
    label = SEVERITY_NAMES.get(f.severity, f.severity)
    return f"{label}·识别不清" if f.unclear else label


def clause_lines(citation: str) -> list[str]:
    """依据 (standard, place, title), 条文 (the clause quoted) and 出处 (the citation as recorded)."""
    c = resolve(citation)
    lines = [f"    依据：{c.label}"]
    if c.text:
        lines.append(f"    条文：{quoted(c.text)}")
    if c.document:
        lines.append(f"    出处：{c.raw}")
    return lines


def _finding(i: int, f: Finding) -> list[str]:
    category = CATEGORY_NAMES.get(f.category, f.category)
    head = f"{i:>2}. [{clock(f.t)}] {severity_label(f)}  {category}  {f.rule}"
    lines = [head]
    if f.quote:
        lines.append(f"    原话：“{f.quote}”")
    lines.append(f"    问题：{f.message}")
    lines.extend(clause_lines(f.clause))
    if f.tip:
        lines.append(f"    建议：{f.tip}")
    return lines


def render(report: Report) -> str:
    """The whole report as text (ends with a newline)."""
    title = f"通话评分：{report.scenario}"
    if report.hotline:
        title += f"（{report.hotline}）"
    lines = [title]
    if report.source:
        lines.append(f"记录：{report.source}")
    lines.append(f"结果：{verdict(report)}")
    lines.append(f"得分：{report.score} / 100（及格线 {report.pass_mark}）")
    lines.append(f"扣分：{breakdown_line(report)}")
    lines.extend(f"注：{note}" for note in report.notes)
    if not report.findings:
        lines.append("问题：无。本次通话符合服务规范。")
        return "\n".join(lines) + "\n"
    lines.append(f"问题（{len(report.findings)} 项，按通话顺序）：")
    for i, f in enumerate(report.findings, 1):
        lines.extend(_finding(i, f))
    return "\n".join(lines) + "\n"
