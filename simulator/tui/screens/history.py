"""History: past calls with date, scenario, score and result; Enter opens the stored report.

Every row is verified against the sealed index (:mod:`simulator.tui.store.history`): a changed or
deleted file, an edited index line or a removed/inserted call shows ``⚠`` and what is wrong.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from simulator.call.wording import OUTCOME_NAMES
from simulator.tui.screens import hot
from simulator.tui.store.history import Entry
from simulator.tui.text import fill_table
from simulator.tui.widgets.titlebar import TitleBar

COLUMNS = ("日期", "场景", "得分", "结果", "校验", "模式", "学员", "结局")


def cells(e: Entry) -> tuple[str, ...]:
    return (e.when.replace("T", " ")[:16], e.title or e.scenario, "—" if e.score is None else str(e.score),
            result_text(e), "⚠ 被改动" if e.problem else "✓", "考核" if e.mode == "exam" else "练习",
            e.trainee or "—", outcome_text(e))


def result_text(e: Entry) -> str:
    if e.passed is None:
        return "未评分"
    return "通过" if e.passed else "不通过"


def outcome_text(e: Entry) -> str:
    return ("中断·" if e.interrupted else "") + OUTCOME_NAMES.get(e.outcome or "", "—")


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "打开报告"),
        Binding("f5", "reload", "刷新并校验"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []
        self.summary = ""

    def compose(self) -> ComposeResult:
        yield TitleBar("历史记录")
        yield Static("历史记录（最新的在前；⚠ 表示文件或索引被改动过）", id="history-title")
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
        entries = hot(self.app).services.history.entries()
        self.app.call_from_thread(self.fill, entries)

    def fill(self, entries: list[Entry]) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        fill_table(table, COLUMNS, [(cells(e), f"{i}") for i, e in enumerate(entries)])
        bad = sum(1 for e in entries if e.problem)
        if not entries:
            self.summary = "还没有通话记录。"
        else:
            self.summary = f"共 {len(entries)} 通，" + (f"其中 {bad} 通校验失败" if bad else "全部校验通过")
        self.show_detail(table.cursor_row)

    def show_detail(self, row: int) -> None:
        text = self.summary
        if 0 <= row < len(self.entries) and self.entries[row].problem:
            text += f"\n⚠ 所选通话校验失败：{self.entries[row].problem}（结果可能被改动过）"
        self.query_one("#history-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(event.cursor_row)

    def action_open(self) -> None:
        self.open(self.query_one(DataTable).cursor_row)

    def open(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        from simulator.tui.screens.report import ReportScreen
        from simulator.tui.store.calls import load_call

        app = hot(self.app)
        entry = self.entries[row]
        record, report = load_call(app.services.history, entry)
        if record is None:
            self.notify(f"无法读取这通电话的记录（{entry.problem or '文件缺失'}）", severity="error")
            return
        scenario = next((sc for sc in app.library() if sc.id == entry.scenario), None)
        folder = app.services.history.folder(entry)
        self.app.push_screen(ReportScreen(scenario, record, report, entry, folder))

    def action_back(self) -> None:
        self.app.pop_screen()
