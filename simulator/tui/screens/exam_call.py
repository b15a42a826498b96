"""A call taken as an attempt of an exam sitting: the call screen, started through the sitting.

Before the phone rings, the attempt is counted and the call opened in the records store in one
transaction (:func:`simulator.exams.station.start_attempt`) with the caller seed the sitting drew
for this attempt; when no attempt is left, or the sitting was closed, the call does not start and
the screen says why. The call runs in exam mode (no hints); at the end the report is shown without
"again" — or, when the exam keeps reports back, only that the call was saved.
"""

from __future__ import annotations

from typing import Any

from textual import events

from simulator.scenario.model import Scenario
from simulator.tui.screens import hot
from simulator.tui.screens.call import CallScreen


class ExamCallScreen(CallScreen):
    def __init__(self, scenario: Scenario, ticket: Any, start_code: str | None = None) -> None:
        super().__init__(scenario)
        self.ticket = ticket  # simulator.exams.station.Ticket
        self.start_code = start_code  # the invigilator's, when the sitting uses start codes
        self.started: Any = None

    def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        """Start the attempt; then Textual runs the call screen's own ``on_mount`` (the MRO's next
        handler) with the drawn seed — or, when no attempt could start, does not."""
        from simulator.errors import HotlineError
        from simulator.exams.station import load_sitting, start_attempt
        from simulator.exams.tables import ExamTables

        app = hot(self.app)
        try:
            store = app.services.store
            tables = ExamTables(store.db)
            sitting, _ = load_sitting(tables, self.ticket.sitting)
            self.started = start_attempt(store, tables, sitting, app.settings.trainee.strip(),
                                         self.ticket.slot.index, title=self.scenario.title,
                                         start_code=self.start_code)
        except HotlineError as exc:
            event.prevent_default()  # no call: the call screen's own on_mount must not run
            self.finished = True
            self.notify(f"{exc.message}\n本次作答没有开始。", severity="error", timeout=20)
            self.app.call_later(self.app.pop_screen)
            return
        self.seed_value = self.started.seed

    def on_unmount(self) -> None:
        hot(self.app).call_mode = None  # exam mode was for this call only

    def open_journal(self, seed: int) -> bool:
        """The attempt's call was opened by :func:`start_attempt`: take its journal."""
        app = hot(self.app)
        self.journal = self.started.journal
        try:
            self.folder = app.services.audio_folder(self.journal.uid)
        except OSError as exc:
            self.journal.finish({"format": "hotline-call/1", "scenario": self.scenario.id, "seed": seed,
                                 "events": []}, interrupted=True)
            self.finished = True
            self.notify(f"无法创建录音文件夹：{exc}\n本次作答记为中断。", severity="error", timeout=30)
            self.app.call_later(self.app.pop_screen)
            return False
        self.journal_audio()
        return True

    def show_report(self, record: dict[str, Any], report: Any, entry: Any) -> None:
        from simulator.tui.screens.exam_report import ExamReportScreen

        self.app.switch_screen(ExamReportScreen(self.scenario, record, report, entry, self.folder,
                                                shown=self.ticket.show_report))
