"""Scripted hands: a play script's trainee acting on a live :class:`~simulator.call.session.CallSession`.

The trainee of a script (``/answer 3``, lines to say, ``/wait 4``, ``/hold`` …) reacts to what they
*heard*, on the call clock: a line is begun 0.8 s after the caller's last line ended
(:mod:`simulator.call.timing`), and only once every line the caller was due to say has sounded. So
the call goes the same way, at the same call times, whether the caller's voice was cached or is
rendered on a slow machine meanwhile (the clock holds while a line is owed).

A line is said one of two ways:

* ``typed`` — through the reply box (:meth:`CallSession.say_typed`), timed as speech;
* ``heard`` — as the ear would report it: speech starts (:meth:`CallSession.speaking`), and the
  finished turn (:meth:`CallSession.heard`) comes when its spoken length has passed on the clock;
* ``spoken`` — a ``speak(text, start)`` callback plays the line into a real recogniser (``hotline
  play --live --speak-replies``); the ear reports the turn itself.

When the script is over the trainee stays silent until the caller ends the call, at most
``tail_limit`` seconds, then hangs up. :meth:`poll` is called on every tick of the driver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from simulator.call.session import CallSession
from simulator.call.timing import REPLY_GAP, speech_seconds
from simulator.play.script import Script, Step

Mode = Literal["typed", "heard", "spoken"]
TAIL_LIMIT = 300.0
SPOKEN_WAIT = 60.0  # call seconds to wait for the ear to report a spoken line before going on


class ScriptedHands:
    def __init__(self, session: CallSession, script: Script, *, mode: Mode = "typed",
                 speak: Callable[[str], float] | None = None, tail_limit: float = TAIL_LIMIT) -> None:
        """``speak(text)``: (mode ``spoken``) start saying ``text`` now; returns its length (s)."""
        self.s = session
        self.steps = list(script.actions)
        self.answer_after = script.answer_after
        self.mode: Mode = mode
        self.speak = speak
        self.tail_limit = tail_limit
        self.prev_end = 0.0  # when the trainee's own last action ended (call time)
        self.after_wait = False
        self.interrupt: float | None = None
        self.speaking_until: float | None = None  # a heard/spoken line in progress
        self._turn: tuple[float, float, str] | None = None
        self._turns_seen = 0
        self.unplayed: list[Step] = []
        self.notes: list[str] = []
        self._tail_from: float | None = None

    @property
    def done(self) -> bool:
        return self.s.over

    def poll(self) -> None:
        s = self.s
        if s.over:
            return
        now = s.clock.now()
        if s.ringing:
            if now >= self.answer_after:
                s.rewind(self.answer_after)
                s.answer()
                self.prev_end = s.answered_at or now
            return
        if not s.live:
            return
        if self._speaking(now):
            return
        if not self.steps:
            self._tail(now)
            return
        step = self.steps[0]
        if step.kind == "interrupt":
            self.interrupt = step.seconds
            self.steps.pop(0)
            return
        start = self._start_time(step)
        if start is None or now < start:
            return
        self.steps.pop(0)
        self._do(step, max(start, s.state.t))

    # ------------------------------------------------------------------ helpers

    def _quiet(self) -> bool:
        """Every line the caller was due to say has sounded (or it is talked over on purpose)."""
        s = self.s
        return not s.owed and not s.has_due_caller_line()

    def _start_time(self, step: Step) -> float | None:
        s = self.s
        if not self._quiet():
            return None
        caller_end = s.caller_end
        if step.kind == "wait":
            return max(self.prev_end, caller_end)
        if step.kind == "say" and self.interrupt is not None:
            return max(self.prev_end, s.caller_line_start(), caller_end - self.interrupt)
        gap = 0.0 if self.after_wait else REPLY_GAP
        return max(self.prev_end + gap, caller_end + REPLY_GAP if caller_end else 0.0)

    def _do(self, step: Step, start: float) -> None:
        s = self.s
        self.after_wait, self.interrupt = False, None
        if step.kind == "wait":
            self.prev_end, self.after_wait = start + step.seconds, True
            return
        if step.kind == "say":
            self._say(step.text, start)
            return
        s.rewind(start)
        action = {"hold": s.hold, "unhold": s.unhold, "hangup": s.hang_up}.get(step.kind)
        if step.kind == "transfer":
            s.transfer(step.text)
        elif action is not None:
            action()
        self.prev_end = start

    def _say(self, text: str, start: float) -> None:
        s = self.s
        if self.mode == "typed":
            s.compose(True)
            s.say_typed(text)
            self.prev_end = s.clock.now()
            return
        if self.mode == "spoken" and self.speak is not None:
            self._turns_seen = self._operator_turns()
            length = self.speak(text)
            self.speaking_until = start + length
            self._turn = None
            return
        s.speaking(True)
        end = start + speech_seconds(text)
        self.speaking_until = end
        self._turn = (start, end, text)

    def _operator_turns(self) -> int:
        return sum(1 for t in self.s.turns if t.who == "operator")

    def _speaking(self, now: float) -> bool:
        """A heard or spoken line is still in progress (True) or just finished."""
        if self.speaking_until is None:
            return False
        if self._turn is not None:  # heard: the turn arrives when its length has passed
            if now < self.speaking_until:
                return True
            start, end, text = self._turn
            self._turn, self.speaking_until = None, None
            self.s.heard(start, end, text, 1.0)
            self.prev_end = end
            return False
        # spoken: wait for the ear's turn (or give up after a minute of call time)
        if self._operator_turns() > self._turns_seen or now > self.speaking_until + SPOKEN_WAIT:
            self.prev_end = max(self.speaking_until, self.s.state.t)
            self.speaking_until = None
            return False
        return True

    def _tail(self, now: float) -> None:
        s = self.s
        if self._tail_from is None:
            self._tail_from = max(self.prev_end, s.caller_end, now)
            limit = round(self.tail_limit)
            self.notes.append("脚本已结束而通话仍在进行：话务员保持沉默，"
                              f"等待来电者结束通话（最多 {limit} 秒）。")
        if not self._quiet():
            return
        if now >= self._tail_from + self.tail_limit or s.silence_due() is None:
            why = "来电者不会再有动作" if s.silence_due() is None else f"等了 {round(self.tail_limit)} 秒"
            self.notes.append(f"{why}，话务员挂机结束通话。")
            s.hang_up()
