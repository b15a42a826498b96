"""Trainee events: what the driver (TUI, headless runner, tests) tells the engine.

Every event carries ``t``, seconds from the first ring. Times never go backwards: an event whose
``t`` is earlier than the engine's current time raises :class:`~simulator.errors.EngineError`.
Before an event is applied the engine *advances time to its t*: every timeout due at or before
``t`` fires first (ring timeout, silence and held timeouts, possibly several in a row across
nodes). If that ends the call, the event itself is dropped (not applied, not recorded).

* :class:`Answer` — the operator picks up (once, first).
* :class:`Say` — the operator said ``text`` from ``t`` to ``end`` (the recogniser's result, with an
  optional ``confidence`` 0–1; ``typed`` when it was typed, not spoken). The engine reacts at
  ``end``, when the utterance is complete; no silence timeout fires while the operator speaks.
* :class:`Silence` — the operator stays silent from ``t`` for ``seconds``: time advances to
  ``t + seconds`` and any timeouts due inside the span fire.
* :class:`Hold` / :class:`Unhold` — the operator puts the caller on hold / takes them back.
* :class:`Transfer` — the operator transfers the call to ``to`` (a directory name, free text).
* :class:`HangUp` — the operator hangs up.
* :class:`CallerPlayed` — a real audio driver reports when caller line ``line`` actually played;
  it corrects the recorded times of that line and does not advance time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Answer:
    t: float


@dataclass(frozen=True, slots=True)
class Say:
    t: float
    end: float
    text: str
    confidence: float | None = None
    typed: bool = False  # typed on the keyboard (timed as speech), not recognised speech


@dataclass(frozen=True, slots=True)
class Silence:
    t: float
    seconds: float


@dataclass(frozen=True, slots=True)
class Hold:
    t: float


@dataclass(frozen=True, slots=True)
class Unhold:
    t: float


@dataclass(frozen=True, slots=True)
class Transfer:
    t: float
    to: str


@dataclass(frozen=True, slots=True)
class HangUp:
    t: float


@dataclass(frozen=True, slots=True)
class CallerPlayed:
    line: int  # CallerSay.line
    t: float
    end: float


Event = Answer | Say | Silence | Hold | Unhold | Transfer | HangUp | CallerPlayed
