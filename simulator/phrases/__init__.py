"""Phrase matching for operator utterances: normalisation, pinyin, the ONE matcher, the act library.

Everything is exported lazily (module ``__getattr__``): importing ``simulator.phrases.acts`` for the
act ids (``hotline scenarios lint`` does) must not load the matcher, pypinyin and zhconv, which
cost about 0.2 s. The names below are loaded from their module on first access.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.phrases.acts import act_ids, load_acts
    from simulator.phrases.matcher import DEFAULT_THRESHOLD, PhraseMatcher, default_matcher, score
    from simulator.phrases.normalize import normalise, normalise_map
    from simulator.phrases.types import EMPTY_CONTEXT, Act, ForbiddenEntry, Hit, MatchContext

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

_LAZY = {
    "DEFAULT_THRESHOLD": "matcher",
    "PhraseMatcher": "matcher",
    "default_matcher": "matcher",
    "score": "matcher",
    "normalise": "normalize",
    "normalise_map": "normalize",
    "EMPTY_CONTEXT": "types",
    "Act": "types",
    "ForbiddenEntry": "types",
    "Hit": "types",
    "MatchContext": "types",
    "act_ids": "acts",
    "load_acts": "acts",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
