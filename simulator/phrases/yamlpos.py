"""Reading the standards files: YAML that remembers line numbers, and the error naming file:line.

Trainers edit ``grading/standards/*.yaml`` by hand, so every problem must say where it is:
:func:`read_yaml` returns :class:`PosDict` / :class:`PosList` (a dict / list that know the line of
each key / item), and problems raise :class:`StandardsError` with the path and line. Shared by the
act library (:mod:`simulator.phrases.acts`) and :mod:`grading.data`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from simulator.errors import HotlineError

__all__ = ["PosDict", "PosList", "StandardsError", "read_yaml"]


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
