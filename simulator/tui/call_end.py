"""The store's side of the call screen: the journal from the first ring, grading and saving at
the end, showing the report — or keeping the call when the app quits or is signalled.

:class:`CallEnd` is a mixin of :class:`~simulator.tui.screens.call.CallScreen`. :meth:`open_journal`
opens the call in the records store before the phone rings (a store that cannot be written — full
disk, read-only folder — is said on screen and the call does not start: a call that could not be
kept must not be taken). When the call is over (:meth:`~CallEnd.finish`) the record is graded in a
thread worker and closed in the store with its audio, and the report replaces the call screen.
:meth:`~CallEnd.shutdown` (quit mid-call, SIGTERM, SIGHUP) stops the voice and the ear, hangs up and
closes the call as interrupted, at once.
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
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.screen import Screen

    from simulator.records import Journal

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
    journal: Journal
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

    def open_journal(self, seed: int) -> bool:
        """Open the call in the store; False (and the reason on screen) when it cannot be kept."""
        from simulator.records import StoreError

        app = hot(self.app)
        try:
            self.journal = app.services.store.begin(
                scenario=self.scenario.id, title=self.scenario.title, trainee=app.settings.trainee,
                mode=app.call_settings().mode, seed=seed)
            self.folder = app.services.audio_folder(self.journal.uid)
        except (StoreError, OSError) as exc:
            if isinstance(exc, StoreError):
                message = exc.render()
            else:
                from simulator.fsio import describe_os_error

                message = "：".join(describe_os_error(exc, action="创建录音文件夹"))
            self.finished = True
            self.notify(f"{message}\n本次通话无法保存，所以没有开始。", severity="error", timeout=30)
            self.app.call_later(self.app.pop_screen)
            return False
        self.journal.watch("operator", self.folder / "operator.wav")
        self.journal.watch("caller", self.folder / "caller.wav")
        self._store_warned = False
        return True

    def warn_store(self) -> None:
        """Say once (and again after it recovers and fails anew) that the store cannot be written."""
        error = self.journal.error
        if error is not None and not self._store_warned:
            self.notify(f"{error.render()}\n通话继续进行，空间恢复后会补写。", severity="error", timeout=20)
        self._store_warned = error is not None

    def _close(self, record: dict[str, Any], *, interrupted: bool) -> tuple[Any, Any]:
        """Close the call in the store: ``(the stored call or None, the report)``."""
        from simulator.records import StoreError
        from simulator.records.reports import grade_record

        report, _ = grade_record({**record, "interrupted": True} if interrupted else record)
        try:
            row, _ = self.journal.finish(record, report, interrupted=interrupted)
        except StoreError as exc:  # the journal keeps what it had: recover closes it next start
            self.app.call_from_thread(self.notify, f"{exc.render()}\n通话已评分，但没能保存完整；"
                                      "下次打开程序时会按已记下的内容恢复。", severity="error", timeout=30)
            return None, report
        return row, report

    @work(thread=True, exclusive=True)
    def grade_and_save(self) -> None:
        self._release_audio()
        record = self._final_record(ANNOTATE_TIMEOUT)
        interrupted = bool(record.get("interrupted"))
        row, report = self._close(record, interrupted=interrupted)
        self.app.call_from_thread(self.show_report, record, report, row)

    def show_report(self, record: dict[str, Any], report: Any, entry: Any) -> None:
        from simulator.tui.screens.report import ReportScreen

        self.app.switch_screen(ReportScreen(self.scenario, record, report, entry, self.folder))

    def shutdown(self) -> None:
        """Quit mid-call: silence, hang up and close the call as interrupted — within a second or
        two (grading included); the audio written so far is in the store."""
        if self.session is None or self.finished:
            return
        self.finished = True
        self.timer.stop()
        self.session.abort()
        closer = threading.Thread(target=self._release_audio, name="call-shutdown", daemon=True)
        closer.start()
        closer.join(QUIT_AUDIO_WAIT)
        from simulator.records import StoreError

        with contextlib.suppress(StoreError):
            self.journal.finish(self._final_record(0.0), interrupted=True)
