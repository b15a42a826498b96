"""Phrase matching for operator utterances: normalisation, pinyin, the ONE matcher, the act library.

The act library (:mod:`simulator.phrases.acts`) is imported lazily, so this package imports
without the standards data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.phrases.matcher import DEFAULT_THRESHOLD, PhraseMatcher, default_matcher, score
from simulator.phrases.normalize import normalise, normalise_map
from simulator.phrases.types import EMPTY_CONTEXT, Act, ForbiddenEntry, Hit, MatchContext

if TYPE_CHECKING:
    from simulator.phrases.acts import act_ids, load_acts

__all__ = [
    "DEFAULT_THRESHOLD",
    "EMPTY_CONTEXT",
    "Act",
    "ForbiddenEntry",
    "Hit",
    "MatchContext",
    "PhraseMatcher",
    "act_ids",
    "default_matcher",
    "load_acts",
    "normalise",
    "normalise_map",
    "score",
]

_LAZY = {"load_acts", "act_ids"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from simulator.phrases import acts

        return getattr(acts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
