"""One practice call driven in real time: the engine, the call clock and the caller's voice.

No textual here: the call screen calls these methods on key presses, on a 20 Hz tick and when the
ear hears a turn, then reads :meth:`drain` (new transcript lines) and the state properties.

Time (:mod:`simulator.tui.clock`): every event carries the call clock's reading, so the answer
time is how long the phone really rang and a silence is as long as it really was. The silence
timer is the engine's ``Wait(until)``: when the clock passes ``until`` the session sends
``Silence`` for the span since the engine's last time, and the engine fires whatever was due.
An unanswered ring past the ring timeout is sent as a late ``Answer``: the engine abandons the
call and drops it. Caller actions lie in the future (reaction delay, speaking time); they are kept
and shown, spoken and applied (mood) when the clock reaches them.

Voice: the ear's turns carry their own call times (:meth:`heard`); while the trainee is speaking
(:meth:`speaking`) no silence timeout fires; talking over a ``barge_in: cut`` line stops it at once
(:meth:`barge_in`). The ear is told which caller lines play and what is expected next.

Typed replies: the first keystroke (:meth:`compose`) freezes the clock where the reply will start
— at once, or 0.8 s after the caller's last scheduled line ends — and :meth:`say_typed` sends the
reply with the spoken length of its text (4 characters a second) and lets the clock run on from
its end. Heard replies (:meth:`heard`) carry the ear's own times.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from simulator.engine import Engine, EngineState
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.play.runner import REPLY_GAP, speech_seconds
from simulator.scenario.model import Scenario
from simulator.tui.clock import CallClock, Source
from simulator.tui.ports import CallerVoice, LineToSay, NoEar, OperatorEar, PlayedCallback, SilentVoice

RING_PERIOD = 5.0  # China's ring cadence: 1 s on, 4 s off
MAX_FIRINGS = 20  # silence steps per tick (each fires every timeout due; one is normally enough)
Who = Literal["caller", "operator", "system"]


@dataclass(frozen=True, slots=True)
class Turn:
    """A line of the live transcript."""

    t: float
    who: Who
    text: str
    mood: str | None = None


class CallSession:
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

    @property
    def composing(self) -> bool:
        return self._compose_at is not None

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

    @property
    def caller_end(self) -> float:
        """When the caller's last scheduled line ends (call time; 0 before any line)."""
        return self._caller_end

    def reply_start(self) -> float:
        """When a reply begun now starts: now, or 0.8 s after the caller's scheduled lines end."""
        return max(self.clock.now(), self._caller_end + REPLY_GAP if self._caller_end else 0.0)

    def compose(self, typing: bool) -> None:
        """The reply box became non-empty (``True``) or was cleared (``False``)."""
        if typing and self._compose_at is None and self.live:
            start = self.reply_start()
            self._compose_at = start
            self.clock.freeze(start)
        elif not typing and self._compose_at is not None:
            self._compose_at = None
            self.clock.thaw()

    def say_typed(self, text: str) -> None:
        text = text.strip()
        if not text or not self.live:
            self.compose(False)
            return
        if self._compose_at is None:
            self.compose(True)
        start = max(self._compose_at or 0.0, self.state.t)
        end = round(start + speech_seconds(text), 2)
        self._compose_at = None
        self.clock.thaw(to=end)
        self._step(ev.Say(round(start, 2), end, text), start, f"{text}", who="operator")
        self.tick()

    def speaking(self, on: bool) -> None:
        """The ear heard the trainee start (True) or stop without a turn (False)."""
        self.is_speaking = on

    def barge_in(self, line: int) -> None:
        """The trainee is talking over caller line ``line``: a ``barge_in: cut`` caller stops now."""
        node = self.scenario.nodes.get(self.state.node or "")
        if self.live and node is not None and node.barge_in == "cut":
            self.voice.cut(line)

    def heard(self, start: float, end: float, text: str, confidence: float | None = None) -> None:
        """A recognised turn (call time)."""
        self.is_speaking = False
        if not self.live or not text.strip():
            return
        t0 = max(start, self.state.t)
        t1 = max(end, t0)
        self.tick(upto=t0)
        if self.live:
            self._step(ev.Say(round(t0, 2), round(t1, 2), text, confidence), t0, text, who="operator")
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
        if not self.state.ended:
            self.interrupted = True
            if self.state.answered:
                self.hang_up()
            else:
                self._cut_off()
        if self.ended_at is None:
            self._over(self.clock.now())

    def played(self, line: int, start: float, end: float) -> None:
        """The voice reports when a caller line really played (call time)."""
        if self.state.ended:
            return
        t0, t1 = start, end
        self.ear.caller_line(line, t0, t1, self._line_text.get(line, ""))
        if t1 >= t0 >= 0:
            self._take(self.engine.step(ev.CallerPlayed(line, round(t0, 2), round(t1, 2))))
            self._caller_end = max(self._caller_end, t1)

    # ------------------------------------------------------------------ time

    def tick(self, upto: float | None = None) -> None:
        """Show what is due and fire the silence timer; ``upto``: not past this call time."""
        now = self.clock.now() if upto is None else upto
        for _ in range(MAX_FIRINGS):
            self._release(now)
            if self.state.ended or self._until is None or self._until > now:
                break
            if self.is_speaking and self.state.answered:
                break  # no silence while the trainee speaks: the turn will cover the span
            if not self.state.answered:
                self._take(self.engine.step(ev.Answer(now)))  # rang out: the caller gives up
            else:
                t = self.state.t
                self._take(self.engine.step(ev.Silence(t, max(0.0, now - t))))
        self._release(now)

    def _follow(self) -> None:
        key = (self.state.node, self.state.ended)
        if key != self._followed:
            self._followed = key
            self.ear.follow(self.engine)

    def _release(self, now: float) -> None:
        self._pending.sort(key=lambda p: (p[0], p[1]))
        while self._pending and self._pending[0][0] <= now:
            t, _, action = self._pending.pop(0)
            self._show(t, action)

    # ------------------------------------------------------------------ helpers

    def _command(self, make: Any, text: str) -> None:
        t = max(self.clock.now(), self.state.t)
        self.tick(upto=t)
        if self.live:
            self._step(make(round(t, 2)), t, text, who="system")
        self.tick()

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


def scenario_lines(scenario: Scenario) -> list[LineToSay]:
    """Every line the caller may say in ``scenario`` (for rendering ahead of the call)."""
    out: dict[str, LineToSay] = {}
    persona, mood = scenario.caller.persona, scenario.caller.mood
    for node in scenario.nodes.values():
        texts = [*node.say, *node.unclear, *(t for tr in node.transitions for t in tr.say)]
        for text in texts:
            out.setdefault(text, LineToSay(-1, text, node.mood or mood, persona, node.noise))
    return list(out.values())
