"""``situations.yaml``: call situations and the standard phrases (规范用语 / 参考话术) for each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from grading.data.clause_data import _clauses, clause_list
from grading.data.forbidden_data import _forbidden_by_id
from simulator.paths import standards_dir
from simulator.phrases.acts import ACTS_FILE, load_acts
from simulator.phrases.fields import Fields, check_clause, entries
from simulator.phrases.forbidden import FORBIDDEN_FILE
from simulator.phrases.yamlpos import PosList, StandardsError, read_yaml

__all__ = ["SITUATIONS_FILE", "Situation", "SituationPhrase", "situations"]

SITUATIONS_FILE = "situations.yaml"


@dataclass(frozen=True, slots=True)
class SituationPhrase:
    """A standard phrase (规范用语 / 参考话术) and the clause it is quoted from."""

    text: str
    clause: str


@dataclass(frozen=True, slots=True)
class Situation:
    """A call situation and what the standards say to say in it."""

    id: str
    name: str  # e.g. 不出声
    when: str
    clauses: tuple[str, ...]
    phrases: tuple[SituationPhrase, ...]
    acts: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()  # 禁语 ids
    notes: str = ""

    @property
    def tip(self) -> str:
        """The first standard phrase (what a hint shows first)."""
        return self.phrases[0].text if self.phrases else ""


_SITUATION_KEYS = {"name", "when", "clauses", "acts", "phrases", "avoid", "notes"}
_PHRASE_KEYS = {"text", "clause"}


def _id_list(
    f: Fields, key: str, known: frozenset[str] | dict[str, Any], what: str, file: str
) -> tuple[str, ...]:
    ids = f.strs(key)
    seq = f.data.get(key)
    for i, ident in enumerate(ids):
        if ident not in known:
            line = seq.line_of(i) if isinstance(seq, PosList) else f.line_of(key)
            raise StandardsError(
                f"{f.what}：{key} 引用了不存在的{what} {ident!r}（见 {file}）", path=f.path, line=line
            )
    return ids


@lru_cache(maxsize=4)
def _situations(root: Path) -> dict[str, Situation]:
    path = root / SITUATIONS_FILE
    data = read_yaml(path)
    known = _clauses(root)
    act_ids = load_acts(root).ids
    entry_ids = _forbidden_by_id(root)
    out: dict[str, Situation] = {}
    for ident, value, line in entries(data, path, "situations", "情形"):
        f = Fields(value, path, line, f"情形 {ident}")
        f.check_keys(_SITUATION_KEYS)
        phrases: list[SituationPhrase] = []
        raw = f.data.get("phrases")
        if not isinstance(raw, PosList) or not raw:
            raise f.error("phrases 必须是非空列表，每项写 text 和 clause", "phrases")
        for i, item in enumerate(raw):
            pf = Fields(item, path, raw.line_of(i), f"情形 {ident} 的第 {i + 1} 条规范用语")
            pf.check_keys(_PHRASE_KEYS)
            cid = pf.text("clause")
            check_clause(cid, known, path, pf.line_of("clause"), pf.what)
            phrases.append(SituationPhrase(text=pf.text("text"), clause=cid))
        out[ident] = Situation(
            id=ident,
            name=f.text("name"),
            when=f.text("when", required=False),
            clauses=clause_list(f, "clauses", known),
            phrases=tuple(phrases),
            acts=_id_list(f, "acts", act_ids, "话语行为", ACTS_FILE),
            avoid=_id_list(f, "avoid", entry_ids, "禁语", FORBIDDEN_FILE),
            notes=f.text("notes", required=False),
        )
    return out


def situations(root: Path | None = None) -> dict[str, Situation]:
    """Every situation by id (``situations.yaml``)."""
    return _situations(root or standards_dir())
