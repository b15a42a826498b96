"""``courtesy.yaml``: the word lists of the courtesy rules (vague words, fillers, honorifics)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grading.data.clause_data import _clauses
from simulator.paths import standards_dir
from simulator.phrases.fields import Fields, check_clause
from simulator.phrases.yamlpos import StandardsError, read_yaml

__all__ = ["COURTESY_FILE", "Courtesy", "WordList", "courtesy"]

COURTESY_FILE = "courtesy.yaml"


@dataclass(frozen=True, slots=True)
class WordList:
    """A word list for a courtesy rule, with its clause."""

    clause: str
    words: tuple[str, ...]
    variants: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    limit: int | None = None
    note: str = ""

    @property
    def all_words(self) -> tuple[str, ...]:
        return (*self.words, *self.variants)


@dataclass(frozen=True, slots=True)
class Courtesy:
    vague: WordList  # 004 七 3.5 大概、可能、也许
    fillers: WordList  # 000 服务禁忌(十) 喽、嘛
    civil_words: WordList  # 000 十字文明用语
    honorifics: WordList  # 000 职业用语的基本要求 2


_WORDLIST_KEYS = {"clause", "words", "variants", "exceptions", "limit", "note"}


@lru_cache(maxsize=4)
def _courtesy(root: Path) -> Courtesy:
    path = root / COURTESY_FILE
    data = read_yaml(path)
    known = _clauses(root)
    lists: dict[str, WordList] = {}
    for key in ("vague", "fillers", "civil_words", "honorifics"):
        if key not in data:
            raise StandardsError(f"缺少顶层字段 {key}", path=path, line=1)
        f = Fields(data[key], path, data.line_of(key), key)
        f.check_keys(_WORDLIST_KEYS)
        cid = f.text("clause")
        check_clause(cid, known, path, f.line_of("clause"), key)
        words = f.strs("words")
        if not words:
            raise f.error("words 不能为空", "words")
        limit = f.integer("limit", 0) if "limit" in f.data else None
        lists[key] = WordList(
            clause=cid,
            words=words,
            variants=f.strs("variants"),
            exceptions=f.strs("exceptions"),
            limit=limit,
            note=f.text("note", required=False),
        )
    extra = set(data) - set(lists)
    if extra:
        name = sorted(extra, key=str)[0]
        raise StandardsError(f"未知的顶层字段 {name!r}", path=path, line=data.line_of(name))
    return Courtesy(**lists)


def courtesy(root: Path | None = None) -> Courtesy:
    """The courtesy word lists (``courtesy.yaml``)."""
    return _courtesy(root or standards_dir())
