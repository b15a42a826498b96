"""The speech-act library: ``grading/standards/acts.yaml`` (+ ``forbidden.yaml``) as typed data.

The files are written by hand from the seed standards (see their Chinese comment headers). This
module only reads and checks them:

* every act has a name and at least one phrase or pattern, patterns compile, moods are integers;
* every clause id an act or a 禁语 refers to exists in ``clauses.yaml``;
* the ``forbidden`` act gets its :attr:`Act.forbidden` tuple from ``forbidden.yaml``.

Problems raise :class:`StandardsError` naming ``file:line``. Results are cached; call
:func:`clear_cache` after editing the files in a running process (tests do).

The small YAML-with-line-numbers reader here is shared with :mod:`grading.data`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import HotlineError
from simulator.paths import standards_dir
from simulator.phrases.types import Act, ForbiddenEntry

__all__ = [
    "ActLibrary",
    "PosDict",
    "PosList",
    "StandardsError",
    "act_ids",
    "clause_ids",
    "clear_cache",
    "load_acts",
    "load_forbidden",
    "read_yaml",
]

ACTS_FILE = "acts.yaml"
FORBIDDEN_FILE = "forbidden.yaml"
CLAUSES_FILE = "clauses.yaml"

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


class StandardsError(HotlineError):
    """A standards data file (``grading/standards/*.yaml``) is missing or malformed."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line else f"{self.path}: "
        super().__init__(
            where + message, hint=hint or "标准数据文件由培训人员手工维护，请按文件开头的说明修改。"
        )


# --------------------------------------------------------------------------- YAML with lines


class PosDict(dict[Any, Any]):
    """A YAML mapping that remembers its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class PosList(list[Any]):
    """A YAML sequence that remembers its own line and each item's line (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _PosLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _PosLoader, node: yaml.MappingNode) -> PosDict:
    out = PosDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise StandardsError("映射的键不能是列表或映射", line=key_node.start_mark.line + 1) from exc
        if key in out:
            raise StandardsError(f"重复的键 {key!r}", line=key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_seq(loader: _PosLoader, node: yaml.SequenceNode) -> PosList:
    out = PosList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_PosLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_PosLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def read_yaml(path: Path) -> PosDict:
    """Read a standards file whose top level is a mapping, keeping line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StandardsError("文件不存在", path=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StandardsError(f"无法读取：{exc}", path=path) from exc
    try:
        data = yaml.load(text, Loader=_PosLoader)  # a SafeLoader subclass
    except StandardsError as exc:
        raise StandardsError(exc.message, path=path, line=exc.line) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise StandardsError(f"YAML 语法错误：{problem}", path=path, line=line) from exc
    if not isinstance(data, PosDict):
        raise StandardsError("文件顶层必须是映射（键: 值）", path=path, line=1)
    return data


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


# --------------------------------------------------------------------------- clause ids


@lru_cache(maxsize=4)
def clause_ids(root: Path | None = None) -> frozenset[str]:
    """The clause ids defined in ``clauses.yaml`` (the full typed loader is :func:`grading.data.clauses`)."""
    path = (root or standards_dir()) / CLAUSES_FILE
    data = read_yaml(path)
    return frozenset(name for name, _, _ in entries(data, path, "clauses", "条款"))


# --------------------------------------------------------------------------- 禁语


_FORBIDDEN_KEYS = {
    "id", "text", "clause", "also", "variants", "patterns", "patterns_anywhere", "tip", "standalone", "note",
    "dev_note",
}


@lru_cache(maxsize=4)
def load_forbidden(root: Path | None = None) -> tuple[ForbiddenEntry, ...]:
    """Every entry of ``forbidden.yaml``, in file order, checked."""
    base = root or standards_dir()
    path = base / FORBIDDEN_FILE
    data = read_yaml(path)
    known = clause_ids(base)
    out: list[ForbiddenEntry] = []
    seen: dict[str, int] = {}
    for item, line in items(data, path, "entries", "禁语"):
        f = Fields(item, path, line, "禁语")
        f.check_keys(_FORBIDDEN_KEYS)
        ident = f.ident("id")
        f.what = f"禁语 {ident}"
        if ident in seen:
            raise f.error(f"id 与第 {seen[ident]} 行重复", "id")
        seen[ident] = f.line
        clause = f.text("clause")
        check_clause(clause, known, path, f.line_of("clause"), f.what)
        also = f.strs("also")
        also_list = f.data.get("also")
        for i, other in enumerate(also):
            aline = also_list.line_of(i) if isinstance(also_list, PosList) else f.line_of("also")
            check_clause(other, known, path, aline, f.what)
        standalone = f.flag("standalone", False)
        anywhere = f.patterns("patterns_anywhere")
        if anywhere and not standalone:
            raise f.error("patterns_anywhere 只用于 standalone: true 的条目（其他条目写在 patterns 里）",
                          "patterns_anywhere")
        entry = ForbiddenEntry(
            id=ident,
            text=f.text("text"),
            clause=clause,
            variants=f.strs("variants"),
            patterns=f.patterns("patterns"),
            tip=f.text("tip"),
            standalone=standalone,
            note=f.text("note", required=False),
            also=also,
            patterns_anywhere=anywhere,
            dev_note=f.text("dev_note", required=False),
        )
        out.append(entry)
    return tuple(out)


# --------------------------------------------------------------------------- acts


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


_ACT_KEYS = {"name", "description", "phrases", "patterns", "clauses", "mood"}
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
