"""The caller's side of the engine: entering nodes, saying lines, moods and ending the call.

:class:`CallerSide` owns nothing of its own: it works on the engine's :class:`~.state.Call`,
its seeded RNG, its recorder and the action list of the current step.

* Entering a node appends it to the path, sets its ``mood``, says one of its ``say`` variants
  (unless ``silent``), then ends the call (terminal), goes on to ``next`` or waits (a waiting
  node without a line emits :class:`CallerSilent`).
* A firing transition first adds its ``mood``, then says its own ``say`` (attributed to the node
  it leaves), then enters its ``goto`` (a ``stay`` transition enters nothing: the caller waits on).
* Lines follow each other (timing in :mod:`.timing`); the caller never overlaps themself.
  On hold lines are kept in ``pending``; after the operator hung up or transferred none are said.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from simulator.engine import actions as ac
from simulator.engine.mood import shift
from simulator.engine.record import CallRecorder
from simulator.engine.state import Call, Cue, Line
from simulator.engine.timing import CallerTiming, r2
from simulator.errors import EngineError
from simulator.scenario.model import Node, Scenario, Transition

MAX_PASS = 100  # pass-through (``next``) nodes in a row before the engine suspects a loop


class CallerSide:
    def __init__(self, scenario: Scenario, call: Call, rng: random.Random, rec: CallRecorder,
                 timing: CallerTiming, next_due: Callable[[], float | None]) -> None:
        self.scenario = scenario
        self.c = call
        self.rng = rng
        self.rec = rec
        self.timing = timing
        self.next_due = next_due
        self.out: list[ac.Action] = []

    def goto(self, tr: Transition, cue: Cue) -> None:
        if tr.mood:
            self.shift_mood(cue.t, tr.mood)
        if tr.say and self.c.node is not None:
            self.say(self.pick(tr.say), self.c.node, cue)
        if tr.stay and self.c.node is not None:
            if not tr.say:
                self.silent(self.c.node, cue.t)
            return  # a protest: the caller keeps waiting where they are
        self.walk(tr.goto, cue)

    def walk(self, node_id: str, cue: Cue) -> None:
        c = self.c
        for _ in range(MAX_PASS):
            node = self.scenario.nodes.get(node_id)
            if node is None:
                raise EngineError(f"场景 {self.scenario.id} 没有节点 {node_id!r}")
            c.path.append(node.id)
            c.node, c.entered_at = node, cue.t
            if node.mood:
                self.set_mood(cue.t, node.mood)
            if node.say and not node.silent:
                self.say(self.pick(node.say), node, cue)
            if node.terminal:
                self.finish(node, cue)
                return
            if node.next is None:
                if (node.silent or not node.say) and cue.audible and not c.held:
                    self.silent(node, cue.t)
                return
            node_id = node.next
        raise EngineError(f"场景 {self.scenario.id} 的 next 形成了循环（经过 {node_id!r}）")

    def say(self, text: str, node: Node, cue: Cue) -> None:
        c, tm = self.c, self.timing
        if not cue.audible:
            return
        if c.held:
            c.pending.append((text, node.id))
            return
        if cue.last_end is not None:
            start = cue.last_end + tm.line_gap(self.rng)
        elif cue.talk_over is not None:
            start = tm.talk_over_start(*cue.talk_over, self.rng)
        else:
            start = cue.t + tm.reaction_delay(c.mood, self.rng)
        if start < c.caller_end:  # the caller never talks over themself
            start = c.caller_end + tm.line_gap(self.rng)
        start = r2(start)
        end = r2(start + tm.duration(text, c.mood, self.rng))
        overlaps = cue.talk_over is not None and start < cue.talk_over[1]
        index = self.rec.say("caller", text, start, end)
        line_id = len(c.lines) + 1
        c.lines[line_id] = Line(index, start, end, node.id)
        c.caller_end = max(c.caller_end, end)
        cue.last_end = end
        self.out.append(ac.CallerSay(start, end, text, c.mood, node.id, line_id, overlaps, node.noise))

    def silent(self, node: Node, t: float) -> None:
        due = self.next_due()
        self.out.append(ac.CallerSilent(r2(t), r2(due - t) if due is not None else None, node.id, node.noise))

    def barge_in(self, t: float) -> None:
        """The operator starts talking at ``t``: cut a caller line in progress at a ``cut`` node."""
        c = self.c
        for line_id, line in c.lines.items():
            if not line.t <= t < line.end or self.scenario.node(line.node).barge_in != "cut":
                continue
            cut = r2(t + self.timing.cut_after)
            if cut < line.end:
                if c.caller_end == line.end:
                    c.caller_end = cut
                line.end = cut
                self.rec.retime(line.index, end=cut)
                self.out.append(ac.CallerCut(cut, line_id))

    def finish(self, node: Node, cue: Cue) -> None:
        outcome = node.end or "resolved"
        success = bool(node.success)  # the loader's default: false
        t = cue.t
        if cue.audible:  # the caller ends the call
            t = r2((cue.last_end if cue.last_end is not None else cue.t) + self.timing.hangup_delay)
            self.out.append(ac.CallerHangUp(t))
            self.rec.add(t, "hangup", who="caller")
        self.end(t, outcome, success)

    def abandon(self, t: float) -> None:
        self.out.append(ac.CallerHangUp(r2(t)))
        self.rec.add(t, "hangup", who="caller")
        self.end(t, "abandoned", False)

    def end(self, t: float, outcome: str, success: bool) -> None:
        c = self.c
        c.ended, c.outcome, c.success, c.pending = True, outcome, success, []
        self.out.append(ac.CallEnded(r2(t), outcome, success))

    def set_mood(self, t: float, mood: str) -> None:
        if mood != self.c.mood:
            self.out.append(ac.MoodChange(r2(t), self.c.mood, mood))
            self.rec.mood(r2(t), mood)
            self.c.mood = mood

    def shift_mood(self, t: float, steps: int) -> None:
        self.set_mood(t, shift(self.c.mood, steps))

    def pick(self, variants: tuple[str, ...]) -> str:
        return variants[0] if len(variants) == 1 else self.rng.choice(variants)
