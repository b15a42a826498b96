"""Simulated caller timing: when the caller starts a line and how long it takes.

All randomness comes from the engine's seeded :class:`random.Random`, so a seed fixes the times.
The defaults (:class:`CallerTiming`), with ``r`` the mood's rank (calm 0 … furious 4):

* reaction delay before a reply (or after a timeout fires): uniform 0.4–1.0 s × (1 − 0.1·r);
* speech: ``chars / (4 × (1 + 0.1·r))`` seconds × uniform 0.9–1.1, at least 0.5 s, where chars
  counts letters, digits and Chinese characters (no punctuation or spaces);
* two caller lines in a row (a transition's ``say``, pass-through ``next`` nodes): gap 0.2–0.5 s;
* ``talks_over`` node: the reply starts 0.8–1.6 s before the operator's utterance ends (never
  earlier than 0.3 s after it started), with no reaction delay;
* ``barge_in: cut``: a caller line talked over stops 0.3 s after the operator started;
* the caller hangs up 0.5 s after their last line (or after the cue when they say nothing);
* a ring nobody answers is abandoned after 30 s.

Every time is rounded to 0.01 s.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from simulator.engine.mood import rank


@dataclass(frozen=True, slots=True)
class CallerTiming:
    reaction: tuple[float, float] = (0.4, 1.0)
    chars_per_second: float = 4.0
    mood_speedup: float = 0.1  # per step up the ladder: faster speech, quicker reaction
    jitter: float = 0.1  # ± fraction of a line's duration
    min_line: float = 0.5
    gap: tuple[float, float] = (0.2, 0.5)
    talk_over: tuple[float, float] = (0.8, 1.6)
    talk_over_min: float = 0.3
    cut_after: float = 0.3
    hangup_delay: float = 0.5
    ring_timeout: float = 30.0

    def reaction_delay(self, mood: str, rng: random.Random) -> float:
        low, high = self.reaction
        return rng.uniform(low, high) * max(0.2, 1.0 - self.mood_speedup * rank(mood))

    def duration(self, text: str, mood: str, rng: random.Random) -> float:
        chars = sum(1 for c in text if c.isalnum())
        rate = self.chars_per_second * (1.0 + self.mood_speedup * rank(mood))
        spread = rng.uniform(1.0 - self.jitter, 1.0 + self.jitter)
        return max(self.min_line, chars / rate * spread)

    def line_gap(self, rng: random.Random) -> float:
        return rng.uniform(*self.gap)

    def talk_over_start(self, op_start: float, op_end: float, rng: random.Random) -> float:
        return max(op_start + self.talk_over_min, op_end - rng.uniform(*self.talk_over))


DEFAULT_TIMING = CallerTiming()


def r2(x: float) -> float:
    """Round a time to 0.01 s."""
    return round(x + 0.0, 2)
