"""The live transcript's lines (:class:`Turn`) and the caller lines a scenario may say.

No textual here: :class:`~simulator.call.session.CallSession` writes turns, the transcript widget
shows them; :func:`scenario_lines` is what the voice may render before the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.call.ports import LineToSay
from simulator.scenario.model import Scenario

Who = Literal["caller", "operator", "system"]


@dataclass(frozen=True, slots=True)
class Turn:
    """A line of the live transcript."""

    t: float
    who: Who
    text: str
    mood: str | None = None


def scenario_lines(scenario: Scenario) -> list[LineToSay]:
    """Every line the caller may say in ``scenario`` (for rendering ahead of the call)."""
    out: dict[str, LineToSay] = {}
    persona, mood = scenario.caller.persona, scenario.caller.mood
    for node in scenario.nodes.values():
        texts = [*node.say, *node.unclear, *(t for tr in node.transitions for t in tr.say)]
        for text in texts:
            out.setdefault(text, LineToSay(-1, text, node.mood or mood, persona, node.noise))
    return list(out.values())
