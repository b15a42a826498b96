"""Scenarios (for trainers): each file's lint status and diagnostics, its graph drawn as text, and
its golden playthroughs run on demand (``G``). Lint and playthroughs run in thread workers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from simulator.scenario.diagnostics import Diagnostic, render_diagnostic
from simulator.scenario.model import Scenario
from simulator.tui.graph_text import graph_lines
from simulator.tui.screens import hot
from simulator.tui.text import Row, fill_table
from simulator.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from simulator.play.golden import GoldenResult

COLUMNS = ("场景文件", "检查", "演练", "标题")


def status_text(diags: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    if errors:
        return f"✗ {errors} 错误" + (f" {warnings} 警告" if warnings else "")
    return f"⚠ {warnings} 警告" if warnings else "✓ 通过"


def shown_name(path: Path) -> str:
    """The file relative to its library folder (as trainers know it)."""
    from simulator.scenario.library import roots

    for root in roots():
        try:
            return str(path.resolve().relative_to(root.path.resolve()))
        except ValueError:
            continue
    return path.name


def golden_text(sc: Scenario, results: list[GoldenResult]) -> Text:
    """One line a playthrough (✓ / ✗, its name, where the call ended); what went wrong under a ✗."""
    ok = sum(r.ok for r in results)
    out = Text(f"{sc.id}：{ok}/{len(results)} 条标准演练通过\n", style="bold green" if ok == len(results)
               else "bold red")
    for r in results:  # the same one-line verdicts as hotline scenarios test
        mark, rest = r.line(scenario=False).split(" ", 1)
        out.append(f"\n{mark} ", style="green" if r.ok else "bold red")
        out.append(rest)
        if not r.ok:
            out.append("\n" + "\n".join(f"    {line}" for line in r.report().splitlines()[1:]), style="red")
    return out


class ScenariosScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "golden", "运行标准演练"),
        Binding("l", "lint", "重新检查"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.files: list[Path] = []
        self.diags: dict[str, list[Diagnostic]] = {}
        self.by_file: dict[str, Scenario] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar("场景管理")
        with Vertical(id="scn"):
            yield DataTable(id="scn-table", cursor_type="row", zebra_stripes=True)
            with TabbedContent(id="scn-tabs"):
                with TabPane("诊断", id="tab-diag"), VerticalScroll():
                    yield Static("正在检查场景文件……", id="scn-diag")
                with TabPane("场景图", id="tab-graph"), VerticalScroll():
                    yield Static("", id="scn-graph")
                with TabPane("标准演练", id="tab-golden"), VerticalScroll():
                    yield Static("按 G 运行所选场景的标准演练。", id="scn-golden")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_lint()

    def action_lint(self) -> None:
        self.query_one("#scn-diag", Static).update("正在检查场景文件……")
        self.run_lint()

    @work(thread=True, exclusive=True, group="lint")
    def run_lint(self) -> None:
        from simulator.scenario.lint import lint_library

        result = lint_library()
        library = hot(self.app).library()
        self.app.call_from_thread(self.fill, result.files, result.diagnostics, library)

    def fill(self, files: list[Path], diags: list[Diagnostic], library: list[Scenario]) -> None:
        self.files = files
        self.diags = {str(f): [] for f in files}
        for d in diags:
            self.diags.setdefault(d.pos.file, []).append(d)
        self.by_file = {sc.source: sc for sc in library}
        table = self.query_one(DataTable)
        rows: list[Row] = []
        for f in files:
            sc = self.by_file.get(str(f))
            rows.append(((f.stem, status_text(self.diags[str(f)]), str(len(sc.playthroughs)) if sc else "—",
                          sc.title if sc else "（无法加载）"), str(f)))
        fill_table(table, COLUMNS, rows)
        self.show(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(event.cursor_row)

    def selected(self) -> tuple[Path, Scenario | None] | None:
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.files):
            return None
        f = self.files[row]
        return f, self.by_file.get(str(f))

    def show(self, row: int) -> None:
        if not 0 <= row < len(self.files):
            return
        f = self.files[row]
        name = shown_name(f)
        diags = [replace(d, pos=replace(d.pos, file=name)) for d in self.diags.get(str(f), [])]
        text = "\n\n".join(render_diagnostic(d) for d in diags) or f"{f.name}：没有发现问题。"
        self.query_one("#scn-diag", Static).update(Text(text))
        sc = self.by_file.get(str(f))
        graph = "\n".join(graph_lines(sc)) if sc else "场景无法加载，先修正诊断里的错误。"
        self.query_one("#scn-graph", Static).update(Text(graph))
        self.query_one("#scn-golden", Static).update("按 G 运行所选场景的标准演练。")

    def action_golden(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen[1] is None:
            self.notify("场景无法加载，不能运行标准演练。", severity="warning")
            return
        self.query_one(TabbedContent).active = "tab-golden"
        self.query_one("#scn-golden", Static).update("正在运行标准演练……")
        self.run_golden(chosen[1])

    @work(thread=True, exclusive=True, group="golden")
    def run_golden(self, sc: Scenario) -> None:
        from simulator.play.golden import check_playthrough

        if not sc.playthroughs:
            text = Text("这个场景没有标准演练（playthroughs）。")
        else:
            text = golden_text(sc, [check_playthrough(sc, pt) for pt in sc.playthroughs])
        self.app.call_from_thread(self.query_one("#scn-golden", Static).update, text)

    def action_back(self) -> None:
        self.app.pop_screen()
