"""Which transition of a waiting node fires.

* An utterance: the ``act`` and ``said`` transitions are tried in file order; the first whose
  ``any_acts`` (at least one detected, when given) or ``phrases`` (one of them in the words:
  :func:`said_in`), ``all_acts`` (every one detected, when given) and ``when_mood`` (against the
  mood *after* the utterance's own mood change) all hold fires.
  If none does, the first ``otherwise`` transition whose ``when_mood`` holds fires. If there is
  none either, the node's ``unclear`` line is said (or the caller stays silent) and the node
  keeps waiting.
* ``hold`` / ``unhold`` / ``hangup``: the first transition of that kind whose ``when_mood`` holds.
* ``transfer``: the first whose ``target`` equals the transfer target (spaces ignored) or is ``*``.
* Timeouts (``silence``, ``held``): among the transitions of the kind whose ``when_mood`` holds,
  the one due first; on a tie the earlier one in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

from simulator.engine.state import Call
from simulator.scenario.model import Node, Transition

EPS = 1e-9
# How well a ``said`` phrase must occur in the trainee's words (matcher score 0–100): strict, since
# the caller repeats it (“12393是吧？”); digits and Chinese numerals, homophones still match.
SAID_THRESHOLD = 90.0

Said = Callable[[tuple[str, ...]], bool]


def said_in(text: str, matcher: Any) -> Said:
    """Whether one of some phrases occurs in ``text``: the matcher's ``score`` when it has one
    (the one phrase matcher), else a plain substring test (test stand-ins)."""
    scorer = getattr(matcher, "score", None)

    def check(phrases: tuple[str, ...]) -> bool:
        if scorer is None:
            return any(p in text for p in phrases)
        return any(scorer(text, p, SAID_THRESHOLD) >= SAID_THRESHOLD for p in phrases)

    return check


def mood_ok(tr: Transition, mood: str) -> bool:
    return tr.when_mood is None or tr.when_mood.holds(mood)


def for_utterance(node: Node, acts: Set[str], mood: str, said: Said | None = None) -> Transition | None:
    """``said`` tells whether the words contain one of a ``said`` transition's phrases (None: no
    ``said`` transition fires)."""
    for tr in node.transitions:
        if tr.kind not in ("act", "said") or not mood_ok(tr, mood):
            continue
        if tr.kind == "said" and (said is None or not tr.phrases or not said(tr.phrases)):
            continue
        if tr.any_acts and not any(a in acts for a in tr.any_acts):
            continue
        if tr.all_acts and not all(a in acts for a in tr.all_acts):
            continue
        if tr.kind == "act" and not tr.any_acts and not tr.all_acts:
            continue  # an act transition naming no act never matches (the linter reports it)
        return tr
    return first(node, "otherwise", mood)


def first(node: Node, kind: str, mood: str) -> Transition | None:
    for tr in node.transitions:
        if tr.kind == kind and mood_ok(tr, mood):
            return tr
    return None


def for_transfer(node: Node, target: str, mood: str) -> Transition | None:
    want = "".join(target.split())
    for tr in node.transitions:
        if tr.kind != "transfer" or not mood_ok(tr, mood):
            continue
        got = "".join((tr.target or "*").split())
        if got in ("*", want):
            return tr
    return None


def next_due(c: Call, ring_timeout: float) -> tuple[float, Transition | None] | None:
    """The call's next timeout: (time, transition), or (ring timeout, None) before the answer.

    Silence timeouts count from :meth:`Call.quiet_since` and are suspended on hold; ``held``
    timeouts count from the later of putting on hold and entering the node.
    """
    if not c.answered:
        return (ring_timeout, None)
    if c.node is None or not c.node.waiting:
        return None
    if c.held:
        return next_timeout(c.node, "held", max(c.hold_start, c.entered_at), c.mood)
    return next_timeout(c.node, "silence", c.quiet_since(), c.mood)


def next_timeout(node: Node, kind: str, anchor: float, mood: str) -> tuple[float, Transition] | None:
    """The earliest ``kind`` (silence/held) timeout counted from ``anchor``."""
    best: tuple[float, Transition] | None = None
    for tr in node.transitions:
        if tr.kind != kind or tr.seconds is None or not mood_ok(tr, mood):
            continue
        due = anchor + tr.seconds
        if best is None or due < best[0] - EPS:
            best = (due, tr)
    return best
