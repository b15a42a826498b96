"""The end of a call on the call screen: grade, save with the audio, show the report — or quit.

:class:`CallEnd` is a mixin of :class:`~simulator.tui.screens.call.CallScreen`. When the call is
over (:meth:`~CallEnd.finish`) the record is graded in a thread worker, written to the history with
its audio, and the report replaces the call screen. :meth:`~CallEnd.shutdown` (quit mid-call) stops
the voice and the ear, hangs up and keeps the record, at once.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.timer import Timer
from textual.widgets import Input

from simulator.call.ports import CallerVoice, OperatorEar
from simulator.call.session import CallSession
from simulator.scenario.model import Scenario
from simulator.tui.screens import hot
from simulator.tui.store.calls import RECORD, REPORT
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

ANNOTATE_TIMEOUT = 1.0  # seconds to wait, in all, for second-pass transcripts after a call (they
# run during the call, turn by turn; the report comes within two seconds of the end either way)
QUIT_AUDIO_WAIT = 0.6  # seconds the ear and the voice get to shut down when quitting mid-call


class CallEnd(_Base):
    """Mixin of the call screen: finishing the call, at its end or when the app quits."""

    scenario: Scenario
    session: CallSession | None
    finished: bool
    folder: Path
    voice: CallerVoice
    ear: OperatorEar
    timer: Timer

    def _release_audio(self) -> None:
        """Stop the ear and close the voice (blocking: a worker thread, or bounded at quit)."""
        self.ear.stop()
        self.voice.close()

    def _final_record(self, timeout: float) -> dict[str, Any]:
        assert self.session is not None
        record = self.session.record()
        try:
            return self.ear.annotate(record, timeout)
        except Exception:  # second-pass transcripts not ready in time: keep the call's own
            return record

    def call_broke(self, exc: BaseException) -> None:
        """A fault inside the call (:mod:`simulator.tui.call_guard`): stop it, keep the record."""
        from simulator.tui.call_guard import fault_message, log_fault

        log_fault(exc)
        if self.finished:
            return
        if self.session is not None:
            with contextlib.suppress(Exception):  # the engine that failed may fail to hang up too
                self.session.abort()
        self.notify(fault_message(exc), severity="error", timeout=20)
        self.finish()

    def finish(self) -> None:
        self.finished = True
        self.timer.stop()
        self.voice.stop()
        self.query_one("#call-reply", Input).disabled = True
        self.refresh_bindings()
        self.query_one(Transcript).partial("通话结束，正在评分……")
        self.grade_and_save()

    @work(thread=True, exclusive=True)
    def grade_and_save(self) -> None:
        from simulator.tui.store.calls import finish_call

        self._release_audio()
        app = hot(self.app)
        record = self._final_record(ANNOTATE_TIMEOUT)
        entry, report = finish_call(app.services.history, self.folder, record, title=self.scenario.title,
                                    trainee=app.settings.trainee, mode=app.call_settings().mode)
        self.app.call_from_thread(self.show_report, record, report, entry)

    def show_report(self, record: dict[str, Any], report: Any, entry: Any) -> None:
        from simulator.tui.screens.report import ReportScreen

        self.app.switch_screen(ReportScreen(self.scenario, record, report, entry, self.folder))

    def shutdown(self) -> None:
        """Quit mid-call: silence, hang up and keep the record — all within a second."""
        if self.session is None or self.finished:
            return
        from simulator.tui.store.calls import finish_call

        self.finished = True
        self.timer.stop()
        self.session.abort()
        closer = threading.Thread(target=self._release_audio, name="call-shutdown", daemon=True)
        closer.start()
        closer.join(QUIT_AUDIO_WAIT)
        app = hot(self.app)
        only = None if not closer.is_alive() else [RECORD, REPORT]  # audio still being finished
        finish_call(app.services.history, self.folder, self._final_record(0.0), title=self.scenario.title,
                    trainee=app.settings.trainee, mode=app.call_settings().mode, files=only)
