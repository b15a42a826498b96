"""History: past calls with date, scenario, score and result; Enter opens the stored report.

Reads the records store (:mod:`simulator.records`) — on a centre's PostgreSQL, every station's
calls. Every row is checked against the store's hash chain (:meth:`Store.verify`): an edited,
deleted or inserted call shows ``⚠`` and what happened.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from simulator.call.wording import OUTCOME_NAMES
from simulator.records import CallRow, Problem
from simulator.records.text import mode_text, result_text, score_text, when_text
from simulator.tui.screens import hot
from simulator.tui.text import fill_table
from simulator.tui.widgets.titlebar import TitleBar

COLUMNS = ("日期", "场景", "得分", "结果", "校验", "模式", "学员", "结局")
SHOWN = 2000  # newest calls listed (a centre's store holds many more; the CLI lists them all)


def cells(c: CallRow, problem: str) -> tuple[str, ...]:
    return (when_text(c.started_at), c.title or c.scenario, score_text(c.score),
            result_text(c.passed) if c.status != "open" else "进行中", "⚠ 被改动" if problem else "✓",
            mode_text(c), c.trainee or "—", outcome_text(c))


def outcome_text(c: CallRow) -> str:
    return ("中断·" if c.interrupted else "") + OUTCOME_NAMES.get(c.outcome or "", "—")


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "打开报告"),
        Binding("f5", "reload", "刷新并校验"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[CallRow] = []
        self.problems: dict[int, str] = {}
        self.summary = ""

    def compose(self) -> ComposeResult:
        yield TitleBar("历史记录")
        yield Static("历史记录（最新的在前；⚠ 表示记录被改动、删除或插入过）", id="history-title")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#history-detail", Static).update("正在读取并校验……")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from simulator.records import StoreError

        try:
            store = hot(self.app).services.store
            calls, problems = store.calls(limit=SHOWN), store.verify()
        except StoreError as exc:
            self.app.call_from_thread(self.query_one("#history-detail", Static).update, exc.render())
            return
        self.app.call_from_thread(self.fill, calls, problems)

    def fill(self, calls: list[CallRow], problems: list[Problem]) -> None:
        self.calls = calls
        self.problems = {}
        for p in problems:
            if p.call_id is not None:
                self.problems.setdefault(p.call_id, p.message)
        table = self.query_one(DataTable)
        rows = [(cells(c, self.problems.get(c.id, "")), f"{i}") for i, c in enumerate(calls)]
        fill_table(table, COLUMNS, rows)
        if not calls:
            self.summary = "还没有通话记录。"
        else:
            self.summary = f"共 {len(calls)} 通，" + (f"校验发现 {len(problems)} 个问题" if problems
                                                     else "全部校验通过")
        other = [p.message for p in problems if p.call_id is None]
        if other:  # deleted calls have no row left: say what the chain remembers of them
            self.summary += "\n" + "\n".join(f"⚠ {m}" for m in other[:5])
        self.show_detail(table.cursor_row)

    def show_detail(self, row: int) -> None:
        text = self.summary
        if 0 <= row < len(self.calls) and (problem := self.problems.get(self.calls[row].id)):
            text += f"\n⚠ 所选通话校验失败：{problem}（结果可能被改动过）"
        self.query_one("#history-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(event.cursor_row)

    def action_open(self) -> None:
        self.open(self.query_one(DataTable).cursor_row)

    def open(self, row: int) -> None:
        if not 0 <= row < len(self.calls):
            return
        from simulator.records.reports import report_from_json
        from simulator.tui.screens.report import ReportScreen

        app = hot(self.app)
        call = self.calls[row]
        store = app.services.store
        record = store.record(call.id)
        if not record:
            self.notify("无法读取这通电话的记录", severity="error")
            return
        stored = store.report(call.id)
        report = None
        if stored is not None:
            try:
                report = report_from_json(stored.body)
            except (TypeError, ValueError, AttributeError):
                report = None
        scenario = next((sc for sc in app.library() if sc.id == call.scenario), None)
        folder = app.services.audio_folder(call.uid)
        problem = self.problems.get(call.id, "")
        self.app.push_screen(ReportScreen(scenario, record, report, call, folder, problem))

    def action_back(self) -> None:
        self.app.pop_screen()
