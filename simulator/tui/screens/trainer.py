"""The trainer's view: the whole cohort from the records store (on a centre's PostgreSQL, the centre).

Four tabs: 成绩总览 (trainee × scenario: best and last score, Enter opens that pair's last call),
薄弱环节 (per category: findings, points lost, who loses most), 进步 (per trainee: first try → best,
averaged over scenarios), 考场 (each exam sitting: candidates, mean, calls passed, verdict) and
全部通话 (every call; Enter opens it). Reads in a worker thread: a big store never freezes the UI.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from grading.model import CATEGORY_NAMES
from simulator.tui.screens import hot
from simulator.tui.text import fill_table
from simulator.tui.widgets.titlebar import TitleBar


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)


def _result(c: Any) -> str:
    verdict = "—" if c.passed is None else "通过" if c.passed else "不通过"
    return ("中断·" if c.interrupted else "") + verdict


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16]


class TrainerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "打开通话"),
        Binding("f5", "reload", "刷新"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, store_url: str | None = None) -> None:
        super().__init__()
        self.store_url = store_url
        self.data: Any = None  # simulator.exams.cohort.Cohort
        self.sittings: list[Any] = []  # simulator.exams.results.SittingResults
        self.pairs: list[tuple[str, list[int | None]]] = []  # overview row -> last call per scenario column
        self.call_rows: list[int] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("培训师视图")
        yield Static("正在读取通话记录……", id="trainer-status")
        with TabbedContent(id="trainer-tabs"):
            with TabPane("成绩总览", id="tab-overview"):
                yield Static("每格：最好成绩 / 最近一次（通话次数）；回车打开最近一次通话",
                             classes="trainer-note")
                yield DataTable(id="trainer-overview", cursor_type="cell", zebra_stripes=True)
            with TabPane("薄弱环节", id="tab-weakness"):
                yield DataTable(id="trainer-weakness", cursor_type="row", zebra_stripes=True)
            with TabPane("进步", id="tab-progress"):
                yield Static("每位学员各场景第一次、最好一次和最近一次得分的平均", classes="trainer-note")
                yield DataTable(id="trainer-progress", cursor_type="row", zebra_stripes=True)
            with TabPane("考场", id="tab-sittings"):
                yield DataTable(id="trainer-sittings", cursor_type="row", zebra_stripes=True)
            with TabPane("全部通话", id="tab-calls"):
                yield DataTable(id="trainer-calls", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#trainer-status", Static).update("正在读取通话记录……")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from simulator.errors import HotlineError
        from simulator.exams.cohort import cohort
        from simulator.exams.results import sitting_results
        from simulator.exams.tables import ExamTables
        from simulator.records import open_store

        url = self.store_url or hot(self.app).services.store_url  # its own connection: a worker's
        try:
            with open_store(url) as store:
                data = cohort(store)
                names = [n for n, _ in ExamTables(store.db).sitting_names()]
                sittings = []
                for name in names:
                    try:
                        sittings.append(sitting_results(store, name))
                    except HotlineError:
                        continue
                where = store.where
        except HotlineError as exc:
            self.app.call_from_thread(self.failed, exc.message)
            return
        self.app.call_from_thread(self.fill, data, sittings, where)

    def failed(self, message: str) -> None:
        self.query_one("#trainer-status", Static).update(f"无法读取通话记录：{message}")

    def fill(self, data: Any, sittings: list[Any], where: str) -> None:
        self.data, self.sittings = data, sittings
        people = len(data.trainees)
        self.query_one("#trainer-status", Static).update(
            f"{people} 位学员，{len(data.calls)} 通电话，{len(sittings)} 个考场（{where}）" if data.calls
            else "还没有通话记录。")
        self._overview(data)
        fill_table(self.query_one("#trainer-weakness", DataTable),
                   ("类别", "问题数", "失分合计", "涉及通话", "涉及学员", "失分最多的学员"),
                   [((CATEGORY_NAMES.get(w.category, w.category), str(w.findings), str(w.points),
                      str(w.calls), str(w.trainees), w.worst), w.category) for w in data.weakness])
        fill_table(self.query_one("#trainer-progress", DataTable),
                   ("学员", "通话数", "第一次", "最好", "最近", "提高", "重练过的场景"),
                   [((p.trainee, str(p.calls), f"{p.first:.0f}", f"{p.best:.0f}", f"{p.last:.0f}",
                      f"{p.gain:+.0f}", str(p.retried)), p.trainee) for p in data.progress])
        rows = []
        for res in sittings:
            for c in res.candidates:
                state = "已结束" if res.closed else "进行中"
                rows.append(((res.sitting.name, res.sitting.exam.title, state, c.name, f"{c.mean:.1f}",
                              f"{c.passes}/{len(c.slots)}", "通过" if c.passed else "不通过"),
                             f"{res.sitting.name}/{c.name}"))
        fill_table(self.query_one("#trainer-sittings", DataTable),
                   ("考场", "考试", "状态", "考生", "平均分", "及格通数", "结果"), rows)
        self.call_rows = [c.id for c in data.calls]
        fill_table(self.query_one("#trainer-calls", DataTable),
                   ("时间", "学员", "场景", "模式", "得分", "结果"),
                   [((_when(c.when), c.trainee, c.title, "考核" if c.mode == "exam" else "练习",
                      _score(c.score), _result(c)), str(i)) for i, c in enumerate(data.calls)])

    def _overview(self, data: Any) -> None:
        labels = ("学员", *(title for _, title in data.scenarios))
        rows = []
        self.pairs = []
        for t in data.trainees:
            cells = [t]
            lasts: list[int | None] = []
            for sid, _ in data.scenarios:
                cell = data.cells.get((t, sid))
                cells.append("" if cell is None else f"{_score(cell.best)}/{_score(cell.last)}"
                                                     f"（{cell.calls}）")
                lasts.append(None if cell is None else cell.last_call)
            rows.append((tuple(cells), t))
            self.pairs.append((t, lasts))
        fill_table(self.query_one("#trainer-overview", DataTable), labels, rows)

    def action_open(self) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == "tab-calls":
            row = self.query_one("#trainer-calls", DataTable).cursor_row
            if 0 <= row < len(self.call_rows):
                self.open_call(self.call_rows[row])
        elif tabs.active == "tab-overview":
            table = self.query_one("#trainer-overview", DataTable)
            row, col = table.cursor_coordinate
            if 0 <= row < len(self.pairs) and 1 <= col <= len(self.pairs[row][1]):
                call = self.pairs[row][1][col - 1]
                if call is not None:
                    self.open_call(call)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "trainer-calls":
            self.action_open()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        if event.data_table.id == "trainer-overview":
            self.action_open()

    def open_call(self, call_id: int) -> None:
        from simulator.tui.screens.trainer_call import TrainerCallScreen

        self.app.push_screen(TrainerCallScreen(call_id, self.store_url or hot(self.app).services.store_url))

    def action_back(self) -> None:
        self.app.pop_screen()
