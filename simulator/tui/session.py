"""One practice call driven in real time: the engine, the call clock and the caller's voice.

No textual here: the call screen calls these methods on key presses, on a 20 Hz tick and when the
ear hears a turn, then reads :meth:`drain` (new transcript lines) and the state properties.

Time (:mod:`simulator.tui.clock`): every event carries the call clock's reading, so the answer
time is how long the phone really rang and a silence is as long as it really was. The actions due,
the silence timer and the ring timeout: :mod:`simulator.tui.timeline` (:meth:`tick`).

Voice: the ear's turns, with their own call times, and its other reports — speaking, barge-in —
are :mod:`simulator.tui.heard_turns`. The ear is told which caller lines play and what is expected
next.

Typed replies (:meth:`compose`, :meth:`say_typed`) freeze the clock while the trainee types:
:mod:`simulator.tui.typed_reply`. The transcript's lines (:class:`Turn`) and
:func:`scenario_lines`: :mod:`simulator.tui.turns` (re-exported here).
"""

from __future__ import annotations

import time
from typing import Any

from simulator.engine import Engine, EngineState
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.play.runner import REPLY_GAP
from simulator.scenario.model import Scenario
from simulator.tui.clock import CallClock, Source
from simulator.tui.heard_turns import HeardTurns
from simulator.tui.ports import CallerVoice, NoEar, OperatorEar, PlayedCallback, SilentVoice
from simulator.tui.timeline import CallTimeline
from simulator.tui.turns import Turn, Who, scenario_lines
from simulator.tui.typed_reply import TypedReplies

__all__ = ["REPLY_GAP", "RING_PERIOD", "CallSession", "Turn", "Who", "scenario_lines"]

RING_PERIOD = 5.0  # China's ring cadence: 1 s on, 4 s off


class CallSession(HeardTurns, TypedReplies, CallTimeline):
    def __init__(self, scenario: Scenario, seed: int = 0, *, source: Source = time.monotonic,
                 voice: CallerVoice | None = None, ear: OperatorEar | None = None,
                 engine: Engine | None = None, clock: CallClock | None = None,
                 on_played: PlayedCallback | None = None) -> None:
        """``on_played``: what the voice calls (from its thread) when a line really played;
        default :meth:`played` (only safe when the voice calls back on this thread)."""
        self.scenario = scenario
        self.seed = seed
        self.engine = engine or Engine(scenario, seed)
        self.clock = clock or CallClock(source)
        self.voice: CallerVoice = voice or SilentVoice()
        self.ear: OperatorEar = ear or NoEar()
        self.is_speaking = False
        self._followed: tuple[str | None, bool] = (None, False)
        self.on_played: PlayedCallback = on_played or self.played
        self.mood: str = scenario.caller.mood
        self.interrupted = False
        self.answered_at: float | None = None
        self.ended_at: float | None = None  # when the call is over on screen
        self._pending: list[tuple[float, int, ac.Action]] = []
        self._seq = 0
        self._until: float | None = None
        self._caller_end = 0.0
        self._owed: dict[int, float] = {}
        self._line_text: dict[int, str] = {}
        self._compose_at: float | None = None
        self._new: list[Turn] = []
        self._answer_wall: float | None = None
        self._end_wall: float | None = None
        self.turns: list[Turn] = []

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> EngineState:
        return self.engine.state

    @property
    def ringing(self) -> bool:
        return self.clock.started and not self.state.answered and not self.state.ended

    @property
    def live(self) -> bool:
        """Answered and not ended: the trainee may act."""
        return self.state.answered and not self.state.ended

    @property
    def over(self) -> bool:
        """Ended, and everything before the end has been shown."""
        return self.ended_at is not None

    def now(self) -> float:
        return self.clock.now()

    def rings(self) -> int:
        """How many rings so far (1 while the first one sounds)."""
        return int(self.clock.now() // RING_PERIOD) + 1

    def talk_seconds(self) -> float:
        """The visible call timer: wall seconds since the answer (hold and typing count)."""
        if self._answer_wall is None:
            return 0.0
        end = self._end_wall if self._end_wall is not None else self.clock.elapsed_real()
        return max(0.0, end - self._answer_wall)

    def drain(self) -> list[Turn]:
        out, self._new = self._new, []
        return out

    def record(self) -> dict[str, Any]:
        rec = self.engine.record()
        if self.interrupted:
            rec["interrupted"] = True
        return rec

    # ------------------------------------------------------------------ trainee actions

    def ring(self) -> None:
        self.clock.start()
        self._take(self.engine.start())
        self.voice.ring(True)
        self._note(0.0, "—— 电话响铃 ——")

    def answer(self) -> None:
        if not self.ringing:
            return
        t = round(self.clock.now(), 2)
        self.voice.ring(False)
        acts = self.engine.step(ev.Answer(t))
        if self.state.answered:
            self.answered_at = t
            self._answer_wall = self.clock.elapsed_real()
            self._note(t, f"—— 接听（响铃 {t:.1f} 秒）——")
        self._take(acts)
        self.tick()

    def hold(self) -> None:
        if self.live and not self.state.held:
            self._command(lambda t: ev.Hold(t), "—— 保持（来电者听到等待音乐）——")
            self.voice.hold_music(True)

    def unhold(self) -> None:
        if self.live and self.state.held:
            self.voice.hold_music(False)
            self._command(lambda t: ev.Unhold(t), "—— 取消保持 ——")

    def transfer(self, to: str) -> None:
        if self.live:
            self._command(lambda t: ev.Transfer(t, to), f"—— 转接至 {to} ——")
            self._cut_off()

    def hang_up(self) -> None:
        if self.ringing:
            self.voice.ring(False)
        if self.live:
            self._command(lambda t: ev.HangUp(t), "—— 话务员挂机 ——")
            self._cut_off()

    def abort(self) -> None:
        """Quit mid-call: silence the voice, hang up if the call goes on, show the end now."""
        self.voice.stop()
        try:
            if not self.state.ended:
                self.interrupted = True
                if self.state.answered:
                    self.hang_up()
                else:
                    self._cut_off()
        finally:  # even when the engine fails to hang up (a fault ended the call)
            if self.ended_at is None:
                self._over(self.clock.now())

    def played(self, line: int, start: float, end: float) -> None:
        """The voice reports when a caller line really played (call time; start −1: never will)."""
        self._owed.pop(line, None)
        if self.state.ended:
            return
        t0, t1 = start, end
        if t1 >= t0 >= 0:
            self.ear.caller_line(line, t0, t1, self._line_text.get(line, ""))
            self._take(self.engine.step(ev.CallerPlayed(line, round(t0, 2), round(t1, 2))))
            self._caller_end = max(self._caller_end, t1)

    # ------------------------------------------------------------------ helpers

    def _command(self, make: Any, text: str) -> None:
        t = max(self.clock.now(), self.state.t)
        self.tick(upto=t)
        if self.live:
            self._step(make(t), t, text, who="system")
        self.tick()
