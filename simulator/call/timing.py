"""The one speech-timing model: how long a line takes to say, and when a reply starts.

Simulated play, typed replies (the app's reply box and the keyboard fallback of the ear), and the
grader's hand-written rule cases all time speech here, so a typed reply is heard with the timing
a spoken one would have had:

* the trainee speaks 4 characters a second (every character but spaces counts; at least one);
* a reply starts 0.8 s after the caller's line ends (:data:`REPLY_GAP`);
* the grader's rule cases (:mod:`grading.casebuild`) are written at the labelled dev calls'
  measured pace, 3.6 spoken characters a second (punctuation is not said), rounded to 0.1 s,
  at least half a second: :func:`case_seconds`.

The caller's own pace (mood-dependent) is the engine's :class:`~simulator.engine.timing.CallerTiming`.
"""

from __future__ import annotations

import re

CHARS_PER_SECOND = 4.0
REPLY_GAP = 0.8
DEV_CALLS_CHARS_PER_SECOND = 3.6
_UNSPOKEN = re.compile(r"[\s\W_]+", re.UNICODE)


def speech_seconds(text: str) -> float:
    """How long the trainee takes to say ``text`` (simulated play, typed replies)."""
    return max(1, len("".join(text.split()))) / CHARS_PER_SECOND


def spoken_chars(text: str) -> int:
    """The characters actually said (no spaces, no punctuation)."""
    return len(_UNSPOKEN.sub("", text))


def case_seconds(text: str) -> float:
    """How long ``text`` takes to say at the labelled dev calls' pace (rule cases)."""
    return max(0.5, round(spoken_chars(text) / DEV_CALLS_CHARS_PER_SECOND, 1))
