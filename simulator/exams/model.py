"""What an exam file becomes: pools to draw from, the pass rules, attempts, what the candidate sees.

An :class:`Exam` is data only. It is copied whole into every sitting opened from it (and signed
there), so a sitting is judged by the rules it was opened with even if the file changes later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from simulator.scenario.model import NOWHERE, Pos

SEED_POLICIES = ("per-candidate", "same-for-all")
SeedPolicy = Literal["per-candidate", "same-for-all"]
COUNTS = ("best", "last")
Counts = Literal["best", "last"]
SEED_POLICY_NAMES = {"per-candidate": "每位考生各自抽题", "same-for-all": "全体考生同一套题"}
COUNTS_NAMES = {"best": "取最好一次", "last": "取最后一次"}


@dataclass(frozen=True, slots=True)
class Pool:
    """Draw ``draw`` different scenarios from ``scenarios``."""

    name: str
    draw: int
    scenarios: tuple[str, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class PassRule:
    call: int = 80  # a call passes at this score with no blocker finding
    overall: int = 80  # the mean score of the counted calls
    calls: int | None = None  # how many calls must pass; None = all of them


@dataclass(frozen=True, slots=True)
class Exam:
    id: str
    title: str
    pools: tuple[Pool, ...]
    description: str = ""
    seed: SeedPolicy = "per-candidate"
    passing: PassRule = field(default_factory=PassRule)
    blockers: tuple[str, ...] = ()  # categories: any (sure) finding in one fails the call
    attempts: int = 1  # attempts allowed per drawn call
    counts: Counts = "best"  # which attempt counts when there are several
    show_report: bool = True  # the candidate sees the call's report when it ends
    start_codes: bool = False  # every sitting of it needs the invigilator's start codes
    source: str = ""

    @property
    def calls(self) -> int:
        """How many calls a candidate takes."""
        return sum(p.draw for p in self.pools)

    @property
    def calls_to_pass(self) -> int:
        return self.calls if self.passing.calls is None else self.passing.calls

    def to_json(self) -> dict[str, Any]:
        """The exam as plain data (what a sitting keeps); positions and the file are left out."""
        out = asdict(self)
        out.pop("source")
        out["pools"] = [{"name": p.name, "draw": p.draw, "scenarios": list(p.scenarios)} for p in self.pools]
        out["blockers"] = list(self.blockers)
        if not self.start_codes:  # the JSON (and digest) of exams written before start codes existed
            out.pop("start_codes")
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exam:
        p = data.get("passing") or {}
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            pools=tuple(
                Pool(str(x["name"]), int(x["draw"]), tuple(str(s) for s in x["scenarios"]))
                for x in data["pools"]
            ),
            description=str(data.get("description", "")),
            seed=data.get("seed", "per-candidate"),
            passing=PassRule(int(p.get("call", 80)), int(p.get("overall", 80)),
                             None if p.get("calls") is None else int(p["calls"])),
            blockers=tuple(str(b) for b in data.get("blockers", ())),
            attempts=int(data.get("attempts", 1)),
            counts=data.get("counts", "best"),
            show_report=bool(data.get("show_report", True)),
            start_codes=data.get("start_codes") is True,
        )

    def digest(self) -> str:
        """SHA-256 of the exam's rules: the same exam file (whatever its comments) → the same digest."""
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()
