"""The call's timeline: engine actions kept until the call clock reaches them, and the silence timer.

No textual here. :class:`CallTimeline` is a mixin of :class:`~simulator.tui.session.CallSession`
(which sets the attributes declared below). Caller actions lie in the future (reaction delay,
speaking time): :meth:`_take` keeps them, and :meth:`tick` shows, speaks and applies (mood) those
the clock has reached. The silence timer is the engine's ``Wait(until)``: when the clock passes
``until`` the session sends ``Silence`` for the span since the engine's last time, and the engine
fires whatever was due — but not while the trainee speaks, nor while a caller line handed to a voice
that reports playback has not started to sound yet (it may still be synthesising: the caller is not
silent, the system is slow; the line is retimed when it plays). An unanswered ring past the ring
timeout is sent as a late ``Answer``: the engine abandons the call and drops it. The ear is told
which caller lines play and where the call is (:meth:`_follow`), so it knows what is expected next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import Engine, EngineState
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.scenario.model import Scenario
from simulator.tui.clock import CallClock
from simulator.tui.ports import CallerVoice, LineToSay, OperatorEar, PlayedCallback
from simulator.tui.render_ahead import upcoming_texts
from simulator.tui.turns import Turn, Who

MAX_FIRINGS = 20  # silence steps per tick (each fires every timeout due; one is normally enough)
OWED_MAX = 30.0  # call seconds a line may take to start sounding before it is given up on


class CallTimeline:
    """Mixin of :class:`~simulator.tui.session.CallSession`: the actions due and the silence timer."""

    scenario: Scenario
    engine: Engine
    clock: CallClock
    voice: CallerVoice
    ear: OperatorEar
    on_played: PlayedCallback
    is_speaking: bool
    mood: str
    ended_at: float | None
    turns: list[Turn]
    _new: list[Turn]
    _pending: list[tuple[float, int, ac.Action]]  # (call time, order, action) not shown yet
    _seq: int
    _until: float | None  # the silence timer: when the engine wants a Silence
    _caller_end: float
    _owed: dict[int, float]  # caller lines handed to the voice, not sounding yet → call time said
    _line_text: dict[int, str]
    _followed: tuple[str | None, bool]
    _end_wall: float | None

    if TYPE_CHECKING:

        @property
        def state(self) -> EngineState: ...

    def tick(self, upto: float | None = None) -> None:
        """Show what is due and fire the silence timer; ``upto``: not past this call time."""
        now = self.clock.now() if upto is None else upto
        for _ in range(MAX_FIRINGS):
            self._release(now)
            if self.state.ended or self._until is None or self._until > now:
                break
            if self.is_speaking and self.state.answered:
                break  # no silence while the trainee speaks: the turn will cover the span
            if self._still_owed(now) and self.state.answered:
                break  # the caller's line has not sounded yet: it is not the trainee's silence
            if not self.state.answered:
                self._take(self.engine.step(ev.Answer(now)))  # rang out: the caller gives up
            else:
                t = self.state.t
                self._take(self.engine.step(ev.Silence(t, max(0.0, now - t))))
        self._release(now)

    def _still_owed(self, now: float) -> bool:
        for line, said in list(self._owed.items()):
            if now - said > OWED_MAX:
                del self._owed[line]  # a voice that never reported: time runs again
        return bool(self._owed)

    def _follow(self) -> None:
        key = (self.state.node, self.state.ended)
        if key != self._followed:
            self._followed = key
            self.ear.follow(self.engine)
            if not self.state.ended:
                self.voice.upcoming(upcoming_texts(self.scenario, self.state.node))

    def _release(self, now: float) -> None:
        self._pending.sort(key=lambda p: (p[0], p[1]))
        while self._pending and self._pending[0][0] <= now:
            t, _, action = self._pending.pop(0)
            self._show(t, action)

    def _step(self, event: ev.Event, t: float, text: str, *, who: Who) -> None:
        self._note(t, text, who)
        self._take(self.engine.step(event))

    def _cut_off(self) -> None:
        """The line is dead: nothing scheduled after now is heard."""
        now = self.clock.now()
        self._pending = [p for p in self._pending if p[0] <= now or isinstance(p[2], ac.CallEnded)]
        self.voice.stop()

    def _take(self, actions: list[ac.Action]) -> None:
        for a in actions:
            if isinstance(a, ac.Wait):
                self._until = a.until
                continue
            if isinstance(a, ac.CallerSay):
                self._caller_end = max(self._caller_end, a.end)
                self._line_text[a.line] = a.text
            if isinstance(a, ac.CallerCut):
                self.voice.cut(a.line)
                self.ear.caller_cut(a.line, a.t)
            t = getattr(a, "t", 0.0)
            self._seq += 1
            self._pending.append((t, self._seq, a))
            if isinstance(a, ac.CallEnded):
                self._until = None
        self._follow()

    def _show(self, t: float, a: ac.Action) -> None:
        if isinstance(a, ac.CallerSay):
            self.mood = a.mood
            self._add(Turn(t, "caller", a.text, a.mood))
            item = LineToSay(a.line, a.text, a.mood, self.scenario.caller.persona, a.noise)
            if self.voice.reports_played:
                self._owed[a.line] = t
            self.voice.say(item, self.on_played)
        elif isinstance(a, ac.MoodChange):
            self.mood = a.new
        elif isinstance(a, ac.CallerSilent):
            node = self.scenario.nodes.get(a.node)
            if node is not None and node.silent:  # a caller who deliberately says nothing
                noisy = a.noise not in ("none", "")
                self._note(t, "（来电者不出声，线路里有杂音）" if noisy else "（来电者不出声）")
        elif isinstance(a, ac.CallerHangUp):
            self._note(t, "—— 来电者挂机 ——")
        elif isinstance(a, ac.CallEnded):
            self.voice.stop()
            self._over(t)

    def _over(self, t: float) -> None:
        self.ended_at = t
        self._end_wall = self.clock.elapsed_real()

    def _note(self, t: float, text: str, who: Who = "system") -> None:
        self._add(Turn(round(t, 2), who, text))

    def _add(self, turn: Turn) -> None:
        self.turns.append(turn)
        self._new.append(turn)
