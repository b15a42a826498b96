"""``clauses.yaml``: the clauses of the seed standards that the program enforces, and the Chinese
name of each seed document (``documents:``), so reports can say which standard a clause is from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.fields import CLAUSES_FILE, Fields, check_clause, entries
from simulator.phrases.yamlpos import PosDict, PosList, StandardsError, read_yaml

__all__ = ["Clause", "clause", "clause_by_citation", "clause_list", "clauses", "documents"]

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


@dataclass(frozen=True, slots=True)
class _ClauseFile:
    clauses: dict[str, Clause]  # by id
    documents: dict[str, str]  # seed file name -> Chinese name of the standard
    by_citation: dict[str, Clause]  # "<seed> <place>" -> clause (citations are unique)


def _documents(data: PosDict, path: Path) -> dict[str, str]:
    if "documents" not in data:
        raise StandardsError("缺少顶层字段 documents（每份规范原文的中文名称）", path=path, line=1)
    mapping = data["documents"]
    if not isinstance(mapping, PosDict) or not mapping:
        raise StandardsError("documents 必须是“出处文件名: 规范名称”的映射", path=path,
                             line=data.line_of("documents"))
    out: dict[str, str] = {}
    for seed, name in mapping.items():
        line = mapping.line_of(seed)
        if not isinstance(seed, str) or not _SEED_RE.match(seed):
            raise StandardsError(f"documents 的键 {seed!r} 应是规范原文的文件名，如 000_423174f9e1f791de.txt",
                                 path=path, line=line)
        if not isinstance(name, str) or not name.strip():
            raise StandardsError(f"documents 中 {seed} 的名称必须是非空文字", path=path, line=line)
        out[seed] = name.strip()
    return out


@lru_cache(maxsize=4)
def _clause_file(root: Path) -> _ClauseFile:
    path = root / CLAUSES_FILE
    data = read_yaml(path)
    documents = _documents(data, path)
    out: dict[str, Clause] = {}
    by_citation: dict[str, Clause] = {}
    for ident, value, line in entries(data, path, "clauses", "条款"):
        f = Fields(value, path, line, f"条款 {ident}")
        f.check_keys(_CLAUSE_KEYS)
        seed = f.text("seed")
        if not _SEED_RE.match(seed):
            raise f.error(f"seed {seed!r} 应是规范原文的文件名，如 000_423174f9e1f791de.txt", "seed")
        if seed not in documents:
            raise f.error(f"seed {seed} 在 documents 中没有规范名称", "seed")
        item = Clause(
            id=ident,
            seed=seed,
            place=f.text("place"),
            title=f.text("title"),
            text=f.text("text"),
            note=f.text("note", required=False),
        )
        if (same := by_citation.get(item.citation)) is not None:
            raise f.error(
                f"引用 “{item.citation}” 与条款 {same.id} 相同；同一出处和位置只能有一条条款", "place"
            )
        out[ident] = by_citation[item.citation] = item
    return _ClauseFile(out, documents, by_citation)


def _clauses(root: Path) -> dict[str, Clause]:
    return _clause_file(root).clauses


def clauses(root: Path | None = None) -> dict[str, Clause]:
    """Every clause by id (``clauses.yaml``). Do not mutate the returned dict."""
    return _clauses(root or standards_dir())


def clause(clause_id: str) -> Clause:
    """One clause; :class:`StandardsError` if the id is unknown."""
    try:
        return clauses()[clause_id]
    except KeyError:
        raise StandardsError(f"条款表中没有 {clause_id!r}", path=standards_dir() / CLAUSES_FILE) from None


def documents(root: Path | None = None) -> dict[str, str]:
    """The Chinese name of each seed standard by file name (``documents:`` in ``clauses.yaml``)."""
    return _clause_file(root or standards_dir()).documents


def clause_by_citation(citation: str, root: Path | None = None) -> Clause | None:
    """The clause a report cites as ``"<seed file> <place>"``; ``None`` if no clause has it."""
    return _clause_file(root or standards_dir()).by_citation.get(citation)


def clause_list(f: Fields, key: str, known: dict[str, Clause]) -> tuple[str, ...]:
    """The clause ids of the list ``key`` of ``f``, each checked against ``known``."""
    ids = f.strs(key)
    seq = f.data.get(key)
    for i, cid in enumerate(ids):
        line = seq.line_of(i) if isinstance(seq, PosList) else f.line_of(key)
        check_clause(cid, known, f.path, line, f.what)
    return ids
