"""Caller actions: what the engine tells the driver to do.

:meth:`Engine.start` and :meth:`Engine.step` return a list of these, in the order they happen.
Times are seconds from the first ring and may lie in the future of the event that caused them
(the caller reacts after a delay and speaks for a while); a ``talks_over`` line may even start
before the operator's utterance ended.

* :class:`Ring` — the phone rings (only from ``start()``).
* :class:`CallerSay` — the caller speaks ``text`` from ``t`` to ``end`` in ``mood``; ``line`` is
  its id for :class:`~simulator.engine.events.CallerPlayed` and :class:`CallerCut`; ``overlaps``
  is true when it starts before the operator's turn ended (a ``talks_over`` node).
* :class:`CallerCut` — the operator talked over caller line ``line`` at a ``barge_in: cut`` node:
  the caller stops at ``t`` (the line's recorded end is moved to ``t``).
* :class:`CallerSilent` — from ``t`` the caller deliberately says nothing; ``seconds`` until the
  next timeout, ``None`` when nothing is scheduled.
* :class:`CallerHangUp` — the caller hangs up at ``t``.
* :class:`MoodChange` — the caller's mood moved from ``old`` to ``new`` at ``t``.
* :class:`CallEnded` — the call is over: ``outcome`` (see :data:`simulator.scenario.model.OUTCOMES`)
  and whether the trainee succeeded. Always the last action of a call.
* :class:`Wait` — nothing more happens until the next event or ``until`` (the next timeout),
  ``None`` when no timeout is scheduled. Last action of every step that did not end the call.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.model import NoiseLevel


@dataclass(frozen=True, slots=True)
class Ring:
    t: float


@dataclass(frozen=True, slots=True)
class CallerSay:
    t: float
    end: float
    text: str
    mood: str
    node: str
    line: int = 0
    overlaps: bool = False
    noise: NoiseLevel = "none"


@dataclass(frozen=True, slots=True)
class CallerCut:
    t: float
    line: int


@dataclass(frozen=True, slots=True)
class CallerSilent:
    t: float
    seconds: float | None
    node: str = ""
    noise: NoiseLevel = "none"


@dataclass(frozen=True, slots=True)
class CallerHangUp:
    t: float


@dataclass(frozen=True, slots=True)
class MoodChange:
    t: float
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class CallEnded:
    t: float
    outcome: str
    success: bool


@dataclass(frozen=True, slots=True)
class Wait:
    until: float | None


Action = Ring | CallerSay | CallerCut | CallerSilent | CallerHangUp | MoodChange | CallEnded | Wait
