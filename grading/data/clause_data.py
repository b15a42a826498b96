"""``clauses.yaml``: the clauses of the seed standards that the program enforces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.fields import CLAUSES_FILE, Fields, check_clause, entries
from simulator.phrases.yamlpos import PosList, StandardsError, read_yaml

__all__ = ["Clause", "clause", "clause_list", "clauses"]

_SEED_RE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a seed standard that the program enforces."""

    id: str  # e.g. "000-yingda-3"
    seed: str  # file name, e.g. "000_423174f9e1f791de.txt"
    place: str  # place in the seed, e.g. "服务应答规范 3"
    title: str
    text: str  # quoted from the seed
    note: str = ""

    @property
    def citation(self) -> str:
        """How reports cite it: ``"<seed file> <place>"``."""
        return f"{self.seed} {self.place}"

    @property
    def short(self) -> str:
        """Short form for tight spaces: ``"000 服务应答规范 3"``."""
        return f"{self.seed[:3]} {self.place}"


_CLAUSE_KEYS = {"seed", "place", "title", "text", "note"}


@lru_cache(maxsize=4)
def _clauses(root: Path) -> dict[str, Clause]:
    path = root / CLAUSES_FILE
    data = read_yaml(path)
    out: dict[str, Clause] = {}
    for ident, value, line in entries(data, path, "clauses", "条款"):
        f = Fields(value, path, line, f"条款 {ident}")
        f.check_keys(_CLAUSE_KEYS)
        seed = f.text("seed")
        if not _SEED_RE.match(seed):
            raise f.error(f"seed {seed!r} 应是规范原文的文件名，如 000_423174f9e1f791de.txt", "seed")
        out[ident] = Clause(
            id=ident,
            seed=seed,
            place=f.text("place"),
            title=f.text("title"),
            text=f.text("text"),
            note=f.text("note", required=False),
        )
    return out


def clauses(root: Path | None = None) -> dict[str, Clause]:
    """Every clause by id (``clauses.yaml``). Do not mutate the returned dict."""
    return _clauses(root or standards_dir())


def clause(clause_id: str) -> Clause:
    """One clause; :class:`StandardsError` if the id is unknown."""
    try:
        return clauses()[clause_id]
    except KeyError:
        raise StandardsError(f"条款表中没有 {clause_id!r}", path=standards_dir() / CLAUSES_FILE) from None


def clause_list(f: Fields, key: str, known: dict[str, Clause]) -> tuple[str, ...]:
    """The clause ids of the list ``key`` of ``f``, each checked against ``known``."""
    ids = f.strs(key)
    seq = f.data.get(key)
    for i, cid in enumerate(ids):
        line = seq.line_of(i) if isinstance(seq, PosList) else f.line_of(key)
        check_clause(cid, known, f.path, line, f.what)
    return ids
