"""What a regular expression needs: characters and character pairs every match contains.

Most of the library's patterns (acts and 禁语) do not occur in a given utterance, and trying each
one costs a regular-expression search and a Python call. A pattern over homophone keys (see
:func:`simulator.phrases.pinyin.homophone_key`) is a sequence whose literal parts must appear in
the key text: 说了?也没(有)?用 cannot match a text without 也没 (as key tokens).
:func:`needed_grams` reads the parsed pattern and returns such requirements conservatively (a set
of one- or two-character strings: at least one of them occurs in every match; two literals in a
row give the pair, far rarer than either character). The catalogue tests each pattern's rarest
few requirements on all patterns at once (bit sets, :class:`simulator.phrases.index.Catalogue`),
so a sentence only runs the patterns it has every requirement of — about one pattern in five of
those that share a single character with it. Patterns without a requirement (``.+``, an optional
first part only …) are always run.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

try:  # Python ≥ 3.11
    import re._constants as _c  # type: ignore[import-not-found,unused-ignore]
    import re._parser as _p  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _p  # type: ignore[no-redef,unused-ignore]

__all__ = ["alternatives_of", "grams_of", "needed_grams"]

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


def needed_grams(seq: Any) -> list[frozenset[str]]:
    """For a parsed sequence: sets of one- or two-character strings, one of each set occurring
    as a substring of every match (two literals in a row must occur as that pair)."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(frozenset(run))
        out.extend(frozenset((run[k] + run[k + 1],)) for k in range(len(run) - 1))
        run.clear()

    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()  # anything else ends a run of literals (sound: fewer requirements, never wrong ones)
        if op is _c.IN:
            s = _in(av)
            if s is not None:
                out.append(s)
        elif op is _c.SUBPATTERN:
            out.extend(needed_grams(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if av[0] >= 1:
                out.extend(needed_grams(av[2]))
        elif op is _c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sets = needed_grams(branch)
                if not sets:
                    union = set()
                    break
                union |= min(sets, key=lambda s: (min(map(len, s)) < 2, len(s)))
            if union and len(union) <= _MAX_SET:
                out.append(frozenset(union))
    flush()
    return out


@lru_cache(maxsize=1 << 14)
def grams_of(pattern: str) -> tuple[frozenset[str], ...]:
    """:func:`needed_grams` of ``pattern`` (empty when it cannot be parsed here), deduplicated."""
    try:
        return tuple(dict.fromkeys(needed_grams(_p.parse(pattern))))
    except Exception:
        return ()


@lru_cache(maxsize=1 << 14)
def alternatives_of(pattern: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The requirements of each top-level alternative of ``pattern``: every match of ``A|B|C`` is
    a match of one of A, B, C, so it contains all the requirement sets of that one — much more
    than :func:`grams_of` says of the whole (one set, the union of one set per branch, which a
    common character of any branch satisfies). One alternative (:func:`grams_of`) when the
    pattern has no top-level alternation; ``((),)`` (no requirement) when it cannot be parsed or
    an alternative has no requirement."""
    try:
        seq = _p.parse(pattern)
    except Exception:
        return ((),)
    branches = _top_branches(seq)
    if branches is None:
        return (tuple(dict.fromkeys(needed_grams(seq))),)
    out = []
    for branch in branches:
        needs = tuple(dict.fromkeys(needed_grams(branch)))
        if not needs:
            return ((),)
        out.append(needs)
    return tuple(dict.fromkeys(out))


def _top_branches(seq: Any) -> list[Any] | None:
    """The branches of a parsed pattern that is one alternation (possibly inside one group)."""
    if len(seq) != 1:
        return None
    op, av = seq[0]
    if op is _c.BRANCH:
        return list(av[1])
    if op is _c.SUBPATTERN:
        return _top_branches(av[-1])
    return None
