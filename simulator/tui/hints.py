"""The hints panel's content: the standard phrases for the call's current situation.

Practice mode only (exam mode never calls this). The situation is read from the standards data
(``grading.data.situations()``), chosen from what the call is doing now:

* before the trainee's first words: 接入 (pick-up), plus 不出声 when the caller is silent;
* on hold: 查询后 / 长时间查询;
* otherwise the situations whose acts best match the acts the current node reacts to (its ``act``
  transitions, bad acts such as ``argue`` left out), then the scenario's own rule families
  (``silent``, ``misroute``, ``complaint`` …) — at most :data:`MAX_SITUATIONS`.

The phrases are said on *this* line (:func:`for_line`): the line's own standard comes first (its
profile's clauses name the seed), the pick-up hint starts with the profile's greeting, and the
seeds' ways of writing a line's name — placeholders (``XXXX``, ``您好！×××``, ``*（市）12320（为您
服务）``, ``**电业局``) and other lines' names (``seed_names`` in ``profiles.yaml``) — become the
scenario's hotline name, so a 96128 trainee never reads 12320's greeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from simulator.scenario.model import Scenario

if TYPE_CHECKING:
    from grading.data.profile_data import Profile

MAX_SITUATIONS = 2
MAX_PHRASES = 3
BAD_ACTS = frozenset({"argue", "chat", "forbidden"})
FAMILY_SITUATION = {"silent": "silent", "misroute": "misroute", "complaint": "complaint",
                    "harassment": "harassment", "dialect": "dialect", "privacy": "privacy",
                    "transfer": "transfer"}


@dataclass(frozen=True, slots=True)
class Hint:
    name: str  # the situation's Chinese name
    phrases: tuple[str, ...]
    note: str = ""


def node_acts(scenario: Scenario, node_id: str | None) -> set[str]:
    node = scenario.nodes.get(node_id or "")
    if node is None:
        return set()
    acts: set[str] = set()
    for tr in node.transitions:
        if tr.kind == "act":
            acts.update(tr.any_acts)
            acts.update(tr.all_acts)
    return acts - BAD_ACTS


def situation_ids(scenario: Scenario, node_id: str | None, *, spoke: bool, held: bool) -> list[str]:
    node = scenario.nodes.get(node_id or "")
    if not spoke:
        return ["pickup", "silent"] if node is not None and node.silent else ["pickup"]
    if held:
        return ["after_lookup", "long_lookup"]
    from grading.data import situations

    table = situations()
    acts = node_acts(scenario, node_id)
    families = [FAMILY_SITUATION[f] for f in scenario.grading if f in FAMILY_SITUATION]
    scored = []
    for order, (sid, sit) in enumerate(table.items()):
        overlap = len(acts & set(sit.acts))
        if overlap:
            scored.append((-overlap, 0 if sid in families else 1, order, sid))
    chosen = [sid for *_, sid in sorted(scored)]
    for sid in families:
        if sid not in chosen:
            chosen.append(sid)
    return chosen[:MAX_SITUATIONS] or ["listening"]


# A placeholder where the seeds' examples put the line's name: after the greeting, after 这里是.
_NAME_SLOT = r"XXXX|(?<=您好[！，])×××|(?<=这里是)×××(?:部门)?"


@lru_cache(maxsize=32)
def _line_names(profile_id: str) -> tuple[re.Pattern[str], str]:
    """(the name slots and every way the seeds write a line's name — this line's and the
    others' —, the digits to dial this line) for the profile ``profile_id``."""
    from grading.data.profile_data import profiles

    table = profiles()
    words: set[str] = set()
    for pid, p in table.items():
        words.update(p.seed_names)
        if pid != profile_id:
            words.update(n for n in p.names if len(n) >= 4)
    own = table.get(profile_id)
    digits = next((a for a in own.aliases if a.isdigit()), "") if own is not None else ""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join([_NAME_SLOT, *map(re.escape, ordered)])), digits


def for_line(text: str, name: str, profile: Profile) -> str:
    """``text`` as said on the line ``name``: its name where the seed wrote a placeholder or
    another line's name (the number to dial after 拨打). One pass: a name put in is not read again."""
    if not name:
        return text
    names, digits = _line_names(profile.id)

    def swap(m: re.Match[str]) -> str:
        return (digits or name) if text[max(0, m.start() - 2): m.start()] == "拨打" else name

    return names.sub(swap, text)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text)


def hints(scenario: Scenario, node_id: str | None, *, spoke: bool, held: bool) -> list[Hint]:
    from grading.data import situations
    from grading.data.profile_data import profile_for

    table = situations()
    name = scenario.hotline.name
    profile = profile_for(name)
    out = []
    for sid in situation_ids(scenario, node_id, spoke=spoke, held=held):
        sit = table.get(sid)
        if sit is None:
            continue
        own = [p for p in sit.phrases if p.clause.split("-", 1)[0] in profile.seeds]
        ranked = own + [p for p in sit.phrases if p not in own]
        said = [profile.greeting.replace(profile.name, name)] if sid == "pickup" and name else []
        said += [for_line(p.text, name, profile) for p in ranked]
        unique = {_key(text): text for text in reversed(said)}  # the first of near-duplicates
        shown = [text for text in said if unique.get(_key(text)) == text]
        out.append(Hint(sit.name, tuple(dict.fromkeys(shown))[:MAX_PHRASES], sit.notes))
    return out
