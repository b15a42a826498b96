"""The Chinese text report and the self-contained HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from grading.model import Finding, Report
from grading.report_html import render as render_html
from grading.report_text import clock, render

CLAUSE = "000_423174f9e1f791de.txt 服务禁语"
FINDINGS = (
    Finding(rule="FBD001", category="forbidden", severity="blocker", t=21.0, quote="喂，出声呀",
            clause=CLAUSE, message="说了服务禁语。", tip="应说：“您好，请问您能听到我的声音吗？”"),
    Finding(rule="HLD002", category="hold", severity="major", t=65.3, quote="",
            clause="002_1dcf54697941c951.txt 附件1 2(4)", message="查询超过半分钟没有再次提示。",
            tip="应说：“我正在为您查询，请您稍等。”"),
    Finding(rule="CLS001", category="closing", severity="minor", t=None, quote="", clause="c",
            message="没有结束语。", tip="应说：“感谢您的来电，再见。”", unclear=True),
)
REPORT = Report(scenario="silent-caller", passed=False, score=23, findings=FINDINGS, pass_mark=80,
                breakdown={"closing": 2, "forbidden": 50, "hold": 25}, hotline="12320卫生热线",
                source="call.json")


def test_clock() -> None:
    assert clock(65.3) == "01:05.3" and clock(0) == "00:00.0" and clock(None) == "全程"


def test_text_report_lists_result_score_breakdown_and_findings_in_order() -> None:
    text = render(REPORT)
    assert "结果：不通过（1 项一票否决）" in text
    assert "得分：23 / 100（及格线 80）" in text
    assert "扣分：结束 −2，禁语 −50，查询等待 −25" in text
    order = [text.index(code) for code in ("FBD001", "HLD002", "CLS001")]
    assert order == sorted(order)
    assert "[00:21.0] 一票否决" in text and "原话：“喂，出声呀”" in text
    assert "依据：《96128政务信息查询规范服务用语（云南）》服务禁语\n" in text and f"出处：{CLAUSE}\n" in text
    assert "建议：应说：“您好，请问您能听到我的声音吗？”" in text
    assert "依据：c\n" in text  # a citation the standards data does not know is shown as it is
    assert "[全程] 轻微·识别不清" in text
    assert "[01:05.3] 严重" in text


def test_text_report_of_a_clean_call() -> None:
    clean = Report(scenario="info-query", passed=True, score=100, findings=(), hotline="95598供电服务热线")
    text = render(clean)
    assert "结果：通过" in text and "问题：无" in text and "扣分：无扣分" in text


def test_text_report_of_a_low_score_without_blockers() -> None:
    r = Report(scenario="x", passed=False, score=75, findings=FINDINGS[1:2])
    assert "不通过（得分低于及格线 80）" in render(r)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_escaped_and_printable() -> None:
    evil = Finding(rule="FBD002", category="forbidden", severity="blocker", t=3.0,
                   quote='<script>alert("x")</script>&', clause=CLAUSE, message="a<b", tip="'\"")
    r = Report(scenario="info-query", passed=False, score=50, findings=(evil,), source="<f>.json")
    page = render_html([r, REPORT])
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;f&gt;.json" in page
    assert "@media print" in page
    assert not re.search(r"(src|href)\s*=", page)  # nothing to fetch
    p = _Collect()
    p.feed(page)
    assert "script" not in p.tags and p.tags.count("table") == 2
    text = "".join(p.text)
    assert '<script>alert("x")</script>&' in text  # the quote survives escaping intact
    assert "共 2 通，通过 0 通" in text and "喂，出声呀" in text and "01:05.3" in text
