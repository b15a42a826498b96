"""The engine: a pure, seeded stepper that plays the caller of one scenario.

No I/O, no clock of its own: time comes only from events, randomness only from
``random.Random(seed)``, so the same scenario, seed and events always give the same actions
and the same record. The TUI, the headless ``hotline play`` and the tests drive this one class::

    eng = Engine(scenario, seed=1)                     # matcher=, act_moods=, timing= injectable
    eng.start()                                        # [Ring(0.0), Wait(30.0)]
    eng.step(ev.Answer(t=2.0))                         # the caller's first actions, then Wait(…)
    eng.step(ev.Say(t=3.0, end=6.5, text="您好……"))
    eng.state, eng.record()

Rules (events: :mod:`.events`; actions: :mod:`.actions`; transition choice: :mod:`.rules`;
nodes and lines: :mod:`.caller`; mood: :mod:`.mood`; timing: :mod:`.timing`; record: :mod:`.record`;
the injectable matcher: :mod:`.matching`):

* Answer enters the scenario's start node; a node says one of its ``say`` variants (seeded
  pick), sets its ``mood``, then ends the call (terminal), goes on to ``next`` or waits.
* Silence timeouts count from the latest of: the caller's last line end, the operator's last
  utterance end, entering the node, taking the caller off hold. They are suspended on hold.
  ``held`` timeouts count from the later of putting on hold and entering the node.
* On hold the caller's lines are not heard: lines of nodes entered on hold are kept and said
  right after Unhold (unless an ``unhold`` transition fires instead); a Say on hold is not heard
  (not recorded, not matched); time still advances.
* Transfer / HangUp always end the call. A matching ``transfer`` / ``hangup`` transition is
  followed (nodes are entered, silently) and a terminal node reached gives outcome and success;
  otherwise the call ends ``transferred`` / ``operator_hung_up`` with success false.
* A terminal node reached any other way: the caller says its line and hangs up.
  Success is the node's ``success`` (default false).
* A ring not answered within ``timing.ring_timeout`` is ``abandoned``.
* Barge-in: an operator Say starting inside a caller line overlaps it (both stay in the record);
  at a ``barge_in: cut`` node the caller stops (:class:`CallerCut`, the line's end moves).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.engine import rules
from simulator.engine.caller import CallerSide
from simulator.engine.matching import Matcher, act_moods_of, default_matcher, inoffensive_of
from simulator.engine.mood import utterance_delta
from simulator.engine.record import CallRecorder
from simulator.engine.state import Call, Cue, EngineState, match_context
from simulator.engine.timing import DEFAULT_TIMING, CallerTiming, r2
from simulator.errors import EngineError
from simulator.phrases.types import Hit
from simulator.scenario.facts import facts_of
from simulator.scenario.model import Node, Scenario, Transition

MAX_FIRINGS = 1000  # timeouts fired by one event before the engine suspects a loop


class Engine:
    def __init__(self, scenario: Scenario, seed: int = 0, *, matcher: Matcher | None = None,
                 act_moods: Mapping[str, int] | None = None, timing: CallerTiming = DEFAULT_TIMING) -> None:
        """``matcher`` defaults to :func:`simulator.phrases.default_matcher`; ``act_moods`` (act id →
        default mood change) to the :attr:`Act.mood` of the matcher's acts (or the act library)."""
        self.scenario = scenario
        self.seed = seed
        self.timing = timing
        self._matcher = matcher
        self._act_moods = act_moods
        self._inoffensive: frozenset[str] | None = None
        self._ctx = match_context(scenario.hotline)
        self._rec = CallRecorder(scenario.id, scenario.hotline.name, scenario.hotline.aliases, seed,
                                 facts=facts_of(scenario))
        self._c = Call(mood=scenario.caller.mood)
        self._caller = CallerSide(scenario, self._c, random.Random(seed), self._rec, timing,
                                  lambda: self._due_time())

    # ------------------------------------------------------------------ public API

    @property
    def state(self) -> EngineState:
        return self._c.snapshot()

    def record(self) -> dict[str, Any]:
        """The call so far as a ``hotline-call/1`` dict (complete once the call ended)."""
        return self._rec.build(self._c.path, self._c.outcome, self._c.success)

    def start(self) -> list[ac.Action]:
        """The phone rings: ``[Ring(0.0), Wait(ring timeout)]``."""
        if self._c.started:
            raise EngineError("start() 只能调用一次")
        self._c.started = True
        self._rec.add(0.0, "ring")
        self._rec.mood(0.0, self._c.mood)
        return [ac.Ring(0.0), ac.Wait(r2(self.timing.ring_timeout))]

    def step(self, event: ev.Event) -> list[ac.Action]:
        """Apply one trainee event; the caller's actions, ending with Wait or CallEnded."""
        c = self._c
        if not c.started:
            raise EngineError("请先调用 start()")
        if c.ended:
            raise EngineError(f"通话已结束（{c.outcome}），不能再处理事件 {type(event).__name__}")
        out: list[ac.Action] = []
        self._caller.out = out
        if isinstance(event, ev.CallerPlayed):
            self._on_played(event)
        elif isinstance(event, ev.Answer):
            self._on_answer(event)
        else:
            if not c.answered:
                raise EngineError(f"电话还没接听，不能处理 {type(event).__name__}")
            self._dispatch(event)
        if not c.ended:
            out.append(ac.Wait(self._due_time()))
        return out

    # ------------------------------------------------------------------ events

    def _dispatch(self, e: ev.Event) -> None:
        if isinstance(e, ev.Say) and e.end < e.t:
            raise EngineError(f"说话的结束时间 {e.end} 早于开始时间 {e.t}")
        if isinstance(e, ev.Silence) and e.seconds < 0:
            raise EngineError("沉默的秒数不能是负数")
        t = e.t
        self._advance(t)
        if self._c.ended:
            return  # a timeout due before the event ended the call: the event is dropped
        node, mood = self._node(), self._c.mood
        if isinstance(e, ev.Say):
            self._on_say(e)
        elif isinstance(e, ev.Silence):
            self._advance(t + e.seconds)
        elif isinstance(e, ev.Hold):
            self._on_hold(t)
        elif isinstance(e, ev.Unhold):
            self._on_unhold(t)
        elif isinstance(e, ev.Transfer):
            self._rec.add(t, "transfer", to=e.to)
            self._operator_ends(rules.for_transfer(node, e.to, mood), t, "transferred")
        elif isinstance(e, ev.HangUp):
            self._rec.add(t, "hangup", who="operator")
            self._operator_ends(rules.first(node, "hangup", mood), t, "operator_hung_up")

    def _on_answer(self, e: ev.Answer) -> None:
        if self._c.answered:
            raise EngineError("电话已经接听过了")
        self._advance(e.t)
        if self._c.ended:
            return
        self._c.answered = True
        self._rec.add(e.t, "answer")
        self._caller.walk(self.scenario.start, Cue(e.t))

    def _on_say(self, e: ev.Say) -> None:
        c, caller = self._c, self._caller
        c.now = max(c.now, e.end)
        if c.held:
            return  # the caller on hold does not hear it
        self._rec.say("operator", e.text, e.t, e.end, e.confidence, typed=e.typed or None)
        caller.barge_in(e.t)
        c.op_end = max(c.op_end, e.end)
        matcher = self._get_matcher()
        acts = self._acts(matcher.detect(e.text, self._ctx))
        delta = utterance_delta(acts, self.scenario.mood_rules, self._get_act_moods())
        if delta:
            caller.shift_mood(e.end, delta)
        node = self._node()
        cue = Cue(e.end, (e.t, e.end) if node.talks_over else None)
        tr = rules.for_utterance(node, acts, c.mood, rules.said_in(e.text, matcher))
        if tr is not None:
            caller.goto(tr, cue)
        elif node.unclear:
            caller.say(caller.pick(node.unclear), node, cue)
        else:
            caller.silent(node, e.end)

    def _on_hold(self, t: float) -> None:
        c = self._c
        if c.held:
            raise EngineError("来电已经在保持中")
        self._rec.add(t, "hold")
        c.held, c.hold_start = True, t
        tr = rules.first(self._node(), "hold", c.mood)
        if tr is not None:
            self._caller.goto(tr, Cue(t))

    def _on_unhold(self, t: float) -> None:
        c = self._c
        if not c.held:
            raise EngineError("来电不在保持中，无法取消保持")
        self._rec.add(t, "unhold")
        c.held, c.unheld_at = False, t
        pending, c.pending = c.pending, []
        tr = rules.first(self._node(), "unhold", c.mood)
        if tr is not None:
            self._caller.goto(tr, Cue(t))
            return
        cue = Cue(t)
        for text, node_id in pending:
            self._caller.say(text, self.scenario.node(node_id), cue)

    def _operator_ends(self, tr: Transition | None, t: float, default: str) -> None:
        self._c.pending = []
        if tr is not None:
            self._caller.goto(tr, Cue(t, audible=False))
        if not self._c.ended:
            self._caller.end(t, default, False)

    def _on_played(self, e: ev.CallerPlayed) -> None:
        line = self._c.lines.get(e.line)
        if line is None:
            raise EngineError(f"没有编号为 {e.line} 的来电者台词")
        was_last = line.end >= self._c.caller_end
        line.t, line.end = r2(e.t), r2(e.end)
        self._rec.retime(line.index, line.t, line.end)
        if was_last:
            self._c.caller_end = line.end

    # ------------------------------------------------------------------ time

    def _advance(self, t: float) -> None:
        """Move time to ``t``, firing every timeout due at or before it, in order."""
        c = self._c
        if t < c.now - rules.EPS:
            raise EngineError(f"事件时间 {t:.2f} 秒早于当前时间 {c.now:.2f} 秒（时间不能倒退）")
        for _ in range(MAX_FIRINGS):
            if c.ended:
                return
            due = self._next_due()
            if due is None or due[0] > t + rules.EPS:
                break
            when, tr = due
            c.now = max(c.now, when)
            if tr is None:
                self._caller.abandon(when)
            else:
                self._caller.goto(tr, Cue(when))
        else:
            raise EngineError(f"场景 {self.scenario.id} 在节点 {self.state.node} 的超时转换形成了死循环")
        c.now = max(c.now, t)

    def _next_due(self) -> tuple[float, Transition | None] | None:
        return rules.next_due(self._c, self.timing.ring_timeout)

    def _due_time(self) -> float | None:
        due = self._next_due()
        return r2(due[0]) if due is not None else None

    # ------------------------------------------------------------------ helpers

    def _node(self) -> Node:
        node = self._c.node
        if node is None:
            raise EngineError("通话还没有进入任何节点")
        return node

    def _get_matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = default_matcher()
        return self._matcher

    def _acts(self, hits: Iterable[Hit]) -> set[str]:
        """The acts the caller reacts to: a 禁语 a caller takes no offence at (a lone 喂 on
        answering) is left to the grader."""
        if self._inoffensive is None:
            self._inoffensive = inoffensive_of(self._get_matcher())
        mild = self._inoffensive
        return {h.act for h in hits if not (h.act == "forbidden" and h.entry in mild)}

    def _get_act_moods(self) -> Mapping[str, int]:
        if self._act_moods is None:
            self._act_moods = act_moods_of(self._get_matcher())
        return self._act_moods
