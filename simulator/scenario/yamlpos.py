"""YAML text → a small tree whose every node knows its 1-based position.

PyYAML's composer (the C one, ``CSafeLoader``, when libyaml is present: same marks, much faster)
gives nodes with 0-based marks and the *raw* scalar text; we keep both the raw text and the value
YAML 1.1 resolves it to, so the loader can tell ``say: no`` (a plain scalar that became ``false``)
from ``say: "no"``. Mapping keys are always taken as their raw text (``on:`` stays ``"on"``).

Duplicate keys are reported (HT002) and the first occurrence wins; ``<<`` merge keys are expanded
(explicit keys win); aliases are shared, recursive aliases and absurd nesting are reported.
Syntax errors become one HT001 diagnostic at the parser's position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.model import Pos

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PREFIX = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = {
    _PREFIX + t: yaml.constructor.SafeConstructor.yaml_constructors[_PREFIX + t]
    for t in ("null", "bool", "int", "float", "timestamp", "binary")
}
MAX_DEPTH = 64


@dataclass(slots=True)
class YScalar:
    value: Any  # what YAML 1.1 makes of it: str, int, float, bool, None, date …
    raw: str  # the text as written (without quotes)
    tag: str  # short tag: "str", "int", "float", "bool", "null", "timestamp", or the full tag
    plain: bool  # written without quotes or block indicators
    pos: Pos
    length: int = 1

    kind = "scalar"


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: Pos

    kind = "list"


@dataclass(slots=True)
class YMap:
    pos: Pos
    items: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)  # raw key → (key, value)

    kind = "map"

    def get(self, key: str) -> YNode | None:
        item = self.items.get(key)
        return item[1] if item else None


YNode = YScalar | YSeq | YMap


def _pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


def _short(tag: str) -> str:
    return tag[len(_PREFIX) :] if tag.startswith(_PREFIX) else tag


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.diags: list[Diagnostic] = []
        self.done: dict[int, YNode] = {}
        self.busy: set[int] = set()

    def convert(self, node: yaml.Node, depth: int = 0) -> YNode:
        pos = _pos(self.file, node.start_mark)
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.busy or depth > MAX_DEPTH:
            what = "别名递归引用了自己" if key in self.busy else f"嵌套超过 {MAX_DEPTH} 层"
            self.diags.append(diag("HT001", f"YAML 结构无法展开：{what}", pos))
            return YScalar(None, "", "null", True, pos)
        self.busy.add(key)
        try:
            out = self._convert(node, pos, depth)
        finally:
            self.busy.discard(key)
        self.done[key] = out
        return out

    def _convert(self, node: yaml.Node, pos: Pos, depth: int) -> YNode:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, pos)
        if isinstance(node, yaml.SequenceNode):
            return YSeq([self.convert(n, depth + 1) for n in node.value], pos)
        ymap = YMap(pos)
        merges: list[yaml.Node] = []
        for knode, vnode in node.value:
            if knode.tag == _PREFIX + "merge":
                merges.append(vnode)
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.diags.append(diag("HT004", "映射的键必须是文本", _pos(self.file, knode.start_mark)))
                continue
            k = self.scalar(knode, _pos(self.file, knode.start_mark))
            if k.raw in ymap.items:
                first = ymap.items[k.raw][0].pos
                self.diags.append(
                    diag(
                        "HT002",
                        f"键 “{k.raw}” 重复（第一次出现在第 {first.line} 行），后面的被忽略",
                        k.pos,
                        length=k.length,
                    )
                )
                continue
            ymap.items[k.raw] = (k, self.convert(vnode, depth + 1))
        for m in merges:
            self._merge(ymap, m, depth)
        return ymap

    def _merge(self, ymap: YMap, node: yaml.Node, depth: int) -> None:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for src in sources:
            conv = self.convert(src, depth + 1)
            if not isinstance(conv, YMap):
                self.diags.append(diag("HT004", "合并键 << 的值必须是映射（或映射的列表）", conv.pos))
                continue
            for k, item in conv.items.items():
                ymap.items.setdefault(k, item)

    def scalar(self, node: yaml.ScalarNode, pos: Pos) -> YScalar:
        tag = _short(node.tag)
        end = node.end_mark
        length = end.column - node.start_mark.column if end.line == node.start_mark.line else len(node.value)
        plain = node.style in (None, "")
        value: Any = node.value
        fn = _CONSTRUCTORS.get(node.tag) if tag != "str" else None
        if fn is not None:
            try:
                value = fn(_constructor, node)
            except Exception as exc:  # any malformed explicit tag: report, never crash
                self.diags.append(diag("HT004", f"标量 “{node.value}” 不能按 !!{tag} 解析：{exc}", pos))
                value = node.value
        return YScalar(value, node.value, tag, plain, pos, max(length, 1))


def compose(text: str, file: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document. Returns ``(tree or None, diagnostics)``; never raises on bad input."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(file, mark) if mark is not None else Pos(file, 1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return None, [diag("HT001", f"YAML 语法错误：{what}", pos)]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return None, [diag("HT001", f"YAML 语法错误：{exc}", Pos(file, 1, 1))]
    if node is None:
        return None, []
    conv = _Converter(file)
    try:
        tree = conv.convert(node)
    except RecursionError:
        return None, [diag("HT001", "YAML 结构嵌套太深", Pos(file, 1, 1))]
    return tree, conv.diags


def plain(node: YNode) -> Any:
    """The tree as plain Python data (keys as written, values as YAML 1.1 resolves them)."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, (_, v) in node.items.items()}
