"""The call: ring, answer, talk (voice or typed), hold, transfer, hang up — then the grade.

Left: status line (ring count / call timer / hold), the live transcript with the partial words of
the turn being spoken, the typed reply box. Right: the caller card with the mood indicator, the
microphone level meter, the hints panel (practice mode only; exam mode never builds it).

Keys: F2 接听 · F3 保持/取消保持 · F4 转接 · F8 挂机 · F1 提示 · Enter 发送打字回答 (a key is shown
only while it applies; the command palette offers the same).
The call is journaled into the records store from the first ring (:mod:`simulator.records`):
every tick hands the record so far to the journal, and the journal takes the WAVs the ear and the
voice are writing, so a killed app loses at most a fraction of a second of the call.
A 20 Hz timer drives :class:`~simulator.call.session.CallSession`; the ear and the voice report
from their own threads as typed frames (:mod:`simulator.call.frames`) posted as
:class:`FrameMessage` (``post_message`` is thread-safe), so the UI never waits for audio or
recognition; the screen shows its part and feeds the frame to the session. When the call is over the record
is graded in a thread worker, written to the history with its audio, and the report replaces this
screen; :meth:`shutdown` (quit mid-call) stops the voice and the ear, hangs up and keeps the
record, at once (:mod:`simulator.tui.call_end`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from rich.text import Text
from textual import on
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
from simulator.tui.call_end import CallEnd
from simulator.tui.call_guard import guarded
from simulator.tui.screens import hot
from simulator.tui.widgets.caller_card import CallerCard
from simulator.tui.widgets.hints import HintsPanel
from simulator.tui.widgets.meter import LevelMeter
from simulator.tui.widgets.status import CallStatus
from simulator.tui.widgets.titlebar import TitleBar
from simulator.tui.widgets.transcript import Transcript

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


HINTS_WAITING = "提示（规范用语）\n接听后，这里显示当前情形该说的规范用语。"


class CallScreen(CallEnd, Screen[None]):
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
        self.session = CallSession(self.scenario, seed, clock=clock, voice=self.voice, ear=self.ear,
                                   on_played=self.frames.played)
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
        self.session.tick()
        self.journal.sync(self.session.record())  # every event reaches the store as it happens
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
