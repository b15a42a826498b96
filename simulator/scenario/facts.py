"""What a call record carries from its scenario, so that the record grades anywhere.

A record used to name only its scenario's id, and grading re-read the scenario file from the
library: a trainer's scenario outside the library could not be graded, a record moved to another
machine could not either, and re-grading an old call used today's version of the scenario. Every
record the engine builds now carries ``scenario_facts`` (an extra field the contract allows):

* ``id`` and ``version`` (sha256 of the file's text, first 16 hex digits) and ``title``;
* ``hotline`` ``{name, aliases}`` and ``directory`` ``[{name, phone, note}]`` (what the trainee
  may refer callers to: the misroute and referral rules need it);
* ``grading``: the scenario rule families grading applies;
* ``nodes``: for every node that has one of them, its ``end`` outcome and ``success``, a failure
  ending's ``fail`` ``{note, clause, category}`` (why the ending is a failure: grading reports it)
  and the texts of :data:`NODE_TEXTS` that reports may quote.

The grader (``grading/grader.py``) takes the facts from the record when they are there and falls
back to the library (with a note in the report) for older records. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from simulator.scenario.model import Scenario

FACTS_KEY = "scenario_facts"
# Optional per-node texts copied into the record when the scenario's node model has them.
NODE_TEXTS = ("note",)
FAIL_FIELDS = ("note", "clause", "category")


def facts_of(scenario: Scenario) -> dict[str, Any]:
    """The ``scenario_facts`` block of a record of a call of ``scenario``."""
    nodes: dict[str, dict[str, Any]] = {}
    for node_id, node in scenario.nodes.items():
        entry: dict[str, Any] = {}
        if node.end is not None:
            entry["end"] = node.end
            entry["success"] = bool(node.success)
        fail = getattr(node, "fail", None)
        if fail is not None:
            entry["fail"] = {k: str(getattr(fail, k, "") or "") for k in FAIL_FIELDS}
        for name in NODE_TEXTS:
            value = getattr(node, name, None)
            if isinstance(value, str) and value:
                entry[name] = value
        if entry:
            nodes[node_id] = entry
    hotline = scenario.hotline
    return {
        "id": scenario.id,
        "version": scenario.version,
        "title": scenario.title,
        "hotline": {"name": hotline.name, "aliases": list(hotline.aliases)},
        "directory": [{"name": e.name, "phone": e.phone, "note": e.note} for e in hotline.directory],
        "grading": list(scenario.grading),
        "nodes": nodes,
    }
