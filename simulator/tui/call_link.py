"""From the audio threads to the call screen: the ear's and the voice's reports as messages.

The ear (:class:`~simulator.call.ports.OperatorEar`) and the voice call back from their own
threads; :func:`frame_sink` turns each report into a typed frame (:mod:`simulator.call.frames`)
posted as a :class:`FrameMessage` (``post_message`` is thread-safe), and :class:`CallLink` shows
the screen's part (level, words so far, notices) and feeds the frame to the session on the UI
thread, so the UI never waits for audio or recognition. :func:`lines_to_prepare`: what the voice
renders ahead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from simulator.call import frames as fr
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


class FrameMessage(Message):
    """A typed frame (:mod:`simulator.call.frames`) from the ear's or the voice's thread."""

    def __init__(self, frame: fr.Frame) -> None:
        super().__init__()
        self.frame = frame


def frame_sink(screen: MessagePump) -> fr.FrameSink:
    """The ear's sink and the voice's ``on_played`` for ``screen``: every report a message."""
    return fr.FrameSink(lambda frame: screen.post_message(FrameMessage(frame)))


class CallLink(_Base):
    """Mixin of the call screen: what the ear heard and what the voice played, on the UI thread."""

    session: CallSession | None
    finished: bool
    echo_told: bool

    if TYPE_CHECKING:

        def refresh_view(self) -> None: ...

        def call_broke(self, exc: BaseException) -> None: ...

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
