"""Typed, checked access to the mappings of a standards file (:mod:`simulator.phrases.yamlpos`).

:class:`Fields` reads one mapping's values (text, numbers, flags, lists, regular expressions, ids)
and raises :class:`StandardsError` naming the file and the line of the offending key;
:func:`items` / :func:`entries` walk a top-level list / mapping; :func:`check_clause` and
:func:`clause_ids` check references to ``clauses.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.paths import standards_dir
from simulator.phrases.yamlpos import PosDict, PosList, StandardsError, read_yaml

__all__ = ["CLAUSES_FILE", "Fields", "check_clause", "clause_ids", "entries", "items"]

CLAUSES_FILE = "clauses.yaml"

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


class Fields:
    """Typed access to one YAML mapping with errors that name file:line."""

    def __init__(self, data: Any, path: Path, line: int, what: str) -> None:
        if not isinstance(data, PosDict):
            raise StandardsError(f"{what} 必须是映射（键: 值）", path=path, line=line)
        self.data = data
        self.path = path
        self.what = what

    @property
    def line(self) -> int:
        return self.data.line

    def line_of(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, message: str, key: str | None = None) -> StandardsError:
        line = self.data.line_of(key) if key is not None else self.data.line
        return StandardsError(f"{self.what}：{message}", path=self.path, line=line)

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error(f"未知字段 {key!r}（可用字段：{'、'.join(sorted(allowed))}）", key)

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        if key not in self.data or self.data[key] is None:
            if required:
                raise self.error(f"缺少字段 {key}")
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(f"{key} 必须是文字", key)
        text = str(value).strip()
        if required and not text:
            raise self.error(f"{key} 不能为空", key)
        return text

    def integer(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(f"{key} 必须是整数", key)
        return value

    def number(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"{key} 必须是数字", key)
        return float(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"{key} 必须是 true 或 false", key)
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        """A list of strings (a single string is accepted as a one-item list)."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, PosList):
            raise self.error(f"{key} 必须是文字列表", key)
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise StandardsError(
                    f"{self.what}：{key} 的第 {i + 1} 项必须是文字", path=self.path, line=value.line_of(i)
                )
            text = str(item).strip()
            if not text:
                raise StandardsError(
                    f"{self.what}：{key} 的第 {i + 1} 项是空的", path=self.path, line=value.line_of(i)
                )
            out.append(text)
        return tuple(out)

    def patterns(self, key: str = "patterns") -> tuple[str, ...]:
        """Like :meth:`strs`, but every item must compile as a regular expression."""
        out = self.strs(key)
        value = self.data.get(key)
        for i, pat in enumerate(out):
            try:
                re.compile(pat)
            except re.error as exc:
                line = value.line_of(i) if isinstance(value, PosList) else self.line_of(key)
                raise StandardsError(
                    f"{self.what}：正则表达式 {pat!r} 无效：{exc}", path=self.path, line=line
                ) from exc
        return out

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if not _ID_RE.match(value):
            raise self.error(f"{key} {value!r} 只能用小写字母、数字、- 和 _", key)
        return value


def items(data: Any, path: Path, key: str, what: str) -> Iterator[tuple[Any, int]]:
    """Yield (item, line) of the list ``data[key]`` (a missing key is an error)."""
    if not isinstance(data, PosDict) or key not in data:
        raise StandardsError(f"缺少顶层字段 {key}", path=path, line=1)
    seq = data[key]
    if not isinstance(seq, PosList):
        raise StandardsError(f"{key} 必须是{what}列表", path=path, line=data.line_of(key))
    for i, item in enumerate(seq):
        yield item, seq.line_of(i)


def entries(data: Any, path: Path, key: str, what: str) -> Iterator[tuple[str, Any, int]]:
    """Yield (name, value, line) of the mapping ``data[key]``."""
    if not isinstance(data, PosDict) or key not in data:
        raise StandardsError(f"缺少顶层字段 {key}", path=path, line=1)
    mapping = data[key]
    if not isinstance(mapping, PosDict):
        raise StandardsError(f"{key} 必须是{what}映射", path=path, line=data.line_of(key))
    for name, value in mapping.items():
        if not isinstance(name, str) or not _ID_RE.match(name):
            raise StandardsError(
                f"{what} 的 id {name!r} 只能用小写字母、数字、- 和 _", path=path, line=mapping.line_of(name)
            )
        yield name, value, mapping.line_of(name)


def check_clause(
    clause: str, known: Mapping[str, object] | frozenset[str], path: Path, line: int, what: str
) -> None:
    if clause not in known:
        raise StandardsError(
            f"{what} 引用了不存在的条款 {clause!r}（见 {CLAUSES_FILE}）", path=path, line=line
        )


@lru_cache(maxsize=4)
def clause_ids(root: Path | None = None) -> frozenset[str]:
    """The clause ids defined in ``clauses.yaml`` (the full typed loader is :func:`grading.data.clauses`)."""
    path = (root or standards_dir()) / CLAUSES_FILE
    data = read_yaml(path)
    return frozenset(name for name, _, _ in entries(data, path, "clauses", "条款"))
