"""Chinese text for the terminal: folded YAML text made flat, and rows that wrap with a hanging indent."""

from __future__ import annotations

import re

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def flat(text: str) -> str:
    """Whitespace next to Chinese characters dropped (YAML folding leaves ``， 这``); runs → one space."""
    return " ".join(_CJK_SPACE.sub("", text).split())


def row(label: str | Text, body: RenderableType, width: int, *, label_style: str = "dim") -> Table:
    """``label`` in a column of its own, ``body`` wrapping beside it (long Chinese lines fold neatly)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=width, style=label_style, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(label, body)
    return grid
