"""The speech-act library: ``grading/standards/acts.yaml`` (+ ``forbidden.yaml``) as typed data.

The files are written by hand from the seed standards (see their Chinese comment headers). This
module only reads and checks them:

* every act has a name and at least one phrase or pattern, patterns compile, moods are integers;
* every clause id an act or a 禁语 refers to exists in ``clauses.yaml``;
* the ``forbidden`` act gets its :attr:`Act.forbidden` tuple from ``forbidden.yaml``
  (:mod:`simulator.phrases.forbidden`).

Problems raise :class:`StandardsError` naming ``file:line``. Results are cached; call
:func:`clear_cache` after editing the files in a running process (tests do).

The line-aware YAML reader is :mod:`simulator.phrases.yamlpos`, the typed field access
:mod:`simulator.phrases.fields`; both are shared with :mod:`grading.data`, and their names are
re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.fields import CLAUSES_FILE, Fields, check_clause, clause_ids, entries, items
from simulator.phrases.forbidden import FORBIDDEN_FILE, load_forbidden
from simulator.phrases.types import Act, ForbiddenEntry
from simulator.phrases.yamlpos import PosDict, PosList, StandardsError, read_yaml

__all__ = [
    "ACTS_FILE",
    "CLAUSES_FILE",
    "FORBIDDEN_FILE",
    "ActLibrary",
    "Fields",
    "PosDict",
    "PosList",
    "StandardsError",
    "act_ids",
    "check_clause",
    "clause_ids",
    "clear_cache",
    "entries",
    "items",
    "load_acts",
    "load_forbidden",
    "read_yaml",
]

ACTS_FILE = "acts.yaml"


@dataclass(frozen=True, slots=True)
class ActLibrary:
    """All speech acts by id."""

    acts: dict[str, Act]

    def get(self, act_id: str) -> Act:
        try:
            return self.acts[act_id]
        except KeyError:
            raise StandardsError(
                f"未知的话语行为 {act_id!r}", hint=f"可用的行为：{'、'.join(sorted(self.acts))}"
            ) from None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.acts)

    def __contains__(self, act_id: object) -> bool:
        return act_id in self.acts

    def __iter__(self) -> Iterator[Act]:
        return iter(self.acts.values())

    def __len__(self) -> int:
        return len(self.acts)


_ACT_KEYS = {"name", "description", "phrases", "patterns", "clauses", "mood", "negation_keeps"}
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = frozenset({"hotline", "department", "phone"})


@lru_cache(maxsize=4)
def load_acts(root: Path | None = None) -> ActLibrary:
    """Read ``acts.yaml`` (and ``forbidden.yaml`` for the ``forbidden`` act)."""
    base = root or standards_dir()
    path = base / ACTS_FILE
    data = read_yaml(path)
    known = clause_ids(base)
    acts: dict[str, Act] = {}
    for ident, value, line in entries(data, path, "acts", "话语行为"):
        f = Fields(value, path, line, f"行为 {ident}")
        f.check_keys(_ACT_KEYS)
        phrases = f.strs("phrases")
        patterns = f.patterns("patterns")
        for phrase in phrases:
            for name in _PLACEHOLDER_RE.findall(phrase):
                if name not in PLACEHOLDERS:
                    raise f.error(
                        f"短语 {phrase!r} 里的占位符 {{{name}}} 未知"
                        f"（可用：{{hotline}} {{department}} {{phone}}）",
                        "phrases",
                    )
        clauses = f.strs("clauses")
        clause_list = f.data.get("clauses")
        for i, clause in enumerate(clauses):
            cline = clause_list.line_of(i) if isinstance(clause_list, PosList) else f.line_of("clauses")
            check_clause(clause, known, path, cline, f.what)
        forbidden: tuple[ForbiddenEntry, ...] = ()
        if ident == "forbidden":
            forbidden = load_forbidden(base)
        elif not phrases and not patterns:
            raise f.error("至少要有一条 phrases 或 patterns")
        acts[ident] = Act(
            id=ident,
            name=f.text("name"),
            phrases=phrases,
            patterns=patterns,
            clauses=clauses,
            mood=f.integer("mood", 0),
            description=f.text("description", required=False),
            forbidden=forbidden,
            negation_keeps=f.flag("negation_keeps", False),
        )
    if "forbidden" not in acts:
        raise StandardsError("缺少 forbidden 行为（禁语来自 forbidden.yaml）", path=path, line=1)
    return ActLibrary(acts=acts)


def act_ids() -> frozenset[str]:
    """The ids of every act in the library."""
    return load_acts().ids


def clear_cache() -> None:
    """Forget cached data (after the YAML files changed)."""
    clause_ids.cache_clear()
    load_forbidden.cache_clear()
    load_acts.cache_clear()
