"""What the engine needs of the phrase matcher, and where the default act moods come from.

The engine only calls ``matcher.detect(text, ctx)`` and reads each hit's ``act``; anything with
that method can be injected (tests use a keyword stand-in). Without one, the ONE phrase matcher
(:func:`simulator.phrases.default_matcher`) is used. The default mood change of each act is
injected too, or taken from the matcher's own acts (a :class:`~simulator.phrases.PhraseMatcher`
has ``.acts``), or from the act library (:attr:`simulator.phrases.types.Act.mood`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from simulator.phrases.types import Hit, MatchContext


class Matcher(Protocol):
    """What the engine needs of :class:`simulator.phrases.PhraseMatcher`."""

    def detect(self, text: str, ctx: MatchContext, /) -> Iterable[Hit]: ...


def default_matcher() -> Matcher:
    from simulator.phrases import default_matcher as build

    return build()


def inoffensive_of(matcher: Matcher) -> frozenset[str]:
    """The 禁语 entries a caller does not take offence at (``offends: false``: a lone 喂 on
    answering); empty for a matcher without the act library (a test's keyword stand-in)."""
    acts = getattr(matcher, "acts", None)
    forbidden = acts.get("forbidden") if isinstance(acts, Mapping) else None
    entries = getattr(forbidden, "forbidden", ()) or ()
    return frozenset(e.id for e in entries if not getattr(e, "offends", True))


def act_moods_of(matcher: Matcher) -> dict[str, int]:
    """Act id → default mood change: the matcher's own acts, else the act library."""
    acts = getattr(matcher, "acts", None)
    if isinstance(acts, Mapping):
        return {k: int(getattr(a, "mood", 0)) for k, a in acts.items()}
    from simulator.phrases.acts import load_acts

    return {act.id: act.mood for act in load_acts()}
