"""The end of an exam attempt: the report without "again", or — when the exam keeps results back
until the trainer closes the sitting — only that the call was saved and counts."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from simulator.tui.screens.report import ReportScreen
from simulator.tui.widgets.titlebar import TitleBar

HELD_BACK = ("本通考题已作答并保存，计为一次作答。\n"
             "本考试不在考场上公布成绩：考官结束考场并校验后公布。按 Esc 返回考场。")


class ExamReportScreen(ReportScreen):
    def __init__(self, *args: Any, shown: bool = True, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.shown = shown

    def compose(self) -> ComposeResult:
        if self.shown:
            yield from super().compose()
            return
        yield TitleBar("考核作答")
        yield Static(HELD_BACK, id="report-summary")
        yield Footer()

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        if not self.shown:
            event.prevent_default()  # no report widgets: the report screen's own on_mount must not run

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return False  # an exam has no retry: another attempt is taken from the sitting's list
        if action == "play" and not self.shown:
            return False
        return super().check_action(action, parameters)
