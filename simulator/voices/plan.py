"""Which caller lines a scenario can say, and in which mood: what ``hotline voices render`` renders.

A line is said by the scenario's persona with the node's ``noise``. Its mood is known exactly only
while the call runs (the operator's words move it), so the plan follows the scenario graph the way
the engine does with *neutral* operator turns: the call starts in ``caller.mood``; entering a node
with ``mood`` sets it; a transition's ``mood`` shifts it (its ``say`` is spoken after the shift).
That gives each line its *nominal* mood(s). ``moods="all"`` renders every line in all five moods.
During a call a line missing in its exact mood plays from the nearest mood in the cache.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.engine.mood import shift
from simulator.scenario.model import MOODS, Scenario, Transition


@dataclass(frozen=True, slots=True)
class LineJob:
    text: str
    persona: str
    mood: str
    noise: str
    scenario: str
    effect: str | None = None  # the scenario's caller.effect; None = the global setting


def _nominal(sc: Scenario) -> dict[tuple[str, str, str], int]:
    """(text, mood, noise) reachable with neutral operator turns → the fewest steps from the start
    to where it is said (breadth first), so a plan can render the opening lines first."""
    out: dict[tuple[str, str, str], int] = {}
    seen: set[tuple[str, str]] = set()
    todo: deque[tuple[str, str, int]] = deque([(sc.start, sc.caller.mood, 0)])

    def add(texts: Iterable[str], mood: str, noise: str, depth: int) -> None:
        for text in texts:
            out.setdefault((text, mood, noise), depth)

    while todo:
        node_id, mood, depth = todo.popleft()
        node = sc.nodes.get(node_id)
        if node is None:
            continue
        mood = node.mood or mood
        if (node_id, mood) in seen:
            continue
        seen.add((node_id, mood))
        if not node.silent:
            add(node.say, mood, node.noise, depth)
        add(node.unclear, mood, node.noise, depth)
        if node.next:
            todo.append((node.next, mood, depth + 1))
        for tr in node.transitions:
            after = shift(mood, tr.mood) if tr.mood else mood
            # A reaction to the trainee's mistake (禁语, arguing) is less likely than the call's
            # own lines at the same step: render it after them.
            later = 1 if _reacts_to_a_mistake(tr) else 0
            add(tr.say, after, node.noise, depth + later)
            todo.append((tr.goto, after, depth + 1 + later))
    return out


_MISTAKES = frozenset({"forbidden", "argue"})


def _reacts_to_a_mistake(tr: Transition) -> bool:
    acts = {*tr.any_acts, *tr.all_acts}
    return tr.kind == "act" and bool(acts) and acts <= _MISTAKES


def _every(sc: Scenario) -> set[tuple[str, str, str]]:
    lines: set[tuple[str, str]] = set()
    for node in sc.nodes.values():
        if not node.silent:
            lines.update((t, node.noise) for t in node.say)
        lines.update((t, node.noise) for t in node.unclear)
        for tr in node.transitions:
            lines.update((t, node.noise) for t in tr.say)
    return {(text, mood, noise) for text, noise in lines for mood in MOODS}


def scenario_lines(sc: Scenario, moods: str = "nominal") -> list[LineJob]:
    """The scenario's lines, those said soonest after the start first (nominal moods)."""
    found = dict.fromkeys(sorted(_every(sc)), 0) if moods == "all" else _nominal(sc)
    return [
        LineJob(text.strip(), sc.caller.persona, mood, noise, sc.id, sc.caller.effect)
        for (text, mood, noise), _depth in sorted(found.items(), key=lambda kv: (kv[1], kv[0]))
        if text.strip()
    ]


def plan(scenarios: Iterable[Scenario], moods: str = "nominal") -> list[LineJob]:
    """Every line of every scenario, once per (persona, text, mood, noise, effect)."""
    out: dict[tuple[str, str, str, str, str | None], LineJob] = {}
    for sc in scenarios:
        for job in scenario_lines(sc, moods):
            out.setdefault((job.persona, job.text, job.mood, job.noise, job.effect), job)
    return list(out.values())
