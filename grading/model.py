"""Typed call records, findings and grade reports (``../shared/contracts/call-record.md``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CATEGORIES = (
    "opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
    "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer",
)
Category = Literal[
    "opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
    "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer",
]
# Chinese names for reports and ``hotline rules``.
CATEGORY_NAMES = {
    "opening": "开场", "closing": "结束", "forbidden": "禁语", "courtesy": "文明用语",
    "timing": "时间", "interrupt": "打断", "pace": "语速", "silent": "无声来电",
    "misroute": "误拨来电", "complaint": "投诉处理", "harassment": "骚扰来电",
    "dialect": "方言来电", "hold": "查询等待", "privacy": "隐私保密", "transfer": "转接",
}
SEVERITIES = ("blocker", "major", "minor")
SEVERITY_NAMES = {"blocker": "一票否决", "major": "严重", "minor": "轻微"}
Severity = Literal["blocker", "major", "minor"]
EVENT_TYPES = ("ring", "answer", "say", "hold", "unhold", "transfer", "hangup")


@dataclass(frozen=True, slots=True)
class Event:
    index: int  # position in the record's events list
    t: float
    type: str
    who: str | None = None  # "operator" | "caller" for say / hangup
    text: str = ""
    end: float | None = None
    confidence: float | None = None
    to: str | None = None  # transfer target

    @property
    def stop(self) -> float:
        """When the event is over (``end`` for say events, else ``t``)."""
        return self.end if self.end is not None else self.t


@dataclass(frozen=True, slots=True)
class HotlineInfo:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndFacts:
    """One ending of the scenario graph: its outcome, whether it counts as success and, for a
    failure ending, why (the end node's ``fail``: the note the trainee reads, the clause id, the
    report category). A record names the ending it reached by the last node of its ``path``."""

    node: str
    outcome: str
    success: bool
    note: str = ""
    clause: str = ""  # clause id of grading/standards/clauses.yaml ("" = none given)
    category: str = ""  # contract category ("" = the scenario's first rule family)


@dataclass(frozen=True, slots=True)
class ScenarioFacts:
    """What grading needs from a scenario: carried by the record (``scenario_facts``, written by the
    engine: :mod:`simulator.scenario.facts`) or, for older records, read from the library."""

    id: str
    families: tuple[str, ...]
    hotline_name: str
    hotline_aliases: tuple[str, ...]
    departments: tuple[str, ...]
    phones: tuple[str, ...]
    version: str = ""  # sha256 prefix of the scenario file's text ("" when unknown)
    title: str = ""
    # node id -> {"end", "success", "fail": {"note", "clause", "category"}, "note"} (nodes that have any)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: str = "library"  # "record": carried by the call record; "library": read from the file
    # the directory as (department, phone, note) in the scenario's order ("" when none)
    directory: tuple[tuple[str, str, str], ...] = ()

    def ending(self, node: str) -> EndFacts | None:
        """The ending ``node`` (a terminal node), with its failure reason; None if not an ending."""
        entry = self.nodes.get(node)
        if not entry or "end" not in entry:
            return None
        raw = entry.get("fail")
        fail: dict[str, Any] = raw if isinstance(raw, dict) else {}
        return EndFacts(node=node, outcome=str(entry["end"]), success=bool(entry.get("success")),
                        note=str(fail.get("note") or ""), clause=str(fail.get("clause") or ""),
                        category=str(fail.get("category") or ""))

    @property
    def endings(self) -> tuple[EndFacts, ...]:
        return tuple(e for n in self.nodes if (e := self.ending(n)) is not None)


@dataclass(frozen=True, slots=True)
class CallRecord:
    scenario: str
    events: tuple[Event, ...]
    hotline: HotlineInfo | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, kept and ignored
    source: str = ""
    facts: ScenarioFacts | None = None  # the record's own scenario_facts, when it carries them

    def says(self, who: str | None = None) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.type == "say" and (who is None or e.who == who))

    def first(self, type_: str, who: str | None = None) -> Event | None:
        for e in self.events:
            if e.type == type_ and (who is None or e.who == who):
                return e
        return None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: Category
    severity: Severity
    t: float | None
    quote: str
    clause: str  # citation: "<seed file> <place>"
    message: str
    tip: str
    # The recogniser was unsure of the turn (Rule.missing): weighs little, never fails a call.
    # Not part of the contract's report.
    unclear: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "category": self.category, "severity": self.severity, "t": self.t,
            "quote": self.quote, "clause": self.clause, "message": self.message, "tip": self.tip,
        }


@dataclass(frozen=True, slots=True)
class Report:
    scenario: str
    passed: bool
    score: int
    findings: tuple[Finding, ...]
    pass_mark: int = 80
    breakdown: dict[str, int] = field(default_factory=dict)  # category -> points lost
    hotline: str = ""  # the line graded against (record's, else scenario's)
    source: str = ""  # the record's file, when read from one
    duration: float = 0.0  # seconds from the ring to the last event
    notes: tuple[str, ...] = ()  # about the grading itself (e.g. graded against today's scenario)

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract's report object."""
        return {
            "scenario": self.scenario,
            "passed": self.passed,
            "score": self.score,
            "findings": [f.to_json() for f in self.findings],
        }
