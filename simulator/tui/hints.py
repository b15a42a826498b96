"""The hints panel's content: the standard phrases for the call's current situation.

Practice mode only (exam mode never calls this). The situation is read from the standards data
(``grading.data.situations()``), chosen from what the call is doing now:

* before the trainee's first words: 接入 (pick-up), plus 不出声 when the caller is silent;
* on hold: 查询后 / 长时间查询;
* otherwise the situations whose acts best match the acts the current node reacts to (its ``act``
  transitions, bad acts such as ``argue`` left out), then the scenario's own rule families
  (``silent``, ``misroute``, ``complaint`` …) — at most :data:`MAX_SITUATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.model import Scenario

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


def hints(scenario: Scenario, node_id: str | None, *, spoke: bool, held: bool) -> list[Hint]:
    from grading.data import situations

    table = situations()
    out = []
    for sid in situation_ids(scenario, node_id, spoke=spoke, held=held):
        sit = table.get(sid)
        if sit is not None:
            out.append(Hint(sit.name, tuple(p.text for p in sit.phrases[:MAX_PHRASES]), sit.notes))
    return out
