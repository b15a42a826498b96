"""Anchors of regular expressions: characters one of which must occur for the pattern to match.

Most of the library's patterns (acts and 禁语) do not occur in a given utterance, and trying each
one costs a regular-expression search and a Python call. A pattern over homophone keys (see
:func:`simulator.phrases.pinyin.homophone_key`) is a sequence whose literal parts must appear in
the key text: 说了?也没(有)?用 cannot match a text without 没 (as a key token). :func:`needs` reads
the parsed pattern and returns such sets conservatively (a set: at least one of its characters
occurs in every match); :func:`anchor` picks the smallest. The catalogue indexes each pattern under
its anchor's characters, so a sentence only runs the patterns whose anchor it contains. Patterns
without an anchor (``.+``, an optional first part only …) are always run.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

try:  # Python ≥ 3.11
    import re._constants as _c  # type: ignore[import-not-found,unused-ignore]
    import re._parser as _p  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _p  # type: ignore[no-redef,unused-ignore]

__all__ = ["anchor", "needs"]

_MAX_SET = 64  # a character class bigger than this is no anchor


def _in(items: Any) -> frozenset[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_SET:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, big ranges
            return None
    return frozenset(out) if 0 < len(out) <= _MAX_SET else None


def needs(seq: Any) -> list[frozenset[str]]:
    """For a parsed sequence: sets of characters, one of each set occurs in every match."""
    out: list[frozenset[str]] = []
    for op, av in seq:
        if op is _c.LITERAL:
            out.append(frozenset(chr(av)))
        elif op is _c.IN:
            s = _in(av)
            if s is not None:
                out.append(s)
        elif op is _c.SUBPATTERN:
            out.extend(needs(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if av[0] >= 1:
                out.extend(needs(av[2]))
        elif op is _c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sets = needs(branch)
                if not sets:
                    union = set()
                    break
                union |= min(sets, key=len)
            if union and len(union) <= _MAX_SET:
                out.append(frozenset(union))
        # AT, ANY, ASSERT, ASSERT_NOT, GROUPREF …: nothing required
    return out


@lru_cache(maxsize=1 << 14)
def _needs_of(pattern: str) -> tuple[frozenset[str], ...]:
    """:func:`needs` of ``pattern`` (empty when it cannot be parsed here), once per pattern: every
    call context's catalogue indexes the same patterns."""
    try:
        return tuple(needs(_p.parse(pattern)))
    except Exception:
        return ()


def anchor(pattern: str, frequency: Mapping[str, int] | None = None) -> frozenset[str] | None:
    """The set of characters one of which every match of ``pattern`` contains — the rarest by
    ``frequency`` (how often each character occurs in the library's own phrases), else the
    smallest; None if the pattern has none (or cannot be parsed here)."""
    sets = _needs_of(pattern)
    if not sets:
        return None
    if frequency is None:
        return min(sets, key=len)
    return min(sets, key=lambda s: sum(frequency.get(ch, 0) + 1 for ch in s))
