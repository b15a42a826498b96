"""A sitting's results as text (the terminal), CSV (Excel: UTF-8 with BOM) and printable HTML.

All three show the same facts: per candidate the counted attempt of each call, its score and
verdict with the reasons, appeals beside the original score, the mean and the overall verdict;
per category the points lost over the cohort. The HTML adds charts as inline SVG (no scripts, no
network: it prints and opens offline) — :mod:`simulator.exams.report_html`.
"""

from __future__ import annotations

import csv
import io

from grading.model import CATEGORIES, CATEGORY_NAMES
from simulator.exams.model import COUNTS_NAMES, SEED_POLICY_NAMES
from simulator.exams.results import SittingResults
from simulator.exams.scoring import CandidateResult, SlotResult

WORD = {True: "通过", False: "不通过"}


def slot_cells(r: SlotResult) -> tuple[str, str, str]:
    """(score text, verdict text, reasons) of a call's counted attempt."""
    if r.counted is None:
        return "—", "未作答", "没有作答"
    v = r.counted.verdict
    score = str(v.score)
    if v.original_score is not None and v.original_score != v.score:
        score = f"{v.original_score}→{v.score}"
    return score, WORD[v.passed], "；".join(v.reasons)


def appeal_text(r: SlotResult) -> str:
    if r.counted is None:
        return ""
    return "；".join(f"{f.get('rule')} 撤销（{a.reason}）" for f, a in r.counted.verdict.withdrawn)


def cohort_losses(res: SittingResults) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in res.candidates:
        for cat, lost in c.losses.items():
            out[cat] = out.get(cat, 0) + lost
    return {c: out[c] for c in CATEGORIES if out.get(c)}


def header_lines(res: SittingResults) -> list[str]:
    s, e = res.sitting, res.sitting.exam
    state = f"已于 {res.closed_at} 结束封存" if res.closed else "尚未结束（成绩可能还会变化）"
    calls_rule = "全部" if e.passing.calls is None else f"至少 {e.passing.calls} 通"
    return [
        f"考场：{s.name}　考试：{e.title}　{state}",
        f"开考：{s.opened_at}　考生 {len(s.candidates)} 人　每人 {e.calls} 通　{SEED_POLICY_NAMES[e.seed]}",
        f"及格：单通 {e.passing.call} 分，{calls_rule}及格且平均分不低于 {e.passing.overall}；"
        f"每通最多作答 {e.attempts} 次（{COUNTS_NAMES[e.counts]}）"
        + (f"；一票否决类别：{'、'.join(CATEGORY_NAMES[b] for b in e.blockers)}" if e.blockers else ""),
    ]


def render_text(res: SittingResults) -> str:
    lines = header_lines(res)
    lines.append(f"通过 {res.passed} / {len(res.candidates)} 人")
    for c in res.candidates:
        lines.append("")
        lines.append(f"{c.name}：{WORD[c.passed]}　平均 {c.mean:.1f} 分　及格 {c.passes}/{len(c.slots)} 通"
                     + (f"（{'；'.join(c.reasons)}）" if c.reasons else ""))
        for r in c.slots:
            score, verdict, why = slot_cells(r)
            title = res.titles.get(r.slot.scenario, r.slot.scenario)
            tries = f"作答 {len(r.attempts)}/{res.sitting.attempts} 次"
            lines.append(f"  第 {r.slot.index} 通 {title}（{r.slot.pool}）{tries}：{score} 分 {verdict}"
                         + (f"　{why}" if why and verdict != "通过" else ""))
            if appeal := appeal_text(r):
                lines.append(f"    申诉：{appeal}")
    losses = cohort_losses(res)
    if losses:
        lines.append("")
        lines.append("各类别失分（全体考生计入的作答）：")
        for cat, lost in sorted(losses.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {CATEGORY_NAMES[cat]}　{lost} 分")
    return "\n".join(lines) + "\n"


def render_csv(res: SittingResults) -> str:
    """UTF-8 text with a BOM (Excel then shows the Chinese), one row per candidate and call."""
    cats = [c for c in CATEGORIES if any(c in x.losses for x in res.candidates)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["考场", "考生", "第几通", "题池", "场景", "作答次数", "计入第几次", "通话编号", "得分",
                "结果",
                "未通过原因", "申诉", *[f"失分-{CATEGORY_NAMES[c]}" for c in cats], "考生平均分", "考生结果"])
    for c in res.candidates:
        for r in c.slots:
            score, verdict, why = slot_cells(r)
            counted = r.counted
            losses = counted.verdict.breakdown if counted else {}
            w.writerow([res.sitting.name, c.name, r.slot.index, r.slot.pool,
                        res.titles.get(r.slot.scenario, r.slot.scenario), len(r.attempts),
                        counted.attempt if counted else "",
                        counted.call_id if counted and counted.call_id else "",
                        score, verdict, why, appeal_text(r), *[losses.get(cat, 0) for cat in cats],
                        f"{c.mean:.1f}", WORD[c.passed]])
    return "\ufeff" + buf.getvalue()


def weakest(c: CandidateResult, n: int = 3) -> list[tuple[str, int]]:
    return sorted(c.losses.items(), key=lambda kv: -kv[1])[:n]
