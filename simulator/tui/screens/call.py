"""The call: ring, answer, talk (voice or typed), hold, transfer, hang up — then the grade.

Left: status line (ring count / call timer / hold), the live transcript with the partial words of
the turn being spoken, the typed reply box. Right: the caller card with the mood indicator, the
microphone level meter, the hints panel (practice mode only; exam mode never builds it).

Keys: F2 接听 · F3 保持/取消保持 · F4 转接 · F8 挂机 · F1 提示 · Enter 发送打字回答 (a key is shown
only while it applies; the command palette offers the same).
The call is journaled into the records store from the first ring (:mod:`simulator.records`):
the session hands the record so far to the journal after every step (``CallSession(journal=…)``),
and the journal takes the WAVs the ear and the voice are writing, so a killed app loses at most a
fraction of a second of the call.
A 20 Hz timer drives :class:`~simulator.call.session.CallSession`; the ear and the voice report
from their own threads as typed frames (:mod:`simulator.call.frames`) posted as
:class:`FrameMessage` (``post_message`` is thread-safe), so the UI never waits for audio or
recognition; the screen shows its part and feeds the frame to the session.

The store's side: :meth:`CallScreen.open_journal` opens the call in the records store before the
phone rings (a store that cannot be written — full disk, read-only folder — is said on screen and
the call does not start: a call that could not be kept must not be taken). When the call is over
(:meth:`CallScreen.finish`) the record is graded in a thread worker and closed in the store with
its audio, and the report replaces the call screen. :meth:`CallScreen.shutdown` (quit mid-call,
SIGTERM, SIGHUP) stops the voice and the ear, hangs up and closes the call as interrupted, at once.
One class: the widgets (:mod:`simulator.tui.widgets`) are small, the call itself is
:mod:`simulator.call`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from simulator.call import frames as fr
from simulator.call.clock import CallClock
from simulator.call.ports import LineToSay, NoEar
from simulator.call.session import CallSession, scenario_lines
from simulator.scenario.model import Scenario
from simulator.tui.app import quiet_gc, warm_matcher
from simulator.tui.call_guard import guarded
from simulator.tui.screens import hot
from simulator.tui.widgets.caller_card import CallerCard
from simulator.tui.widgets.hints import HintsPanel
from simulator.tui.widgets.meter import LevelMeter
from simulator.tui.widgets.status import CallStatus
from simulator.tui.widgets.titlebar import TitleBar
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    pass

ECHO_NOTICE = "麦克风听到了来电者自己的声音（已忽略，不算您的回答）。请戴耳机，或把扬声器音量调低。"


def lines_to_prepare(scenario: Scenario) -> list[LineToSay]:
    """What the voice renders ahead: the voices' own render plan, else every line as written."""
    try:
        from simulator.tui.voice_port import planned_lines

        return planned_lines(scenario)
    except ImportError:
        return scenario_lines(scenario)


class FrameMessage(Message):
    """A typed frame (:mod:`simulator.call.frames`) from the ear's or the voice's thread."""

    def __init__(self, frame: fr.Frame) -> None:
        super().__init__()
        self.frame = frame


def frame_sink(screen: MessagePump) -> fr.FrameSink:
    """The ear's sink and the voice's ``on_played`` for ``screen``: every report a message."""
    return fr.FrameSink(lambda frame: screen.post_message(FrameMessage(frame)))


ANNOTATE_TIMEOUT = 1.0  # seconds to wait, in all, for second-pass transcripts after a call (they
# run during the call, turn by turn; the report comes within two seconds of the end either way)
QUIT_AUDIO_WAIT = 0.6  # seconds the ear and the voice get to shut down when quitting mid-call

HINTS_WAITING = "提示（规范用语）\n接听后，这里显示当前情形该说的规范用语。"


class CallScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "answer", "接听", priority=True),
        Binding("f3", "hold", "保持", priority=True),
        Binding("f4", "transfer", "转接", priority=True),
        Binding("f8", "hang_up", "挂机", priority=True),
        Binding("f1", "hints", "提示", priority=True),
    ]

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed_value = seed
        self.session: CallSession | None = None
        self.finished = False
        self.echo_told = False
        self._node: tuple[Any, ...] = ()
        self._keys: tuple[bool, ...] = ()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        exam = hot(self.app).call_settings().exam
        yield TitleBar("通话")
        with Horizontal(id="call"):
            with Vertical(id="call-main"):
                yield CallStatus(id="call-status")
                yield Transcript(id="call-transcript")
                yield Input(placeholder="接听后在这里打字回答，回车发送", id="call-reply", disabled=True)
            with Vertical(id="call-side"):
                yield CallerCard(self.scenario, id="call-caller")
                yield LevelMeter(id="call-meter")
                yield Static(id="call-audio")
                if not exam:
                    yield HintsPanel(HINTS_WAITING, id="call-hints")
        yield Footer()

    def on_mount(self) -> None:
        quiet_gc()  # no long garbage-collector pause while the call runs
        app = hot(self.app)
        services, settings = app.services, app.settings
        seed = self.seed_value if self.seed_value is not None else services.seed()
        if not self.open_journal(seed):
            return
        clock = CallClock(services.source)
        self.voice = services.voice(settings, self.scenario, self.folder, clock)
        self.ear = services.ear(settings, self.scenario, self.folder, clock)
        self.frames = frame_sink(self)
        if hasattr(self.voice, "on_audio") and hasattr(self.ear, "caller_audio"):
            self.voice.on_audio = self.ear.caller_audio  # echoes (no headset) told by their sound
        self.session = CallSession(self.scenario, seed, clock=clock, voice=self.voice, ear=self.ear,
                                   on_played=self.frames.played, journal=self.journal)
        self.voice.prepare(lines_to_prepare(self.scenario))
        self.show_audio()
        self.query_one(LevelMeter).source = "" if isinstance(self.ear, NoEar) else self.ear.name
        self.run_worker(lambda: warm_matcher(self.scenario), thread=True, group="warm", exit_on_error=False)
        self.session.ring()
        self.ear.start(self.frames, clock.peek())
        self.timer = self.set_interval(services.tick, self.tick)
        self.refresh_view()

    def show_audio(self) -> None:
        """Where the caller's voice comes from and how the trainee answers — and why not by voice."""
        lines: list[Text] = []
        for label, part in (("声音", self.voice), ("回答", self.ear)):
            lines.append(Text(f"{label}：{part.name}"))
            if part.reason:
                lines.append(Text(f"（{part.reason}）", style="dim"))
        text = Text("\n").join(lines)
        self._audio = (self.voice.name, self.voice.reason, self.ear.name, self.ear.reason)
        self.query_one("#call-audio", Static).update(text)

    @property
    def in_call(self) -> bool:
        return self.session is not None and not self.finished

    # ------------------------------------------------------------------ the clock

    @guarded
    def tick(self) -> None:
        if self.session is None or self.finished:
            return
        self.session.tick()  # the session hands every step to the journal (CallSession(journal=…))
        self.refresh_view()
        self.warn_store()

    def refresh_view(self) -> None:
        s = self.session
        if s is None:
            return
        transcript = self.query_one(Transcript)
        new = s.drain()
        for turn in new:
            transcript.add(turn)
        if new:
            quiet_gc()  # keep the collector's full passes short while the call runs
        self.query_one(CallerCard).mood = s.mood
        if (self.voice.name, self.voice.reason, self.ear.name, self.ear.reason) != self._audio:
            self.show_audio()
        self.query_one(CallStatus).show(s)
        reply = self.query_one("#call-reply", Input)
        if reply.disabled == s.live:
            reply.disabled = not s.live
            if s.live:
                reply.placeholder = "打字回答，回车发送（有麦克风时直接说话）"
                reply.focus()
        key = (s.state.node, s.state.held, any(t.who == "operator" for t in s.turns), s.live)
        if key != self._node:
            self._node = key
            self.update_hints()
        keys = (s.ringing, s.live, s.state.held)  # what check_action depends on
        if keys != self._keys:  # the footer is rebuilt only when the keys shown change (costly)
            self._keys = keys
            self.refresh_bindings()
        if s.over and not self.finished:
            self.finish()

    def update_hints(self) -> None:
        s = self.session
        panels = self.query(HintsPanel)
        if s is None or not panels or not s.state.answered:
            return
        from simulator.tui.hints import hints

        spoke = any(t.who == "operator" for t in s.turns)
        found = hints(self.scenario, s.state.node, spoke=spoke, held=s.state.held)
        panels.first().show(found, self.scenario.hotline.name)

    # ------------------------------------------------------------------ the typed reply

    @on(Input.Changed, "#call-reply")
    @guarded
    def typing(self, event: Input.Changed) -> None:
        if self.session:
            self.session.compose(bool(event.value.strip()))

    @on(Input.Submitted, "#call-reply")
    @guarded
    def send(self, event: Input.Submitted) -> None:
        if self.session and event.value.strip():
            self.session.say_typed(event.value)
            event.input.value = ""
            self.refresh_view()

    # ------------------------------------------------------------------ the keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        if s is None or self.finished:
            return action == "hints" or None
        if action == "answer":
            return True if s.ringing else None
        if action in ("hold", "transfer"):
            return True if s.live else None
        if action == "hang_up":
            return True if (s.live or s.ringing) else None
        if action == "hints":
            return True if self.query(HintsPanel) else None
        return True

    @guarded
    def action_answer(self) -> None:
        if self.session:
            self.session.answer()
            self.refresh_view()

    @guarded
    def action_hold(self) -> None:
        s = self.session
        if s and s.live:
            s.unhold() if s.state.held else s.hold()
            self.refresh_view()

    def action_transfer(self) -> None:
        from simulator.tui.screens.transfer import TransferScreen

        s = self.session
        if s is None or not s.live:
            return

        @guarded
        def chosen(screen: CallScreen, target: str | None) -> None:
            if target and screen.session:
                screen.session.transfer(target)
                screen.refresh_view()

        self.app.push_screen(TransferScreen(self.scenario.hotline), lambda target: chosen(self, target))

    @guarded
    def action_hang_up(self) -> None:
        s = self.session
        if s is None:
            return
        if s.ringing:
            s.abort()
        else:
            s.hang_up()
        self.refresh_view()

    def action_hints(self) -> None:
        for panel in self.query(HintsPanel):
            panel.display = not panel.display

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand("接听（F2）", "电话响铃时接听", self.action_answer)
        yield SystemCommand("保持 / 取消保持（F3）", "查询时把来电保持，来电者听到等待音乐", self.action_hold)
        yield SystemCommand("转接（F4）", "从本热线的部门目录中选择转接目标", self.action_transfer)
        yield SystemCommand("挂机（F8）", "结束通话", self.action_hang_up)

    # ------------------------------------------------------------------ the audio threads

    @guarded
    def on_frame_message(self, msg: FrameMessage) -> None:
        s, frame = self.session, msg.frame
        if s is None or self.finished:
            return
        if isinstance(frame, fr.Level):
            self.query_one(LevelMeter).level = frame.value
        elif isinstance(frame, fr.Partial):
            self.query_one(Transcript).partial(frame.text)
        elif isinstance(frame, fr.EarFailed):
            self.query_one(LevelMeter).source = ""
            self.notify(f"{frame.message}　通话继续：请改用键盘输入回答。", severity="warning", timeout=8)
        elif isinstance(frame, fr.Echo) and not self.echo_told:
            self.echo_told = True
            self.notify(ECHO_NOTICE, severity="warning", timeout=10)
        if isinstance(frame, fr.Heard):
            self.query_one(Transcript).partial("")
        s.feed(frame)
        if isinstance(frame, fr.Heard | fr.Played):
            self.refresh_view()

    # ------------------------------------------------------------------ the end: store, grade, report

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
        self.journal_audio()
        return True

    def journal_audio(self) -> None:
        """The journal takes the WAVs the ear and the voice write into the call's folder as they grow."""
        self.journal.watch("operator", self.folder / "operator.wav")
        self.journal.watch("caller", self.folder / "caller.wav")
        self._store_warned = False

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
