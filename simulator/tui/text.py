"""Chinese text for the terminal: folded YAML text made flat, and rows that wrap with a hanging indent."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import RenderableType
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
