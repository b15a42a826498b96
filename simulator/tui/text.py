"""Chinese text for the terminal: folded YAML text made flat, rows that wrap with a hanging indent,
and text that breaks lines by Chinese rules (no line starting with ，。？: :class:`ChineseText`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import RenderableType
from rich.containers import Lines
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable

_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def flat(text: str) -> str:
    """Whitespace next to Chinese characters dropped (YAML folding leaves ``， 这``); runs → one space."""
    return " ".join(_CJK_SPACE.sub("", text).split())


_COMMANDS = (  # what a brief written for ``hotline play`` calls a command, and its key in the app
    (re.compile(r"/transfer(\s*部门名称)?"), "F4 转接"),
    (re.compile(r"/unhold"), "F3 取消保持"),
    (re.compile(r"/hold"), "F3 保持"),
    (re.compile(r"/hang-?up"), "F8 挂机"),
)


def on_keys(text: str) -> str:
    """``text`` with the typed commands of ``hotline play`` (/hold, /transfer …) named by their keys."""
    for pattern, key in _COMMANDS:
        text = pattern.sub(key, text)
    return text


def row(label: str | Text, body: RenderableType, width: int, *, label_style: str = "dim") -> Table:
    """``label`` in a column of its own, ``body`` wrapping beside it (long Chinese lines fold neatly)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=width, style=label_style, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(label, body)
    return grid


Row = tuple[Sequence[str], str]  # the cells, the row key


def fill_table(table: DataTable[str], labels: Sequence[str], rows: Sequence[Row]) -> None:
    """Replace the table's rows, each column exactly as wide as its widest cell (wide characters
    count two). Sized here rather than when the table is next idle, so no frame ever shows
    half-sized columns."""
    table.clear(columns=True)
    for i, label in enumerate(labels):
        width = max([cell_len(label), *(cell_len(cells[i]) for cells, _ in rows)])
        table.add_column(label, width=width, key=label)
    for cells, key in rows:
        table.add_row(*cells, key=key)


# Chinese line-breaking (禁则): no line starts with closing punctuation, none ends with opening.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—～·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔“‘([{")


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` into lines of at most ``width`` cells: anywhere between Chinese
    characters, between Latin words, never before closing or after opening punctuation (the
    character before such a break moves to the next line with it)."""
    offsets: list[int] = []
    start, n = 0, len(text)
    while start < n and cell_len(text[start:]) > width:
        end, cells = start, 0
        while end < n and cells + cell_len(text[end]) <= width:
            cells += cell_len(text[end])
            end += 1
        if end <= start:  # one character wider than the line
            end = start + 1
        best = end
        while best > start + 1 and best < n and _latin(text[best - 1]) and _latin(text[best]):
            best -= 1  # keep a Latin word or a number whole
        end = best if best > start + 1 else end
        best = end
        while best > start + 1 and best < n and _bad_break(text, best):
            best -= 1
        end = best if best > start + 1 else end
        offsets.append(end)
        start = end
        while start < n and text[start] == " ":
            start += 1
    return offsets


def _bad_break(text: str, at: int) -> bool:
    return text[at] in NO_LINE_START or text[at - 1] in NO_LINE_END


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_./:@")


class ChineseText(Text):
    """Rich text that wraps by Chinese line-breaking rules (:func:`break_offsets`)."""

    def wrap(self, console: Any, width: int, *, justify: Any = None, overflow: Any = None,
             tab_size: int = 8, no_wrap: bool | None = None) -> Lines:
        if no_wrap or self.no_wrap or overflow == "ignore" or width <= 2:
            return super().wrap(console, width, justify=justify, overflow=overflow, tab_size=tab_size,
                                no_wrap=no_wrap)
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            for part in line.divide(break_offsets(line.plain, width)):
                part.rstrip_end(width)
                part.truncate(width, overflow=overflow or self.overflow or "fold")
                lines.append(part)
        return lines


def chinese(text: Text) -> ChineseText:
    """``text`` (spans and styles kept) as :class:`ChineseText`."""
    out = ChineseText(style=text.style, justify=text.justify, overflow=text.overflow, end=text.end)
    out.append_text(text)
    return out
