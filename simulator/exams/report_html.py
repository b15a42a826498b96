"""The printable HTML report of a sitting, with charts drawn as inline SVG.

One self-contained page (no script, no font or image from the network): a summary table of the
cohort, a bar chart of every candidate's mean against the overall pass mark, a bar chart of points
lost per category over the cohort, and per candidate a section with each call's score against
the call pass mark, reasons, appeals and the candidate's weakest categories. Page breaks fall
between candidates when printed.
"""

from __future__ import annotations

from html import escape

from grading.model import CATEGORY_NAMES
from simulator.exams.report import WORD, appeal_text, cohort_losses, header_lines, slot_cells, weakest
from simulator.exams.results import SittingResults
from simulator.exams.scoring import CandidateResult

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.5em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6em 0} td,th{border:1px solid #bbb;padding:.25em .6em;text-align:left}
th{background:#f0f0f0} .pass{color:#1a7f37;font-weight:bold} .fail{color:#c62828;font-weight:bold}
.meta{color:#555;margin:.15em 0} .note{color:#555;font-size:.9em}
section.candidate{page-break-inside:avoid} @media print{section.candidate{page-break-before:always}}
svg text{font-size:12px;font-family:inherit}
"""


def _verdict(passed: bool) -> str:
    return f'<span class="{"pass" if passed else "fail"}">{WORD[passed]}</span>'


def bar_chart(items: list[tuple[str, float]], *, maximum: float, mark: float | None = None,
              title: str = "", colour_by_mark: bool = True) -> str:
    """A horizontal bar chart as an SVG element: one bar per ``(label, value)``; ``mark``: a dashed line."""
    row, label_w, plot_w = 24, 150, 360
    height = row * len(items) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + plot_w + 60}" height="{height}" '
             f'role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(items):
        y = 10 + i * row
        w = 0 if maximum <= 0 else max(0.0, min(1.0, value / maximum)) * plot_w
        ok = mark is None or value >= mark
        colour = ("#4caf50" if ok else "#e57373") if colour_by_mark else "#5c8dd6"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{colour}"/>')
        shown = f"{value:.1f}".rstrip("0").rstrip(".")
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{shown}</text>')
    if mark is not None and maximum > 0:
        x = label_w + mark / maximum * plot_w
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 18}" stroke="#333" '
                     'stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">及格 {mark:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _candidate(res: SittingResults, c: CandidateResult) -> str:
    e = res.sitting.exam
    rows = []
    for r in c.slots:
        score, verdict, why = slot_cells(r)
        cls = "pass" if verdict == "通过" else "fail"
        rows.append(
            f"<tr><td>{r.slot.index}</td><td>{escape(res.titles.get(r.slot.scenario, r.slot.scenario))}</td>"
            f"<td>{escape(r.slot.pool)}</td><td>{len(r.attempts)}/{e.attempts}</td><td>{escape(score)}</td>"
            f'<td class="{cls}">{verdict}</td><td>{escape(why)}</td><td>{escape(appeal_text(r))}</td></tr>')
    chart = bar_chart([(f"第{r.slot.index}通 {res.titles.get(r.slot.scenario, r.slot.scenario)}", r.score)
                       for r in c.slots], maximum=100, mark=e.passing.call, title=f"{c.name} 各通得分")
    weak = "、".join(f"{CATEGORY_NAMES.get(cat, cat)}（失 {lost} 分）" for cat, lost in weakest(c)) or "无"
    reasons = f"<p class='note'>{escape('；'.join(c.reasons))}</p>" if c.reasons else ""
    return (f'<section class="candidate"><h2>{escape(c.name)}：{_verdict(c.passed)}</h2>'
            f"<p class='meta'>平均 {c.mean:.1f} 分，及格 {c.passes}/{len(c.slots)} 通。薄弱环"
            f"节：{escape(weak)}</p>"
            f"{reasons}<table><tr><th>通</th><th>场景</th><th>题池</th><th>作答</th><th>得分</th><th>结果</th>"
            f"<th>未通过原因</th><th>申诉</th></tr>{''.join(rows)}</table>{chart}</section>")


def render(res: SittingResults) -> str:
    e = res.sitting.exam
    summary = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{c.mean:.1f}</td><td>{c.passes}/{len(c.slots)}</td>"
        f"<td>{_verdict(c.passed)}</td></tr>" for c in res.candidates)
    means = bar_chart([(c.name, c.mean) for c in res.candidates], maximum=100, mark=e.passing.overall,
                      title="各考生平均分")
    losses = cohort_losses(res)
    ranked = sorted(losses.items(), key=lambda kv: -kv[1])
    cats = bar_chart([(CATEGORY_NAMES.get(k, k), float(v)) for k, v in ranked],
                     maximum=max(losses.values(), default=1), title="各类别失分", colour_by_mark=False)
    head = "".join(f"<p class='meta'>{escape(line)}</p>" for line in header_lines(res))
    cat_part = (f"<h2>各类别失分（全体考生）</h2>{cats}" if losses else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(e.title)} — {escape(res.sitting.name)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(e.title)}：考场 {escape(res.sitting.name)}</h1>{head}"
        f"<h2>总览：通过 {res.passed} / {len(res.candidates)} 人</h2>"
        f"<table><tr><th>考生</th><th>平均分</th><th>及格通数</th><th>结果</th></tr>{summary}</table>{means}"
        f"{cat_part}{''.join(_candidate(res, c) for c in res.candidates)}</body></html>\n"
    )
