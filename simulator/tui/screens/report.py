"""The report: pass/fail, score and the per-category breakdown; the findings in call order (time,
the quoted words, the standard and clause broken with its text, the tip); the transcript with
findings marked; play back any turn; try the scenario again. Opened after a call and from the
history (then the stored report)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from grading.citation import quoted, resolve
from grading.model import CATEGORY_NAMES, Finding, Report
from grading.report_text import breakdown_line, clock, severity_label, verdict
from simulator.call.wording import TYPED_MARK, record_event_name
from simulator.play.transcript import outcome_name
from simulator.records import CallRow
from simulator.records.text import when_text
from simulator.scenario.model import Scenario
from simulator.tui.screens import hot
from simulator.tui.text import chinese, row
from simulator.tui.widgets.titlebar import TitleBar

SEVERITY_STYLES = {"blocker": "bold red", "major": "red", "minor": "yellow"}


def summary(report: Report | None, record: dict[str, Any], entry: CallRow | None, problem: str = "") -> Text:
    out = Text()
    if report is None:
        out.append("未能评分", style="bold red")
    else:
        out.append(f"{verdict(report)}", style="bold green" if report.passed else "bold red")
        out.append(f"　得分 {report.score} / 100（及格线 {report.pass_mark}）\n", style="bold")
        out.append(f"扣分：{breakdown_line(report)}\n")
        for note in report.notes:
            out.append(f"注：{note}\n", style="yellow")
    out.append(f"结局：{outcome_name(record.get('outcome'))}", style="dim")
    if record.get("interrupted"):
        out.append("　（通话被中途退出，记录已保存）", style="yellow")
    if entry is not None:
        mode = "考核" if entry.mode == "exam" else "练习"
        out.append(f"　{mode}　{when_text(entry.started_at)}　通话 #{entry.id}", style="dim")
        if entry.trainee:
            out.append(f"　学员 {entry.trainee}", style="dim")
    if problem:
        out.append(f"\n⚠ 校验失败：{problem}（此结果可能被改动过）", style="bold red")
    return out


CLAUSE_EXCERPT = 80  # characters of the clause text shown under 依据 (the text report has it all)


def clause_text(citation: str) -> Text:
    """依据: 《standard》place「title」, the clause text quoted (shortened), the recorded citation dim."""
    c = resolve(citation)
    if not c.document:
        return Text(c.raw, style="dim")
    out = Text(c.label)
    if c.text:
        out.append("\n" + quoted(c.excerpt(CLAUSE_EXCERPT)))
    out.append(f"\n{c.raw}", style="dim")
    return out


def finding_text(i: int, f: Finding) -> Table:
    head = Text()
    head.append(f"[{clock(f.t)}] ", style="dim")
    head.append(severity_label(f), style=SEVERITY_STYLES.get(f.severity, ""))
    head.append(f"  {CATEGORY_NAMES.get(f.category, f.category)}  {f.rule}")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=4, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(f"{i}.", head)
    parts = [("原话", Text(f"“{f.quote}”" if f.quote else "")), ("问题", Text(f.message)),
             ("依据", clause_text(f.clause)), ("建议", Text(f.tip, style="green"))]
    for label, value in parts:
        if value:
            grid.add_row("", row(label, value, 4))
    return grid


def marks(event: dict[str, Any], findings: tuple[Finding, ...]) -> list[str]:
    t, end = float(event.get("t", 0.0)), float(event.get("end", event.get("t", 0.0)))
    return [f.rule for f in findings if f.t is not None and t - 0.01 <= f.t <= end + 0.01]


def event_text(event: dict[str, Any], rules: list[str]) -> Table:
    out = Text()
    kind, who = event.get("type"), event.get("who")
    if kind == "say":
        caller = who == "caller"
        out.append("来电者：" if caller else "话务员：", style="bold cyan" if caller else "bold green")
        out.append(str(event.get("text", "")))
        if event.get("typed"):
            out.append(TYPED_MARK, style="dim")
    else:
        out.append(f"—— {record_event_name(event)} ——", style="dim italic")
    if rules:
        out.append(f"  ⚑ {' '.join(rules)}", style="bold red")
    return row(clock(float(event.get("t", 0.0))), chinese(out), 7)


class ReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "again", "再练一次"),
        Binding("p", "play", "播放所选语句"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, scenario: Scenario | None, record: dict[str, Any], report: Report | None,
                 entry: CallRow | None = None, folder: Any = None, problem: str = "") -> None:
        super().__init__()
        self.scenario, self.record, self.report = scenario, record, report
        self.entry, self.folder, self.problem = entry, folder, problem
        self.events = [e for e in record.get("events") or () if isinstance(e, dict)]

    def compose(self) -> ComposeResult:
        yield TitleBar("评分报告")
        title = self.scenario.title if self.scenario else str(self.record.get("scenario", ""))
        yield Static(f"[b]评分报告[/b]　{title}", id="report-title")
        yield Static(summary(self.report, self.record, self.entry, self.problem), id="report-summary")
        findings = self.report.findings if self.report else ()
        with TabbedContent(id="report-tabs"):
            with TabPane(f"问题（{len(findings)}）", id="tab-findings"):
                if findings:
                    yield OptionList(*(Option(finding_text(i, f)) for i, f in enumerate(findings, 1)),
                                     id="report-findings")
                else:
                    yield Static("没有问题：本次通话符合服务规范。" if self.report else "没有评分结果。")
            with TabPane("通话记录", id="tab-transcript"):
                yield OptionList(*(Option(event_text(e, marks(e, findings))) for e in self.events),
                                 id="report-transcript")
        yield Footer()

    def on_mount(self) -> None:
        """The findings list has the keyboard: ↑/↓, PgUp/PgDn, Home/End scroll it at once."""
        self._focus_list()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        tabs = self.query_one(TabbedContent)
        wanted = "#report-transcript" if tabs.active == "tab-transcript" else "#report-findings"
        found = self.query(wanted)
        if found:
            found.first().focus()

    def on_unmount(self) -> None:
        from simulator.tui.app import tidy_gc

        tidy_gc()  # the call's garbage, collected as the trainee leaves the report (one pause)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return True if self.scenario is not None else None
        return True

    def action_again(self) -> None:
        if self.scenario is not None:
            from simulator.tui.screens.call import CallScreen

            self.app.switch_screen(CallScreen(self.scenario))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_play(self) -> None:
        tabs = self.query_one(TabbedContent)
        listing = self.query_one("#report-transcript", OptionList)
        if tabs.active != "tab-transcript":
            tabs.active = "tab-transcript"
            listing.focus()
            return
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.events):
            return
        event = self.events[index]
        if event.get("type") != "say":
            self.notify("请选择一句话（来电者或话务员）再按 P 播放。")
            return
        self.play(event)

    @work(thread=True, exclusive=True, group="playback")
    def play(self, event: dict[str, Any]) -> None:
        from simulator.tui.playback import turn_audio

        app = hot(self.app)
        persona = self.scenario.caller.persona if self.scenario else ""
        got = turn_audio(self.record, event, folder=self.folder, persona=persona, settings=app.settings)
        if isinstance(got, str):
            self.app.call_from_thread(self.notify, got, severity="warning")
            return
        who = "来电者" if event.get("who") == "caller" else "话务员"
        self.app.call_from_thread(self.notify, f"正在播放{who}：{event.get('text', '')}")
        try:
            app.services.play(*got)
        except Exception as exc:  # no output device: say so, keep the report
            self.app.call_from_thread(self.notify, f"无法播放：{getattr(exc, 'message', exc)}",
                                      severity="warning")
