"""One live call, driven in time: the engine, the call clock, the caller's voice and the ear.

Headless (no textual, no audio library): the call screen, the benchmarks and the tests drive this
one class. They call the trainee's actions (:meth:`answer`, :meth:`hold`, typed replies, …), feed
what the ear heard (:meth:`speaking`, :meth:`heard`, :meth:`barge_in`) and what the voice played
(:meth:`played`), call :meth:`tick` often (20 Hz in the app), and read :meth:`drain` (new
transcript lines) and the state properties.

**Time** (:mod:`simulator.call.clock`) is the trainee's time. Every event carries the call clock's
reading. Caller actions lie in the future (reaction delay, speaking time): they wait in
``_pending`` until the clock reaches them (:meth:`tick`). The silence timer is the engine's
``Wait(until)``: when the clock passes ``until`` a ``Silence`` is sent, unless the trainee speaks.
An unanswered ring past the ring timeout is sent as a late ``Answer`` (the caller gives up).

**Lines owed.** A caller line handed to a voice that reports playback (:attr:`CallerVoice.
reports_played`) is *owed* until it starts to sound: on a slow machine synthesising it may take
seconds. Meanwhile the clock holds at the line's start, so nothing scheduled after the line (the
caller's next line, a hang-up, a silence timeout) can happen before the trainee heard it, and the
line appears in the transcript when it sounds. The record's order and times are what the trainee
heard, whatever the machine's speed. A line that never sounds (render failed, stopped) releases
the hold; so does one that has not reported after :data:`OWED_MAX` wall seconds. While the trainee
speaks the hold is lifted (their speech takes real time) and set again when they stop.

**Typed replies** (:meth:`compose`, :meth:`say_typed`): the first keystroke holds the clock where
the reply starts — 0.8 s after the caller's line ended when nothing happened since (the time spent
reading the line on screen is not dead air), else now — and sending it moves the clock to the end
of the reply as spoken (:mod:`simulator.call.timing`). The record marks the reply ``typed``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from simulator.call import frames as fr
from simulator.call.clock import CallClock, Source, owed
from simulator.call.ports import (
    CallerVoice,
    CallJournal,
    LineToSay,
    NoEar,
    OperatorEar,
    PlayedCallback,
    SilentVoice,
)
from simulator.call.render_ahead import upcoming_texts
from simulator.call.timing import REPLY_GAP, speech_seconds
from simulator.call.turns import Turn, Who, scenario_lines
from simulator.call.wording import caller_silent, event_note
from simulator.engine import Engine, EngineState
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.scenario.model import Scenario

__all__ = ["REPLY_GAP", "RING_PERIOD", "CallSession", "Turn", "Who", "scenario_lines"]

RING_PERIOD = 5.0  # China's ring cadence: 1 s on, 4 s off
MAX_FIRINGS = 20  # silence steps per tick (each fires every timeout due; one is normally enough)
OWED_MAX = 120.0  # real seconds a line may take to start sounding before it is given up on (a
# fresh install on a busy two-core machine renders a long line with Kokoro in 15–60 s)
EAR_SLACK = 0.25  # seconds the ear may lag (its own reporting) before silence waits for it
EAR_MAX = 120.0  # real seconds silence waits for an ear that stays behind (decoding a long turn on
# a starved machine takes a while; an input that stopped reports itself lost well before this)
PRE_ANSWER = 0.5  # seconds before the answer a heard turn may start (a greeting begun as F2 is pressed)


class CallSession:
    def __init__(self, scenario: Scenario, seed: int = 0, *, source: Source = time.monotonic,
                 voice: CallerVoice | None = None, ear: OperatorEar | None = None,
                 engine: Engine | None = None, clock: CallClock | None = None,
                 on_played: PlayedCallback | None = None,
                 on_event: Callable[[dict[str, Any]], None] | None = None,
                 journal: CallJournal | None = None) -> None:
        """``on_played``: what the voice calls (from its thread) when a line really played;
        default :meth:`played` (only safe when the voice calls back on this thread).
        ``on_event``: called on this thread with every transcript line as it is shown.
        ``journal``: handed the record so far after every engine step (the records store's journal)."""
        self.scenario = scenario
        self.seed = seed
        self.engine = engine or Engine(scenario, seed)
        self.clock = clock or CallClock(source)
        self.voice: CallerVoice = voice or SilentVoice()
        self.ear: OperatorEar = ear or NoEar()
        self.on_played: PlayedCallback = on_played or self.played
        self.on_event = on_event
        self.journal = journal
        self.is_speaking = False
        self.mood: str = scenario.caller.mood
        self.interrupted = False
        self.answered_at: float | None = None
        self.ended_at: float | None = None  # when the call is over on screen
        self.turns: list[Turn] = []
        self._new: list[Turn] = []
        self._pending: list[tuple[float, int, ac.Action]] = []  # (call time, order, action) not shown yet
        self._seq = 0
        self._until: float | None = None  # the silence timer: when the engine wants a Silence
        self._caller_end = 0.0
        self._owed: dict[int, tuple[float, float]] = {}  # line owed → (call time due, wall time)
        self._said: dict[int, ac.CallerSay] = {}
        self._given_up: set[int] = set()
        self._line_times: dict[int, tuple[float, float]] = {}  # line → (start, end) as heard
        self._compose_at: float | None = None
        self._followed: tuple[str | None, bool] = (None, False)
        self._last_shown = 0.0  # call time of the latest transcript line
        self._ear_behind_since: float | None = None  # real time the ear fell behind a silence due

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
    def owed(self) -> bool:
        """A caller line is due but not sounding yet (its voice is still being prepared)."""
        return bool(self._owed)

    @property
    def composing(self) -> bool:
        return self._compose_at is not None

    @property
    def caller_end(self) -> float:
        """When the caller's last scheduled line ends (call time; 0 before any line)."""
        return self._caller_end

    def now(self) -> float:
        return self.clock.now()

    def has_due_caller_line(self) -> bool:
        """The caller is yet to say a line the engine scheduled (not shown yet)."""
        return any(isinstance(p[2], ac.CallerSay) for p in self._pending)

    def caller_line_start(self) -> float:
        """When the caller's last line (the one ending last) started (0 before any line)."""
        times = list(self._line_times.values())
        return max(times, key=lambda te: te[1])[0] if times else 0.0

    def silence_due(self) -> float | None:
        """When the caller next acts on the trainee's silence (None: never, or the call ended)."""
        return None if self.state.ended else self._until

    def rings(self) -> int:
        """How many rings so far (1 while the first one sounds)."""
        return int(self.clock.now() // RING_PERIOD) + 1

    def talk_seconds(self) -> float:
        """The visible call timer: call seconds since the answer — the transcript's own time."""
        if self.answered_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else self.clock.peek()
        return max(0.0, end - self.answered_at)

    def drain(self) -> list[Turn]:
        out, self._new = self._new, []
        return out

    def record(self) -> dict[str, Any]:
        rec = self.engine.record()
        if self.interrupted:
            rec["interrupted"] = True
        return rec

    # ------------------------------------------------------------------ the clock

    def tick(self, upto: float | None = None) -> None:
        """Show what is due and fire the silence timer; ``upto``: not past this call time."""
        self._give_up_owed()
        now = self.clock.now() if upto is None else upto
        for _ in range(MAX_FIRINGS):
            self._release(now)
            if self.state.ended or self._until is None or self._until > now:
                break
            if self.is_speaking and self.state.answered:
                break  # no silence while the trainee speaks: the turn will cover the span
            if self._owed and self.state.answered:
                break  # the caller's line has not sounded yet: it is not the trainee's silence
            if self.state.answered and not self._heard_to(self._until):
                break  # the ear has not listened that far yet: the trainee may be talking
            if not self.state.answered:
                self._take(self.engine.step(ev.Answer(now)))  # rang out: the caller gives up
            else:
                t = self.state.t
                self._take(self.engine.step(ev.Silence(t, max(0.0, now - t))))
        self._release(now)

    def _heard_to(self, t: float) -> bool:
        """The ear has listened up to call time ``t`` (or judges nothing): on a busy machine it
        falls behind, and silence is judged only on what it has heard. An ear that stays behind
        for :data:`EAR_MAX` real seconds is not waited for (a stalled input is its own fault)."""
        heard = self.ear.heard_until()
        if heard is None or heard >= t - EAR_SLACK:
            self._ear_behind_since = None
            return True
        wall = time.monotonic()
        if self._ear_behind_since is None:
            self._ear_behind_since = wall
        return wall - self._ear_behind_since > EAR_MAX

    def _give_up_owed(self) -> None:
        wall = time.monotonic()  # real seconds, whatever the call clock's source
        for line, (_, since) in list(self._owed.items()):
            if wall - since > OWED_MAX:  # a voice that never reported: time runs again
                self._settle(line)
                self._given_up.add(line)  # if it plays after all, it keeps its place
                say = self._said.get(line)
                if say is not None:
                    self._show_line(say, say.t)

    def rewind(self, t: float) -> None:
        """Take the call clock back to ``t`` when nothing was shown or stepped after it (a driver
        that polls acts at a tick, a little after the moment it meant)."""
        if t >= max(self.state.t, self._last_shown) and not self.is_speaking and not self._owed:
            self.clock.rewind(t)

    # ------------------------------------------------------------------ trainee actions

    def ring(self) -> None:
        self.clock.start()
        self._take(self.engine.start())
        self.voice.ring(True)
        self._note(0.0, event_note("ring"))

    def answer(self) -> None:
        if not self.ringing:
            return
        t = round(self.clock.now(), 2)
        self.voice.ring(False)
        acts = self.engine.step(ev.Answer(t))
        if self.state.answered:
            self.answered_at = t
            self._note(t, event_note("answer", rang=t))
        self._take(acts)
        self.tick()

    def hold(self) -> None:
        if self.live and not self.state.held:
            self._command(lambda t: ev.Hold(t), event_note("hold"))
            self.voice.hold_music(True)

    def unhold(self) -> None:
        if self.live and self.state.held:
            self.voice.hold_music(False)
            self._command(lambda t: ev.Unhold(t), event_note("unhold"))

    def transfer(self, to: str) -> None:
        if self.live:
            self._command(lambda t: ev.Transfer(t, to), event_note("transfer", to=to))
            self._cut_off()

    def hang_up(self) -> None:
        if self.ringing:
            self.voice.ring(False)
        if self.live:
            self._command(lambda t: ev.HangUp(t), event_note("operator_hangup"))
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

    # ------------------------------------------------------------------ typed replies

    def reply_start(self) -> float:
        """When a reply begun now starts: 0.8 s after the caller's scheduled lines end, or now if
        that is past and something has happened since (a silence timeout, the trainee's turn)."""
        now = self.clock.now()
        if not self._caller_end:
            return now
        after = self._caller_end + REPLY_GAP
        if after >= now:
            return after
        quiet_since = max(self._last_shown, self.state.t, self._caller_end)
        if quiet_since <= after and not self._pending_before(now):
            return max(after, self.state.t)  # the time spent reading the line is not dead air
        return now

    def compose(self, typing: bool) -> None:
        """The reply box became non-empty (``True``) or was cleared (``False``)."""
        if typing and self._compose_at is None and self.live:
            start = self.reply_start()
            if start < self.clock.now():
                self.clock.rewind(start)
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
        end = start + speech_seconds(text)
        self._compose_at = None
        self.clock.thaw(to=end)
        self._step(ev.Say(start, end, text, typed=True), start, text, who="operator")
        self.tick()

    # ------------------------------------------------------------------ what the ear heard

    def feed(self, frame: fr.Frame) -> None:
        """A frame from the ear or the voice (on the driving thread); the screen-only ones —
        level, words so far, a failed ear — change nothing here."""
        if isinstance(frame, fr.Heard):
            self.heard(frame.start, frame.end, frame.text, frame.confidence)
        elif isinstance(frame, fr.Speaking):
            self.speaking(frame.on)
        elif isinstance(frame, fr.Echo):
            self.speaking(False)
        elif isinstance(frame, fr.BargeIn):
            self.barge_in(frame.line)
        elif isinstance(frame, fr.Played):
            self.played(frame.line, frame.start, frame.end)

    def speaking(self, on: bool) -> None:
        """The ear heard the trainee start (True) or stop without a turn (False)."""
        self.is_speaking = on
        self.voice.trainee_speaking(on)
        self._hold_owed(not on)

    def barge_in(self, line: int) -> None:
        """The trainee is talking over caller line ``line``: a ``barge_in: cut`` caller stops now."""
        node = self.scenario.nodes.get(self.state.node or "")
        if self.live and node is not None and node.barge_in == "cut":
            self.voice.cut(line)

    def heard(self, start: float, end: float, text: str, confidence: float | None = None) -> None:
        """A recognised turn (call time); not one begun while the phone rang."""
        self.speaking(False)
        if not self.live or not text.strip():
            return
        if self.answered_at is not None and start < self.answered_at - PRE_ANSWER:
            return
        t0 = max(start, self.state.t)
        t1 = max(end, t0)
        self.tick(upto=t0)
        if self.live:
            # not rounded: the tick may have moved the engine to t0 itself (the record rounds)
            self._step(ev.Say(t0, t1, text, confidence), t0, text, who="operator")
        self.tick()

    # ------------------------------------------------------------------ what the voice played

    def played(self, line: int, start: float, end: float) -> None:
        """The voice reports when a caller line really played (call time; start −1: never will)."""
        was_owed = line in self._owed
        self._settle(line)
        say = self._said.get(line)
        if say is not None and was_owed:
            self._show_line(say, start if start >= 0 else say.t)
        if self.state.ended or line in self._given_up:
            return
        if end >= start >= 0:
            self.ear.caller_line(line, start, end, say.text if say else "")
            self._take(self.engine.step(ev.CallerPlayed(line, round(start, 2), round(end, 2))))
            self._line_times[line] = (start, end)
            # the lines as they really sound (a voice may be shorter than the engine's estimate)
            self._caller_end = max(e for _, e in self._line_times.values())

    def _settle(self, line: int) -> None:
        """Line ``line`` sounds (or never will): the clock no longer holds for it."""
        if self._owed.pop(line, None) is not None:
            self.clock.release(owed(line))

    def _hold_owed(self, on: bool) -> None:
        """Lines owed hold the clock, except while the trainee speaks (their speech takes time)."""
        for line, (due, _) in self._owed.items():
            if on:
                self.clock.hold(owed(line), due)
            else:
                self.clock.release(owed(line))

    # ------------------------------------------------------------------ the engine's actions

    def _release(self, now: float) -> None:
        self._pending.sort(key=lambda p: (p[0], p[1]))
        while self._pending and self._pending[0][0] <= now:
            if self._owed:
                break  # nothing after a line the trainee has not heard yet
            t, _, action = self._pending.pop(0)
            self._show(t, action)

    def _pending_before(self, t: float) -> bool:
        return any(p[0] <= t for p in self._pending)

    def _step(self, event: ev.Event, t: float, text: str, *, who: Who) -> None:
        self._note(t, text, who)
        self._take(self.engine.step(event))

    def _cut_off(self) -> None:
        """The line is dead: nothing scheduled after now is heard."""
        now = self.clock.now()
        self._pending = [p for p in self._pending if p[0] <= now or isinstance(p[2], ac.CallEnded)]
        for line in list(self._owed):
            self._settle(line)
        self.voice.stop()

    def _take(self, actions: list[ac.Action]) -> None:
        for a in actions:
            if isinstance(a, ac.Wait):
                self._until = a.until
                continue
            if isinstance(a, ac.CallerSay):
                self._caller_end = max(self._caller_end, a.end)
                self._said[a.line] = a
                self._line_times[a.line] = (a.t, a.end)
            if isinstance(a, ac.CallerCut):
                start, _ = self._line_times.get(a.line, (a.t, a.t))
                self._line_times[a.line] = (start, a.t)
                self.voice.cut(a.line)
                self.ear.caller_cut(a.line, a.t)
            t = getattr(a, "t", 0.0)
            self._seq += 1
            self._pending.append((t, self._seq, a))
            if isinstance(a, ac.CallEnded):
                self._until = None
        self._follow()
        if self.journal is not None:  # every step (event, turn, retiming) reaches the store as it happens
            self.journal.sync(self.record())

    def _follow(self) -> None:
        key = (self.state.node, self.state.ended)
        if key != self._followed:
            self._followed = key
            self.ear.follow(self._hints())
            if not self.state.ended:
                self.voice.upcoming(upcoming_texts(self.scenario, self.state.node))

    def _hints(self) -> Any:
        """What the trainee is expected to say at the current node, as plain data for the ear."""
        from simulator.hearing.hints import NO_HINTS, hints_at

        state = self.state
        if state.node is None or state.ended or isinstance(self.ear, NoEar):
            return NO_HINTS
        return hints_at(self.scenario, state.node, state.mood)

    def _show(self, t: float, a: ac.Action) -> None:
        if isinstance(a, ac.CallerSay):
            self.mood = a.mood
            item = LineToSay(a.line, a.text, a.mood, self.scenario.caller.persona, a.noise)
            if self.voice.reports_played and not self.state.ended:
                # the line starts at its time, not at the tick that found it due: nothing has
                # been shown or stepped after that time yet
                if not self.is_speaking:
                    t = max(t, self.state.t, self._last_shown)
                    self.clock.rewind(t)
                    self.clock.hold(owed(a.line), t)
                self._owed[a.line] = (t, time.monotonic())
            else:
                self._show_line(a, t)
            self.voice.say(item, self.on_played)
        elif isinstance(a, ac.MoodChange):
            self.mood = a.new
        elif isinstance(a, ac.CallerSilent):
            node = self.scenario.nodes.get(a.node)
            if node is not None and node.silent:  # a caller who deliberately says nothing
                self._note(t, caller_silent(a.noise))
        elif isinstance(a, ac.CallerHangUp):
            self._note(t, event_note("caller_hangup"))
        elif isinstance(a, ac.CallEnded):
            self.voice.stop()
            for line in list(self._owed):
                self._settle(line)
            self._over(t)

    def _show_line(self, a: ac.CallerSay, t: float) -> None:
        self._add(Turn(t, "caller", a.text, a.mood))

    def _over(self, t: float) -> None:
        self.ended_at = t

    def _command(self, make: Any, text: str) -> None:
        t = max(self.clock.now(), self.state.t)
        self.tick(upto=t)
        if self.live:
            self._step(make(t), t, text, who="system")
        self.tick()

    def _note(self, t: float, text: str, who: Who = "system") -> None:
        self._add(Turn(round(t, 2), who, text))

    def _add(self, turn: Turn) -> None:
        self._last_shown = max(self._last_shown, turn.t)
        self.turns.append(turn)
        self._new.append(turn)
        if self.on_event is not None:
            self.on_event({"t": turn.t, "who": turn.who, "text": turn.text})
