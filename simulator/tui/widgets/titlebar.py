"""The one-line title at the top of every screen: the program, and where the trainee is.

A plain Static instead of textual's Header: nothing to watch or update, so a screen that is
replaced or closed at any moment never leaves a pending title update behind.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

TITLE = "热线话务员培训模拟器"


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar { dock: top; width: 100%; height: 1; background: $panel; color: $foreground;
               text-align: center; text-style: bold; }
    """

    def __init__(self, where: str = "", **kwargs: Any) -> None:
        super().__init__(f"{TITLE}　·　{where}" if where else TITLE, **kwargs)
