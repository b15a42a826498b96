"""Scenario picker: the library with title, difficulty, hotline, tags and a one-line brief;
search (``/``) and a difficulty filter (``D``); Enter shows the brief before the call starts.

Sorted by difficulty, then by the title in pinyin order (how Chinese readers look up a list), and
showing no internal id: a trainer's own scenario shows where it comes from instead."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from simulator.scenario.model import Scenario
from simulator.tui.screens import hot
from simulator.tui.text import fill_table, flat, on_keys
from simulator.tui.widgets.titlebar import TitleBar

BRIEF_CHARS = 24
COLUMNS = ("标题", "难度", "热线", "标签", "简介")


def stars(n: int) -> str:
    return "★" * n + "☆" * (5 - n)


def one_line(text: str, limit: int = BRIEF_CHARS) -> str:
    line = flat(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def cells(sc: Scenario) -> tuple[str, ...]:
    return sc.title, stars(sc.difficulty), sc.hotline.name, "、".join(sc.tags[:3]), one_line(sc.brief)


def order_key(sc: Scenario) -> tuple[int, list[str], str]:
    """Difficulty, then the title's pinyin (with tone numbers), then the title itself."""
    from pypinyin import Style, lazy_pinyin

    return sc.difficulty, lazy_pinyin(sc.title, style=Style.TONE3), sc.title


def origin_of(sc: Scenario) -> str:
    """'' for a built-in scenario, else where it comes from (用户场景库 / HOTLINE_SCENARIOS), and
    whether it overrides a built-in scenario."""
    from pathlib import Path

    from simulator.scenario.library import entries

    source = Path(sc.source).resolve()
    for e in entries():
        if e.path.resolve() == source:
            if e.root.kind == "builtin":
                return ""
            return e.root.label + ("，覆盖了同名的内置场景" if e.shadows else "")
    return ""


def matches(sc: Scenario, query: str, difficulty: int | None) -> bool:
    if difficulty is not None and sc.difficulty != difficulty:
        return False
    words = query.lower().split()
    hay = " ".join((sc.id, sc.title, sc.brief, sc.hotline.name, *sc.hotline.aliases, *sc.tags)).lower()
    return all(w in hay for w in words)


class PickerScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "搜索"),
        Binding("d", "difficulty", "难度筛选"),
        Binding("enter", "choose", "简介/开始", show=True),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.difficulty: int | None = None
        self.shown: list[Scenario] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("选择场景")
        with Horizontal(id="picker-bar"):
            yield Input(placeholder="搜索：标题、标签、热线……（/ 键）", id="picker-search")
            yield Static("难度：全部", id="picker-difficulty")
        yield DataTable(id="picker-table", cursor_type="row", zebra_stripes=True)
        yield Static("正在载入场景库……", id="picker-brief")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        library = hot(self.app).library()
        self.app.call_from_thread(self.fill, library)

    def fill(self, library: list[Scenario]) -> None:
        query = self.query_one("#picker-search", Input).value
        self.shown = sorted((sc for sc in library if matches(sc, query, self.difficulty)), key=order_key)
        fill_table(self.query_one(DataTable), COLUMNS, [(cells(sc), sc.id) for sc in self.shown])
        problems = hot(self.app).library_problems
        if not self.shown:
            text = "没有符合条件的场景。" if library else "场景库是空的。"
            self.query_one("#picker-brief", Static).update(Text("\n".join([text, *problems])))
        else:
            self.show_brief(0)

    def refill(self) -> None:
        self.fill(hot(self.app).library())

    def show_brief(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            sc = self.shown[row]
            line = escape(sc.hotline.name)
            origin = origin_of(sc)
            where = f"（{escape(origin)}）" if origin else ""
            head = f"[b]{escape(sc.title)}[/b]{where}　{line}　难度 {stars(sc.difficulty)}"
            self.query_one("#picker-brief", Static).update(f"{head}\n{escape(on_keys(flat(sc.brief)))}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_brief(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_brief(event.cursor_row)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#picker-search", Input).focus()

    def action_difficulty(self) -> None:
        self.difficulty = None if self.difficulty == 5 else (self.difficulty or 0) + 1
        label = "全部" if self.difficulty is None else stars(self.difficulty)
        self.query_one("#picker-difficulty", Static).update(f"难度：{label}")
        self.refill()

    def action_choose(self) -> None:
        self.open_brief(self.query_one(DataTable).cursor_row)

    def action_back(self) -> None:
        search = self.query_one("#picker-search", Input)
        if search.has_focus:
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    def open_brief(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            from simulator.tui.screens.brief import BriefScreen

            self.app.push_screen(BriefScreen(self.shown[row]))
