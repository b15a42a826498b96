"""The headless driver: plays a scenario with a scripted (or typed) trainee and simulated timing.

The same :class:`~simulator.engine.Engine` as the TUI, fed with events built from script steps.
Simulated timing of the trainee:

* the phone is picked up after ``/answer N`` seconds of ringing (default 2);
* speech takes one second per 4 characters (every character but spaces counts);
* an action starts 0.8 s after the later of the trainee's own last action and the end of the
  caller's last line — except right after ``/wait``, when it starts as the silence ends
  (still never before the caller's line ended + 0.8 s);
* ``/wait N`` is N seconds of silence starting when both the trainee and the caller are quiet;
* ``/interrupt N``: the next line starts N s before the caller's last line ends (never before
  that line started nor before the trainee's own last action ended).

Before each action the runner advances the engine to the action's start with a
:class:`~simulator.engine.events.Silence`, so it knows whether the caller ended the call first;
the remaining steps are then skipped and a note says so. If the script ends while the call goes
on, the trainee stays silent until the caller's timeouts end it, at most ``tail_limit`` seconds
(default 300); then, or when the caller has nothing scheduled, the trainee hangs up. Notes say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.call.ports import CallJournal
from simulator.call.timing import REPLY_GAP, speech_seconds
from simulator.engine import Engine, EngineState, Matcher
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.engine.timing import DEFAULT_TIMING, CallerTiming, r2
from simulator.play.script import Script, Step
from simulator.play.transcript import Entry, action_text, seconds
from simulator.scenario.model import Scenario

TAIL_LIMIT = 300.0


@dataclass
class PlayResult:
    record: dict[str, Any]
    state: EngineState
    transcript: list[Entry]
    notes: list[str] = field(default_factory=list)
    # For each node of ``state.path``: the script line being played when the caller entered it
    # (0: at the pick-up; after the script: its last line) — where a golden call went astray.
    path_lines: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [e.render() for e in self.transcript]


class Runner:
    def __init__(self, scenario: Scenario, seed: int = 0, *, matcher: Matcher | None = None,
                 act_moods: Mapping[str, int] | None = None, timing: CallerTiming = DEFAULT_TIMING,
                 tail_limit: float = TAIL_LIMIT, journal: CallJournal | None = None) -> None:
        """``journal``: handed the record so far after every engine step (``hotline play --save``)."""
        self.engine = Engine(scenario, seed, matcher=matcher, act_moods=act_moods, timing=timing)
        self.journal = journal
        self.tail_limit = tail_limit
        self.entries: list[Entry] = []
        self.notes: list[str] = []
        self.prev_end = 0.0
        self.after_wait = False
        self.interrupt: float | None = None
        self.caller_lines: dict[int, tuple[float, float]] = {}
        self.until: float | None = None  # the engine's last Wait
        self.unplayed: list[Step] = []  # steps that came after the call had ended
        self.path_lines: list[int] = []
        self.last_line = 0  # the script line played last

    # ------------------------------------------------------------------ driving

    @property
    def ended(self) -> bool:
        return self.engine.state.ended

    def ring(self, answer_after: float) -> list[Entry]:
        """Start the call and pick up after ``answer_after`` seconds (may already be abandoned)."""
        mark = len(self.entries)
        self._take(self.engine.start())
        t = r2(answer_after)
        answer = Entry(t, -1, "—— 话务员接听 ——")  # before the caller's reaction at the same time
        self._take(self.engine.step(ev.Answer(t)))
        if self.engine.state.answered:
            self.entries.append(answer)
            self.prev_end = t
        return self._since(mark)

    def apply(self, step: Step) -> list[Entry]:
        """One trainee step; the new dialogue lines (empty when the call had already ended)."""
        try:
            return self._apply(step)
        finally:
            self.mark_path(step.line)
            self.last_line = step.line

    def mark_path(self, line: int) -> None:
        """The nodes entered since the last mark were entered while script line ``line`` played."""
        entered = len(self.engine.state.path) - len(self.path_lines)
        self.path_lines.extend([line] * max(entered, 0))

    def _apply(self, step: Step) -> list[Entry]:
        mark = len(self.entries)
        if self.ended:
            self.unplayed.append(step)
            return []
        if step.kind == "interrupt":
            self.interrupt = step.seconds
            return []
        if step.kind == "wait":
            start = max(self.prev_end, self._caller_end(), self.engine.state.t)
            if not self._idle_until(start):
                self.unplayed.append(step)
                return self._since(mark)
            self._own(start, f"（话务员沉默 {seconds(step.seconds)} 秒）")
            self._take(self.engine.step(ev.Silence(start, step.seconds)))
            self.prev_end, self.after_wait = start + step.seconds, True
            return self._since(mark)
        start = self._start_time(step.kind == "say")
        if not self._idle_until(start):
            self.unplayed.append(step)
            return self._since(mark)
        end = start
        if step.kind == "say":
            end = r2(start + speech_seconds(step.text))
            self._own(start, f"话务员：{step.text}")
            self._take(self.engine.step(ev.Say(start, end, step.text)))
        else:
            text, event = self._command(step, start)
            self._own(start, text)
            self._take(self.engine.step(event))
        self.prev_end, self.after_wait, self.interrupt = end, False, None
        return self._since(mark)

    def finish(self) -> list[Entry]:
        """The script is over: stay silent until the call ends (bounded), then hang up."""
        mark = len(self.entries)
        if self.ended:
            return []
        start = max(self.prev_end, self._caller_end(), self.engine.state.t)
        limit = start + self.tail_limit
        limit_text = seconds(self.tail_limit)
        self.notes.append(f"脚本已结束而通话仍在进行：话务员保持沉默，等待来电者结束通话"
                          f"（最多 {limit_text} 秒）。")
        while not self.ended:
            now = self.engine.state.t
            if self.until is None or self.until > limit:
                stop = limit if self.until is not None else max(now, start)
                if self._idle_until(stop):
                    why = "来电者不会再有动作" if self.until is None else f"等了 {limit_text} 秒"
                    self.notes.append(f"{why}，话务员挂机结束通话。")
                    self._own(stop, "—— 话务员挂机 ——")
                    self._take(self.engine.step(ev.HangUp(stop)))
                break
            self._take(self.engine.step(ev.Silence(now, self.until - now)))
        return self._since(mark)

    def result(self) -> PlayResult:
        transcript = sorted(self.entries, key=lambda e: (e.t, e.seq))
        self.mark_path(self.last_line)  # after the script: what its last line left the caller to do
        return PlayResult(self.engine.record(), self.engine.state, transcript, list(self.notes),
                          list(self.path_lines))

    # ------------------------------------------------------------------ helpers

    def _start_time(self, say: bool) -> float:
        caller_end = self._caller_end()
        if say and self.interrupt is not None:
            line_start = max((t for t, end in self.caller_lines.values() if end == caller_end), default=0.0)
            start = max(self.prev_end, line_start, caller_end - self.interrupt)
        else:
            gap = 0.0 if self.after_wait else REPLY_GAP
            start = max(self.prev_end + gap, caller_end + REPLY_GAP if self.caller_lines else 0.0)
        return r2(max(start, self.engine.state.t))

    def _command(self, step: Step, t: float) -> tuple[str, ev.Event]:
        if step.kind == "hold":
            return "—— 话务员将来电保持 ——", ev.Hold(t)
        if step.kind == "unhold":
            return "—— 话务员取消保持 ——", ev.Unhold(t)
        if step.kind == "transfer":
            return f"—— 话务员转接至 {step.text} ——", ev.Transfer(t, step.text)
        return "—— 话务员挂机 ——", ev.HangUp(t)

    def _idle_until(self, t: float) -> bool:
        """Advance the engine to ``t`` in silence; False when the call ended on the way."""
        now = self.engine.state.t
        if not self.ended and t > now:
            self._take(self.engine.step(ev.Silence(now, t - now)))
        return not self.ended

    def _caller_end(self) -> float:
        return max((end for _, end in self.caller_lines.values()), default=0.0)

    def _take(self, actions: list[ac.Action]) -> None:
        for action in actions:
            if isinstance(action, ac.CallerSay):
                self.caller_lines[action.line] = (action.t, action.end)
            elif isinstance(action, ac.CallerCut):
                t, _ = self.caller_lines[action.line]
                self.caller_lines[action.line] = (t, action.t)
            elif isinstance(action, ac.Wait):
                self.until = action.until
            printed = action_text(action)
            if printed is not None:
                self._own(*printed)
        if self.journal is not None:
            self.journal.sync(self.engine.record())

    def _own(self, t: float, text: str) -> None:
        self.entries.append(Entry(t, len(self.entries), text))

    def _since(self, mark: int) -> list[Entry]:
        return sorted(self.entries[mark:], key=lambda e: (e.t, e.seq))


FOLLOW_LIMIT = 500  # steps played by a script that follows the caller (a loop of repeated groups)
REPEATS = 2  # times a node's last @node group is played again when the caller comes back to it


def _follow(runner: Runner, script: Script, groups: dict[str, list[tuple[Step, ...]]]) -> None:
    """Play a script with ``@node`` lines: at each turn the group for the node the caller waits at
    (the next unused one), else the next plain line, else the node's last group again."""
    queue = list(script.in_order)
    used: dict[str, int] = {}
    played = 0
    while not runner.ended and played < FOLLOW_LIMIT:
        node = runner.engine.state.node or ""
        mine = groups.get(node, [])
        n = used.get(node, 0)
        if n < len(mine):
            steps = mine[n]
        elif queue:
            steps = (queue.pop(0),)
        elif mine and n < len(mine) + REPEATS:
            steps = mine[-1]
        else:
            break
        if steps[0].node:
            used[node] = n + 1
        for step in steps:
            runner.apply(step)
            played += 1
    runner.unplayed.extend(queue)
    idle = [f"@{node}" for node, gs in groups.items() if not used.get(node)]
    if idle:
        runner.notes.append(f"脚本里 {'、'.join(idle)} 的话没有用上：来电者没有停在这些节点。")


def play_script(scenario: Scenario, script: Script, seed: int = 0, **options: Any) -> PlayResult:
    """Play ``script`` against ``scenario`` (``options``: matcher, act_moods, timing, tail_limit)."""
    runner = Runner(scenario, seed, **options)
    runner.ring(script.answer_after)
    runner.mark_path(0)
    groups = script.groups()
    if groups:
        _follow(runner, script, groups)
    else:
        for step in script.actions:
            runner.apply(step)
    if runner.unplayed:
        first = runner.unplayed[0].line
        runner.notes.append(f"通话已结束，脚本第 {first} 行起的 {len(runner.unplayed)} 个动作没有执行。")
    runner.finish()
    return runner.result()
