"""Building the ``hotline-call/1`` call record (``../shared/contracts/call-record.md``).

The engine writes every event into a :class:`CallRecorder` as it happens; :meth:`CallRecorder.build`
gives the contract's dict:

* ``format`` (``hotline-call/1``), ``scenario`` (id), ``hotline`` ``{name, aliases}``;
* ``events`` in time order (a stable sort by ``t``, so same-time events keep their causal order):
  ``ring``, ``answer``, ``say`` (``who`` operator/caller, ``text``, ``t``, ``end``, ``confidence``
  when known, ``typed: true`` for a reply typed on the keyboard), ``hold``, ``unhold``,
  ``transfer`` (``to``), ``hangup`` (``who``);

plus the extra fields the contract allows (kept and ignored by readers): ``engine_version``,
``seed``, ``path`` (node ids entered, in order), ``outcome``, ``success`` and ``moods``
(``[{t, mood}]``: the starting mood at 0.0, then every change) and ``scenario_facts``: what grading
needs from the scenario (:mod:`simulator.scenario.facts`), so the record grades anywhere and
re-grades against the scenario as it was. Pure: no I/O.
"""

from __future__ import annotations

import json
from typing import Any

FORMAT = "hotline-call/1"
ENGINE_VERSION = "1"  # bump when the same seed and events would give a different record


class CallRecorder:
    def __init__(self, scenario: str, hotline_name: str, aliases: tuple[str, ...], seed: int,
                 facts: dict[str, Any] | None = None) -> None:
        self.scenario = scenario
        self.facts = facts
        self.hotline = {"name": hotline_name, "aliases": list(aliases)}
        self.seed = seed
        self.events: list[dict[str, Any]] = []
        self.moods: list[dict[str, Any]] = []

    def add(self, t: float, type_: str, **fields: Any) -> int:
        """Append an event; returns its index (for :meth:`retime`)."""
        event: dict[str, Any] = {"t": round(float(t), 2), "type": type_}
        event.update({k: v for k, v in fields.items() if v is not None})
        if "end" in event:
            event["end"] = round(float(event["end"]), 2)
        self.events.append(event)
        return len(self.events) - 1

    def say(self, who: str, text: str, t: float, end: float, confidence: float | None = None,
            typed: bool | None = None) -> int:
        """``typed``: the trainee typed the reply (recorded as ``"typed": true``)."""
        return self.add(t, "say", end=end, who=who, text=text, confidence=confidence, typed=typed)

    def retime(self, index: int, t: float | None = None, end: float | None = None) -> None:
        """Correct a say event's times (barge-in cut, or the audio driver's actual times)."""
        event = self.events[index]
        if t is not None:
            event["t"] = round(float(t), 2)
        if end is not None:
            event["end"] = round(float(end), 2)

    def mood(self, t: float, mood: str) -> None:
        self.moods.append({"t": t, "mood": mood})

    def build(self, path: list[str], outcome: str | None, success: bool | None) -> dict[str, Any]:
        events = sorted((dict(e) for e in self.events), key=lambda e: e["t"])
        record: dict[str, Any] = {
            "format": FORMAT,
            "scenario": self.scenario,
            "hotline": {"name": self.hotline["name"], "aliases": list(self.hotline["aliases"])},
            "events": events,
            "engine_version": ENGINE_VERSION,
            "seed": self.seed,
            "path": list(path),
            "outcome": outcome,
            "success": success,
            "moods": [dict(m) for m in self.moods],
        }
        if self.facts is not None:
            record["scenario_facts"] = json.loads(json.dumps(self.facts))  # a deep copy
        return record


def record_json(record: dict[str, Any]) -> str:
    """The record as pretty UTF-8 JSON text (Chinese kept readable)."""
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"
