"""Typed replies: the keyboard as the recogniser (no microphone, accessibility, a lost device).

A typed line becomes the same :class:`~simulator.hearing.events.Turn` an audio turn is: it is taken
to have been spoken just before Enter, at the headless player's pace (4 characters a second, see
:mod:`simulator.play.runner`), starting no earlier than the first keystroke::

    typed = TypedInput()
    typed.keystroke(now)            # optional: the first key of the line (call time)
    turn = typed.submit("您好，请讲", now)
    engine.step(turn.say())
"""

from __future__ import annotations

from simulator.call.timing import speech_seconds
from simulator.hearing.events import Turn
from simulator.hearing.recognisers.base import Transcript

NAME = "typed"


class TypedInput:
    name = NAME

    def __init__(self) -> None:
        self._first_key: float | None = None
        self.count = 0

    def keystroke(self, now: float) -> None:
        if self._first_key is None:
            self._first_key = now

    def submit(self, text: str, now: float, *, not_before: float = 0.0) -> Turn | None:
        """The typed ``text`` as a turn ending at ``now`` (None for an empty line).
        ``not_before``: the engine's current time (a turn never starts before it)."""
        text = text.strip()
        first, self._first_key = self._first_key, None
        if not text:
            return None
        start = max(now - speech_seconds(text), first if first is not None else 0.0, not_before)
        start = min(start, now)
        result = Transcript(text, 1.0, NAME, (), 0.0, now - start)
        turn = Turn(start, now, text, 1.0, result, index=self.count)
        self.count += 1
        return turn
