"""Reproducible draws: the same exam, candidate and sitting seed always give the same calls.

A draw is a pure function of the exam's id and pools, the sitting's seed and (with the
``per-candidate`` policy) the candidate's name: SHA-256 of those seeds a private
:class:`random.Random`, which samples each pool in file order. Each drawn call also gets one caller
seed per allowed attempt (the engine's seed: the caller's wording and timing), derived the same way,
so a retake is a different variant of the same scenario and nobody can learn the answers of the
seat next to them under ``per-candidate``. No global random state is used or changed.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

from simulator.exams.model import Exam

SEED_RANGE = 2**31


@dataclass(frozen=True, slots=True)
class Slot:
    """One call a candidate must take: which scenario, from which pool, with which caller seeds."""

    index: int  # 1-based, the order the calls are taken in
    pool: str
    scenario: str
    seeds: tuple[int, ...]  # the engine seed of attempt 1, 2, …

    def seed_for(self, attempt: int) -> int:
        return self.seeds[attempt - 1]

    def to_json(self) -> dict[str, object]:
        return {"index": self.index, "pool": self.pool, "scenario": self.scenario, "seeds": list(self.seeds)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Slot:
        seeds = data["seeds"]
        assert isinstance(seeds, list)
        return cls(int(str(data["index"])), str(data["pool"]), str(data["scenario"]),
                   tuple(int(s) for s in seeds))


def _key(*parts: object) -> bytes:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()).digest()


def _pools_key(exam: Exam) -> list[object]:
    return [exam.id, [[p.name, p.draw, list(p.scenarios)] for p in exam.pools]]


def draw(exam: Exam, candidate: str, seed: int) -> tuple[Slot, ...]:
    """The calls ``candidate`` takes in a sitting of ``exam`` opened with ``seed``."""
    who = candidate if exam.seed == "per-candidate" else ""
    base = _key("hotline-draw/1", _pools_key(exam), seed, who)
    rng = random.Random(int.from_bytes(base, "big"))
    slots: list[Slot] = []
    for pool in exam.pools:
        for scenario in rng.sample(list(pool.scenarios), pool.draw):
            index = len(slots) + 1
            seeds = tuple(
                int.from_bytes(_key("hotline-call-seed/1", base.hex(), index, scenario, attempt)[:8], "big")
                % SEED_RANGE
                for attempt in range(1, exam.attempts + 1)
            )
            slots.append(Slot(index, pool.name, scenario, seeds))
    return tuple(slots)
