"""Silence is judged on what the ear has heard: a busy machine's ear that falls behind is waited for.

On a starved machine the listener may report the trainee's greeting seconds after it was said.
The caller's silence timer used to run out meanwhile: the caller said 喂？是供电局吗？ over a
greeting it had not been told of yet, the greeting was recorded after it, and the call went
another way than the trainee's words. Now the caller judges silence only as far as the ear has
listened (:meth:`OperatorEar.heard_until`), so the record is what was said, in its order.
"""

from __future__ import annotations

from typing import Any

import pytest

from simulator.call import session as session_module
from simulator.call.clock import FakeClock
from simulator.call.ports import NoEar
from simulator.call.session import CallSession
from simulator.scenario.library import find


class LaggingEar(NoEar):
    """An ear that has listened up to :attr:`upto` (call time); None: judges nothing."""

    name = "麦克风"

    def __init__(self) -> None:
        super().__init__()
        self.upto: float | None = 0.0

    def heard_until(self) -> float | None:
        return self.upto


def answered(ear: LaggingEar) -> tuple[CallSession, FakeClock]:
    fake = FakeClock()
    s = CallSession(find("praise-call"), 1, source=fake, ear=ear)
    s.ring()
    fake.advance(3.0)
    s.tick()
    s.answer()
    return s, fake


def caller_lines(s: CallSession) -> list[tuple[float, str]]:
    return [(t.t, t.text) for t in s.turns if t.who == "caller"]


def test_the_caller_waits_for_an_ear_that_is_behind() -> None:
    ear = LaggingEar()
    s, fake = answered(ear)
    ear.upto = s.now()  # the ear has heard nothing since the answer yet
    for _ in range(60):  # 30 s of call time: long past any silence timeout
        fake.advance(0.5)
        s.tick()
    assert caller_lines(s) == []  # no 喂？ over a greeting the ear has not reported
    said = s.answered_at + 0.4
    ear.upto = said + 4.5
    s.heard(said, said + 4.0, "您好，95598供电服务热线，请问有什么可以帮您？")
    ops = [t for t in s.turns if t.who == "operator"]
    assert len(ops) == 1 and ops[0].t == pytest.approx(said, abs=0.01)  # where it was said
    ear.upto = None
    for _ in range(40):
        fake.advance(0.5)
        s.tick()
    lines = caller_lines(s)
    assert lines and "表扬" in lines[0][1]  # the caller answers the greeting, not a silence


def test_an_ear_that_keeps_up_changes_nothing() -> None:
    ear, plain = LaggingEar(), LaggingEar()
    plain.upto = None
    runs: list[Any] = []
    for e in (ear, plain):
        s, fake = answered(e)
        for _ in range(60):
            fake.advance(0.5)
            if e is ear:
                ear.upto = s.now()
            s.tick()
        runs.append(caller_lines(s))
    assert runs[0] == runs[1] and runs[0]  # the silence prompt, at the same time


def test_an_ear_stuck_behind_is_not_waited_for_forever(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "EAR_MAX", 0.0)  # real seconds; a stalled input
    ear = LaggingEar()
    s, fake = answered(ear)
    ear.upto = s.now()
    for _ in range(60):
        fake.advance(0.5)
        s.tick()
    assert caller_lines(s)  # the caller reacts to the silence after all
