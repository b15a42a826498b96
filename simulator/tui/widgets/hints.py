"""The hints panel (practice mode): standard phrases for the current situation, from the standards."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from simulator.tui.hints import Hint


class HintsPanel(Static):
    def show(self, hints: list[Hint], hotline: str) -> None:
        out = Text()
        out.append("提示（规范用语）", style="bold")
        out.append(f"　本线：{hotline}\n", style="dim")
        for h in hints:
            out.append(f"【{h.name}】\n", style="bold yellow")
            for phrase in h.phrases:
                out.append(f"・{phrase}\n")
        self.update(out)
