"""The live transcript: lines as they happen, and the words of the turn being spoken (partial)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import RichLog, Static

from simulator.call.session import Turn
from simulator.call.wording import MOOD_NAMES
from simulator.tui.text import chinese, row


def turn_text(turn: Turn) -> Text:
    """What was said (or happened), without the time."""
    out = Text()
    if turn.who == "caller":
        mood = MOOD_NAMES.get(turn.mood or "", "")
        out.append(f"来电者（{mood}）：" if mood else "来电者：", style="bold cyan")
        out.append(turn.text)
    elif turn.who == "operator":
        out.append("我：", style="bold green")
        out.append(turn.text)
    else:
        out.append(turn.text, style="dim italic")
    return out


def turn_row(turn: Turn) -> Table:
    """Time in its own column, the words wrapping beside it (by Chinese line-breaking rules)."""
    return row(Text(f"{turn.t:5.1f}", justify="right"), chinese(turn_text(turn)), 5)


class Transcript(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Turn] = []

    def compose(self) -> ComposeResult:
        yield RichLog(wrap=True, markup=False, auto_scroll=True, min_width=10, id="transcript-log")
        yield Static("", id="transcript-partial")

    def add(self, turn: Turn) -> None:
        self.lines.append(turn)
        self.query_one(RichLog).write(turn_row(turn), expand=True)

    def partial(self, text: str) -> None:
        self.query_one("#transcript-partial", Static).update(f"（正在听：{text}）" if text else "")
