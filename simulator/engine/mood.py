"""The caller's mood: a position on the :data:`~simulator.scenario.model.MOODS` ladder.

The exact rule the engine applies (mood is an *output*: :class:`MoodChange` actions and the
record's ``moods`` track; it only feeds back through ``when_mood`` conditions and voice prosody):

1. The call starts in ``scenario.caller.mood``.
2. Every operator utterance: the phrase matcher's acts (each act counted once) change the mood by
   the sum of their deltas. An act's delta is ``scenario.mood_rules[act]`` when the scenario sets
   one, otherwise the act library's default :attr:`simulator.phrases.types.Act.mood`
   (+ is angrier, − is calmer). The result is clamped to the ladder.
3. Transitions of the node are then tried against that *new* mood (``when_mood``).
4. When a transition fires, its ``mood`` (steps) is added, clamped.
5. Entering a node with ``mood`` set puts the caller in exactly that mood (it overrides 4).

Clamping happens after each step, so ``furious`` + 2 − 1 is ``angry``, not ``furious``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from simulator.call.wording import MOOD_NAMES, mood_name
from simulator.scenario.model import MOODS

__all__ = ["MOOD_NAMES", "mood_name", "rank", "shift", "utterance_delta"]



def rank(mood: str) -> int:
    """0 for ``calm`` … 4 for ``furious``."""
    return MOODS.index(mood)


def shift(mood: str, steps: int) -> str:
    """Move ``steps`` along the ladder (+ angrier), clamped to its ends."""
    return MOODS[max(0, min(len(MOODS) - 1, rank(mood) + steps))]


def utterance_delta(acts: Iterable[str], rules: Mapping[str, int], defaults: Mapping[str, int]) -> int:
    """The mood change of one utterance whose detected acts are ``acts`` (duplicates ignored)."""
    total = 0
    for act in sorted(set(acts)):
        total += rules[act] if act in rules else defaults.get(act, 0)
    return total
