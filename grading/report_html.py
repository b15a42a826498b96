"""A self-contained, printable HTML page of one or more graded calls (``hotline grade --html``).

No scripts, no external files: inline CSS with a print style, every text escaped. Each finding
names the standard and clause it breaks and quotes the clause's full text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from grading.citation import resolve
from grading.model import CATEGORY_NAMES, Report
from grading.report_text import breakdown_line, clock, severity_label, verdict

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;
max-width:60em;color:#222;line-height:1.5}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
.meta{color:#555}.pass{color:#176117;font-weight:bold}.fail{color:#a01818;font-weight:bold}
table{border-collapse:collapse;width:100%;margin-top:.8em}
th,td{border:1px solid #bbb;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f0f0f0}td.t{white-space:nowrap;font-family:monospace}
tr.blocker td.sev{color:#a01818;font-weight:bold}tr.major td.sev{color:#b35c00}
.quote{font-style:normal;background:#fff6d6}.tip{color:#175a8a}
blockquote.clause{margin:.3em 0 .2em;padding:.1em .6em;border-left:3px solid #ccc;color:#444;font-size:.9em}
.citation{color:#777;font-size:.8em}cite{font-style:normal}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}h2:first-of-type{page-break-before:auto}
tr{page-break-inside:avoid}}
"""


def _clause(citation: str) -> str:
    """依据: the standard and clause, its full text quoted, the citation as recorded."""
    e = escape
    c = resolve(citation)
    out = f'<br><small>依据：<cite title="{e(c.raw)}">{e(c.label)}</cite></small>'
    if c.text:
        out += f'<blockquote class="clause">{e(c.text)}</blockquote>'
    if c.document:
        out += f'<span class="citation">{e(c.raw)}</span>'
    return out


def _section(report: Report) -> str:
    e = escape
    status = "pass" if report.passed else "fail"
    parts = [f"<h2>{e(report.scenario)}{f'（{e(report.hotline)}）' if report.hotline else ''}</h2>"]
    if report.source:
        parts.append(f'<p class="meta">记录：{e(report.source)}</p>')
    parts.append(
        f'<p>结果：<span class="{status}">{e(verdict(report))}</span>　'
        f"得分：<b>{report.score}</b> / 100（及格线 {report.pass_mark}）</p>"
    )
    parts.append(f"<p>扣分：{e(breakdown_line(report))}</p>")
    parts.extend(f"<p>注：{e(note)}</p>" for note in report.notes)
    if not report.findings:
        parts.append("<p>问题：无。本次通话符合服务规范。</p>")
        return "\n".join(parts)
    rows = []
    for f in report.findings:
        quote = f'<q class="quote">{e(f.quote)}</q>' if f.quote else "—"
        rows.append(
            f'<tr class="{e(f.severity)}"><td class="t">{e(clock(f.t))}</td>'
            f'<td class="sev">{e(severity_label(f))}</td>'
            f"<td>{e(CATEGORY_NAMES.get(f.category, f.category))}<br><small>{e(f.rule)}</small></td>"
            f"<td>{quote}</td><td>{e(f.message)}{_clause(f.clause)}</td>"
            f'<td class="tip">{e(f.tip)}</td></tr>'
        )
    parts.append(
        "<table><thead><tr><th>时间</th><th>程度</th><th>类别</th><th>原话</th><th>问题与依据</th>"
        "<th>建议</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return "\n".join(parts)


def render(reports: Report | Sequence[Report], *, title: str = "热线通话评分报告") -> str:
    """The whole page as a string."""
    items = [reports] if isinstance(reports, Report) else list(reports)
    passed = sum(1 for r in items if r.passed)
    summary = f"共 {len(items)} 通，通过 {passed} 通" if len(items) > 1 else ""
    body = "\n".join(_section(r) for r in items)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>"
        + (f'<p class="meta">{escape(summary)}</p>' if summary else "")
        + f"\n{body}\n</body></html>\n"
    )
