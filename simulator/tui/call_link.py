"""From the audio threads to the call screen: the ear's and the voice's reports as messages.

The ear (:class:`~simulator.call.ports.OperatorEar`) and the voice call back from their own
threads; :class:`_Sink` and the call screen's ``played`` callback turn each report into a
:class:`Heard` or :class:`Played` message (``post_message`` is thread-safe), and :class:`CallLink`
(a mixin of :class:`~simulator.tui.screens.call.CallScreen`) handles them on the UI thread, so the
UI never waits for audio or recognition. :func:`lines_to_prepare`: what the voice renders ahead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from simulator.call.ports import LineToSay
from simulator.call.session import CallSession, scenario_lines
from simulator.scenario.model import Scenario
from simulator.tui.call_guard import guarded
from simulator.tui.widgets.meter import LevelMeter
from simulator.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

ECHO_NOTICE = "麦克风听到了来电者自己的声音（已忽略，不算您的回答）。请戴耳机，或把扬声器音量调低。"


def lines_to_prepare(scenario: Scenario) -> list[LineToSay]:
    """What the voice renders ahead: the voices' own render plan, else every line as written."""
    try:
        from simulator.tui.voice_port import planned_lines

        return planned_lines(scenario)
    except ImportError:
        return scenario_lines(scenario)


class Heard(Message):
    """From the ear's thread: level, partial words, a finished turn, or a failure."""

    def __init__(self, kind: str, value: Any = None) -> None:
        super().__init__()
        self.kind = kind
        self.value = value


class Played(Message):
    def __init__(self, line: int, start: float, end: float) -> None:
        super().__init__()
        self.line, self.start, self.end = line, start, end


class _Sink:
    """The ear's callbacks, turned into messages for the screen."""

    def __init__(self, screen: MessagePump) -> None:
        self.screen = screen

    def level(self, value: float) -> None:
        self.screen.post_message(Heard("level", value))

    def partial(self, text: str) -> None:
        self.screen.post_message(Heard("partial", text))

    def speaking(self, on: bool) -> None:
        self.screen.post_message(Heard("speaking", on))

    def barge_in(self, line: int) -> None:
        self.screen.post_message(Heard("barge_in", line))

    def turn(self, start: float, end: float, text: str, confidence: float | None) -> None:
        self.screen.post_message(Heard("turn", (start, end, text, confidence)))

    def echo(self, text: str) -> None:
        self.screen.post_message(Heard("echo", text))

    def failed(self, message: str) -> None:
        self.screen.post_message(Heard("failed", message))


class CallLink(_Base):
    """Mixin of the call screen: what the ear heard and what the voice played, on the UI thread."""

    session: CallSession | None
    finished: bool
    echo_told: bool

    if TYPE_CHECKING:

        def refresh_view(self) -> None: ...

        def call_broke(self, exc: BaseException) -> None: ...

    @guarded
    def on_heard(self, msg: Heard) -> None:
        s = self.session
        if s is None or self.finished:
            return
        if msg.kind == "level":
            self.query_one(LevelMeter).level = float(msg.value)
        elif msg.kind == "speaking":
            s.speaking(bool(msg.value))
        elif msg.kind == "barge_in":
            s.barge_in(int(msg.value))
        elif msg.kind == "partial":
            self.query_one(Transcript).partial(str(msg.value))
        elif msg.kind == "turn":
            self.query_one(Transcript).partial("")
            start, end, text, confidence = msg.value
            s.heard(start, end, text, confidence)
            self.refresh_view()
        elif msg.kind == "echo":
            s.speaking(False)
            if not self.echo_told:
                self.echo_told = True
                self.notify(ECHO_NOTICE, severity="warning", timeout=10)
        elif msg.kind == "failed":
            self.query_one(LevelMeter).source = ""
            self.notify(f"{msg.value}　通话继续：请改用键盘输入回答。", severity="warning", timeout=8)

    @guarded
    def on_played(self, msg: Played) -> None:
        if self.session and not self.finished:
            self.session.played(msg.line, msg.start, msg.end)
