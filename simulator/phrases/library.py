"""Acts and 禁语 entries compiled for matching, with placeholders expanded for one call.

``{hotline}``, ``{department}`` and ``{phone}`` in a phrase expand to every value the
:class:`MatchContext` has for them (all combinations when a phrase has several); a phrase whose
placeholder has no value in the context is dropped. In a pattern a placeholder becomes an
alternation of the escaped, normalised values. Each pattern is also compiled over
:func:`~simulator.phrases.pinyin.homophone_key` text, so recogniser homophones (咨寻 for 咨询)
do not defeat it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from simulator.phrases.align import Compiled, compile_phrase
from simulator.phrases.normalize import normalise
from simulator.phrases.pinyin import homophone_key
from simulator.phrases.types import Act, MatchContext

__all__ = ["Segments", "Unit", "build_units", "expand", "expand_pattern"]

_PLACEHOLDER = re.compile(r"\{(hotline|department|phone)\}")


@dataclass(frozen=True, slots=True)
class Unit:
    """What yields one hit: an act, or (for ``forbidden``) one 禁语 entry."""

    act: str
    entry: str | None
    phrases: tuple[Compiled, ...]
    # (pattern as written, compiled, compiled over homophone keys, bounded by ``standalone``)
    patterns: tuple[tuple[str, re.Pattern[str], re.Pattern[str], bool], ...]
    standalone: bool = False
    unless: tuple[re.Pattern[str], ...] = ()  # the utterance is not this 禁语 if one of these matches
    # an act that a negation just before undoes (不能帮您转接): see search.negated_before
    negatable: bool = False


_NUMBERED_NAME = re.compile(r"\d{3,}(\D{4,})")


def hotline_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """The line's names and aliases, plus each numbered name without its number.

    An operator who says 供电服务热线 for 95598供电服务热线 (or 卫生热线 for 12320卫生热线) names the line
    as much as one who says the number; the seeds' own greetings name the line either way.
    """
    out = list(names)
    for name in names:
        if (m := _NUMBERED_NAME.fullmatch(name)) and m.group(1) not in out:
            out.append(m.group(1))
    return tuple(out)


def _values(name: str, ctx: MatchContext) -> tuple[str, ...]:
    if name == "hotline":
        return hotline_names(ctx.hotline_names)
    if name == "department":
        return ctx.departments
    return ctx.phones


Segments = tuple[tuple[str, bool], ...]  # (text, is a placeholder value)


def expand(phrase: str, ctx: MatchContext) -> tuple[tuple[str, Segments], ...]:
    """Every (text, segments) ``phrase`` stands for in ``ctx`` (none if a placeholder has no value).

    A phrase without placeholders gives itself with no segments.
    """
    parts = _PLACEHOLDER.split(phrase)  # literal, name, literal, name, …
    if len(parts) == 1:
        return ((phrase, ()),)
    choices: list[tuple[tuple[str, bool], ...]] = []
    for i, part in enumerate(parts):
        if i % 2:
            choices.append(tuple((value, True) for value in _values(part, ctx)))
        elif part:
            choices.append(((part, False),))
    out: dict[str, Segments] = {}
    for combo in itertools.product(*choices):
        out.setdefault("".join(text for text, _ in combo), tuple(combo))
    return tuple(out.items())


def expand_pattern(pattern: str, ctx: MatchContext) -> str | None:
    """``pattern`` with each placeholder replaced by ``(?:v1|v2…)``; None if one has no value."""
    missing = False

    def repl(m: re.Match[str]) -> str:
        nonlocal missing
        vals = sorted({normalise(v) for v in _values(m.group(1), ctx)} - {""}, key=len, reverse=True)
        if not vals:
            missing = True
            return ""
        return "(?:" + "|".join(re.escape(v) for v in vals) + ")"

    out = _PLACEHOLDER.sub(repl, pattern)
    return None if missing else out


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _unit(
    act: str,
    entry: str | None,
    phrases: Iterable[str],
    patterns: Iterable[str],
    ctx: MatchContext,
    standalone: bool = False,
    anywhere: Iterable[str] = (),
    unless: Iterable[str] = (),
    negatable: bool = False,
) -> Unit | None:
    compiled = tuple(
        dict.fromkeys(
            compile_phrase(text, segments) for phrase in phrases for text, segments in expand(phrase, ctx)
        )
    )
    regexes = []
    for pattern, bounded in itertools.chain(((p, True) for p in patterns), ((p, False) for p in anywhere)):
        expanded = expand_pattern(pattern, ctx)
        if expanded is not None:
            regexes.append((pattern, _regex(expanded), _regex(homophone_key(expanded)), bounded))
    compiled = tuple(c for c in compiled if c.norm)
    if not compiled and not regexes:
        return None
    # Longest phrases first: they are the most specific, and exact hits stop the search early.
    compiled = tuple(sorted(compiled, key=lambda c: -len(c.norm)))
    return Unit(act, entry, compiled, tuple(regexes), standalone, tuple(_regex(u) for u in unless), negatable)


def build_units(acts: Iterable[Act], ctx: MatchContext) -> tuple[Unit, ...]:
    """The units to search for, in library order (禁语 entries in file order)."""
    out: list[Unit] = []
    for act in acts:
        unit = _unit(act.id, None, act.phrases, act.patterns, ctx,
                     negatable=act.id != "forbidden" and not getattr(act, "negation_keeps", False))
        if unit is not None:
            out.append(unit)
        for entry in act.forbidden:
            if getattr(entry, "model", False):
                continue  # stands for a kind found by simulator.phrases.kindmodel, not for words
            unit = _unit(
                act.id,
                entry.id,
                (entry.text, *entry.variants),
                entry.patterns,
                ctx,
                standalone=getattr(entry, "standalone", False),
                anywhere=getattr(entry, "patterns_anywhere", ()),
                unless=getattr(entry, "unless", ()),
            )
            if unit is not None:
                out.append(unit)
    return tuple(out)
