"""考场作答: the candidate's calls in the open exam sittings that have them on their list.

The candidate is the trainee named on the home screen (N), exactly as on the trainer's list. Each
row is one drawn call with the attempts used and allowed; the scenario's brief shows below the
table, and Enter starts the call in exam mode (no hints, no retry) with the caller seed the sitting
drew for that attempt (:class:`~simulator.tui.screens.exam_call.ExamCallScreen`) — in a sitting
opened with start codes, only after the invigilator typed the attempt's code
(:class:`~simulator.tui.screens.start_code.StartCodeScreen`). The list is read from the records
store in a worker.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from simulator.tui.screens import hot
from simulator.tui.text import fill_table
from simulator.tui.widgets.titlebar import TitleBar


class SittingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "take", "开始作答"),
        Binding("f5", "reload", "刷新"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tickets: list[Any] = []  # simulator.exams.station.Ticket
        self.briefs: dict[str, tuple[str, str]] = {}  # scenario id -> (title, brief)

    def compose(self) -> ComposeResult:
        yield TitleBar("考场作答")
        yield Static("正在读取考场……", id="sitting-status")
        yield DataTable(id="sitting-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sitting-brief")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from simulator.errors import HotlineError
        from simulator.exams.station import candidate_tickets

        app = hot(self.app)
        who = app.settings.trainee.strip()
        if not who:
            self.app.call_from_thread(self.fill, [], "请先回到首页按 N 填写姓名（与考场名单上的一致）。")
            return
        try:
            tickets = candidate_tickets(app.services.store, who)
        except HotlineError as exc:
            self.app.call_from_thread(self.fill, [], f"无法读取考场：{exc.message}")
            return
        briefs = {}
        for t in tickets:
            sc = next((s for s in app.library() if s.id == t.slot.scenario), None)
            if sc is not None:
                briefs[sc.id] = (sc.title, sc.brief)
        self.briefs = briefs
        status = (f"考生：{who}。选择一通考题，回车开始（考核模式：没有提示，不能重来）。" if tickets
                  else f"没有正在进行、名单上有“{who}”的考场。")
        self.app.call_from_thread(self.fill, tickets, status)

    def fill(self, tickets: list[Any], status: str) -> None:
        self.tickets = tickets
        self.query_one("#sitting-status", Static).update(status)
        rows = []
        for i, t in enumerate(tickets):
            title = self.briefs.get(t.slot.scenario, ("（场景不可用）", ""))[0]
            left = "已用完" if t.left == 0 else f"还可作答 {t.left} 次"
            rows.append(((t.sitting, t.exam_title, f"第 {t.slot.index} 通", title, f"{t.used}/{t.allowed}",
                          left), str(i)))
        fill_table(self.query_one(DataTable), ("考场", "考试", "考题", "场景", "已作答", "状态"), rows)
        self.show_brief(self.query_one(DataTable).cursor_row)

    def show_brief(self, row: int) -> None:
        text = ""
        if 0 <= row < len(self.tickets):
            title, brief = self.briefs.get(self.tickets[row].slot.scenario, ("", ""))
            text = f"{title}：{brief}" if brief else ""
        self.query_one("#sitting-brief", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_brief(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_take()

    def action_take(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.tickets):
            return
        ticket = self.tickets[row]
        if ticket.left == 0:
            self.notify("这通考题的作答次数已经用完（由考官开考时确定）。", severity="warning")
            return
        app = hot(self.app)
        scenario = next((s for s in app.library() if s.id == ticket.slot.scenario), None)
        if scenario is None:
            self.notify("这通考题的场景在本机的场景库里找不到，请告诉考官。", severity="error")
            return
        from simulator.tui.screens.exam_call import ExamCallScreen

        if not ticket.start_codes:
            app.call_mode = "exam"  # this call only (no hints): the saved mode is not touched
            self.app.push_screen(ExamCallScreen(scenario, ticket))
            return
        from simulator.tui.screens.start_code import StartCodeScreen

        def start(code: str | None) -> None:
            if code is None:
                return
            app.call_mode = "exam"
            self.app.push_screen(ExamCallScreen(scenario, ticket, start_code=code))

        ask = StartCodeScreen(app.settings.trainee.strip(), ticket.slot.index, ticket.used + 1)
        self.app.push_screen(ask, start)

    def action_back(self) -> None:
        self.app.pop_screen()
