"""A live level meter of the trainee's microphone (or why there is none)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

CELLS = 20


class LevelMeter(Static):
    level: reactive[float] = reactive(0.0)
    source: reactive[str] = reactive("")  # "" = no microphone

    def render(self) -> Text:
        out = Text("麦克风 ")
        if not self.source:
            out.append("无（用键盘回答）", style="dim")
            return out
        n = round(max(0.0, min(1.0, self.level)) * CELLS)
        style = "green" if n < CELLS * 0.7 else ("yellow" if n < CELLS * 0.9 else "red")
        out.append("█" * n, style=style)
        out.append("░" * (CELLS - n), style="dim")
        return out
