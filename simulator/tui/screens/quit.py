"""Dialog: Ctrl+Q during a call asks first — the call is hung up and kept as interrupted, and in
an exam it counts (an interrupted exam call is a used attempt that does not pass)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

PRACTICE = "通话正在进行。现在退出会挂断电话，本次通话保存为“中断”并评分。"
EXAM = "考核通话正在进行。现在退出会挂断电话，这通电话照常计入考核成绩（中断的考核通话不能通过），不能重来。"


class QuitScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "退出"),
        Binding("n", "no", "继续通话"),
        Binding("escape", "no", "继续通话"),
    ]

    def __init__(self, exam: bool) -> None:
        super().__init__()
        self.exam = exam

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("确定退出吗？", classes="dialog-title")
            yield Static(EXAM if self.exam else PRACTICE, id="quit-text")
            yield Static("Y 退出　N 或 Esc 继续通话", classes="dim")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
