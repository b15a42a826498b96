"""The session and the trainee's ear: plain data through the port, and an ear that is listening
from the ring.

* The ear is told what the trainee is expected to say at each node as plain data (``Hints``: the
  node's acts and phrases, the call's words), never the engine object.
* The app's ear opens its input at the ring and only then warms the recogniser: a greeting said the
  moment the trainee answers, while a model still loads, waits in the input queue and is heard; a
  turn begun while the phone still rang is not an answer and is dropped.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from simulator.call.clock import CallClock
from simulator.call.loop import CallLoop
from simulator.call.ports import NoEar
from simulator.call.session import CallSession
from simulator.engine import Engine
from simulator.hearing.hints import Hints, hints_for
from simulator.scenario.library import find


class TellingEar(NoEar):
    """An ear that keeps what the session tells it."""

    name = "记录"

    def __init__(self) -> None:
        super().__init__()
        self.told: list[Any] = []

    def follow(self, hints: Hints) -> None:
        self.told.append(hints)


class NotNoEar:
    """The same, but not a ``NoEar`` (the session skips working out hints for a keyboard-only call)."""

    name, reason = "记录", ""

    def __init__(self) -> None:
        self.told: list[Any] = []

    def start(self, sink: Any, offset: float) -> None: ...
    def follow(self, hints: Hints) -> None:
        self.told.append(hints)

    def caller_line(self, line: int, t: float, end: float, text: str = "") -> None: ...
    def caller_cut(self, line: int, t: float) -> None: ...
    def annotate(self, record: dict[str, Any], timeout: float) -> dict[str, Any]:
        return record

    def heard_until(self) -> float | None:
        return None

    def stop(self) -> None: ...


def test_the_ear_is_told_plain_hints_at_each_node_not_the_engine() -> None:
    scenario = find("angry-complainant")
    ear = NotNoEar()
    session = CallSession(scenario, 0, ear=ear)
    session.ring()
    session.answer()
    session.say_typed("您好，12320卫生热线，请问有什么可以帮您？")
    assert ear.told and all(isinstance(h, Hints) for h in ear.told)
    assert not any(isinstance(h, Engine) for h in ear.told)
    latest = ear.told[-1]
    # the same data the engine-side helper gives at that node: the node's acts, phrases, call words
    assert latest == hints_for(session.engine) and latest.acts and latest.phrases and latest.words
    assert "12320" in "".join(latest.words) or latest.ctx.hotline_names


def test_a_keyboard_only_call_does_not_work_out_hints() -> None:
    ear = TellingEar()
    session = CallSession(find("angry-complainant"), 0, ear=ear)
    session.ring()
    session.answer()
    assert ear.told and all(h.acts == () for h in ear.told)  # NO_HINTS: nothing to bias


def fixed(text: str) -> Any:
    """A recogniser that hears every turn as ``text`` (the listener's real VAD decides turns)."""
    from simulator.hearing.recognisers.base import Recogniser, Transcript

    class Fixed(Recogniser):
        name = "fixed"

        def transcribe(self, pcm: bytes, hints: Any = None) -> Transcript:
            return Transcript(text, 0.9, self.name)

    return Fixed()


def _speech_pcm() -> bytes:
    """A second and a half of voiced sound (a 150 Hz buzz with harmonics) the VAD takes for speech."""
    import numpy as np

    t = np.arange(int(1.5 * 16000)) / 16000
    x = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 12)) * 0.3
    x *= 1 + 0.5 * np.sin(2 * np.pi * 4 * t)  # syllable-like amplitude
    return (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()


def test_a_greeting_said_while_the_recogniser_warms_is_heard() -> None:
    pytest.importorskip("webrtcvad")
    from simulator.hearing.listener import Listener
    from simulator.hearing.source import AudioSource
    from simulator.tui.ear_port import ListeningEar

    class Mic(AudioSource):
        """Captures only once opened, like a sound card."""

        name = "mic"
        opened = False

        def _start(self) -> None:
            self.opened = True

        def _stop(self) -> None:
            pass

        def push(self, pcm: bytes, wall: float | None = None) -> None:
            if self.opened:
                super().push(pcm, wall)

    mic = Mic()
    answered = threading.Event()

    def warm() -> None:  # the model loads for a while; the trainee has answered and speaks meanwhile
        assert answered.wait(30)
        speech = _speech_pcm() + b"\0" * 32000 * 2
        for off in range(0, len(speech), 960):
            mic.push(speech[off: off + 960])
        time.sleep(0.5)

    greeting = "您好，12320卫生热线，请问有什么可以帮您？"
    clock = CallClock()
    ear = ListeningEar(lambda hints: Listener(mic, fixed(greeting), hints=hints), clock.peek, "麦克风",
                       clock=clock, warm=warm)
    loop = CallLoop(find("angry-complainant"), 0, ear=ear, clock=clock)
    loop.start()
    loop.session.answer()
    answered.set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(t.who == "operator" for t in loop.session.turns):
        loop.poll(0.05)
    record = loop.finish()
    says = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert loop.failed is None
    assert says and says[0]["text"] == greeting


def test_a_turn_begun_during_the_ring_is_not_an_answer() -> None:
    session = CallSession(find("angry-complainant"), 0, source=lambda: 0.0)
    session.ring()
    session.heard(0.2, 1.5, "喂？")  # the ring-back tone through speakers, or talking before pick-up
    assert not session.state.answered
    assert not [t for t in session.turns if t.who == "operator"]
