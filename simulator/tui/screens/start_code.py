"""Dialog: the invigilator types the start code of the attempt about to start (考场作答).

Shown before the phone rings when the sitting was opened with start codes
(:mod:`simulator.exams.startcodes`): the code is typed by the invigilator, masked, and checked for
typos (its check digit) here; the attempt row then records it. Esc cancels — no attempt is used.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class StartCodeScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消")]

    def __init__(self, candidate: str, slot: int, attempt: int) -> None:
        super().__init__()
        self.what = f"考生 {candidate}　第 {slot} 通　第 {attempt} 次作答"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("请监考员输入开考码", classes="dialog-title")
            yield Static(self.what, id="start-code-what")
            yield Static("在开考码表上找到这一行，输入后打勾并记下时间。", classes="dim")
            yield Input(placeholder="例如 1234-5678", password=True, id="start-code")
            yield Static("回车开始作答（电话随即响铃），Esc 取消（不占用作答次数）", id="start-code-hint",
                         classes="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from simulator.exams.errors import SittingError
        from simulator.exams.startcodes import normalise

        try:
            code = normalise(event.value)
        except SittingError as exc:
            self.query_one("#start-code-hint", Static).update(f"{exc.message}。{exc.hint or ''}")
            event.input.value = ""
            return
        self.dismiss(code)

    def action_cancel(self) -> None:
        self.dismiss(None)
