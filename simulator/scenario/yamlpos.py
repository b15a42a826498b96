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


class _NoPathResolver(yaml.resolver.Resolver):
    """The YAML 1.1 resolver without path resolvers (none are registered): the composer calls
    these two for every node, so making them no-ops saves real time on big libraries."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# libyaml's parser+composer (same marks, several times faster), when PyYAML was built with it
_CParser: Any = getattr(yaml, "cyaml", None) and getattr(yaml.cyaml, "CParser", None)
USING_LIBYAML = _CParser is not None


if _CParser is not None:

    class _Loader(_CParser, yaml.constructor.SafeConstructor, _NoPathResolver):
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _NoPathResolver.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml: same marks, slower

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.constructor.SafeConstructor,
        _NoPathResolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _NoPathResolver.__init__(self)


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
    file: str
    line: int  # 1-based
    col: int  # 1-based
    length: int = 1
    literal: bool = False  # a ``|`` block: its text lines are the file lines after the indicator

    kind = "scalar"

    @property
    def pos(self) -> Pos:
        return Pos(self.file, self.line, self.col)


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
_STR = _PREFIX + "str"
_MERGE = _PREFIX + "merge"
_PLAIN = (None, "")


def _pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


def _short(tag: str) -> str:
    return tag[len(_PREFIX) :] if tag.startswith(_PREFIX) else tag


class _Converter:
    """PyYAML nodes → Y* nodes. Collections are memoised by identity (aliases share them)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diags: list[Diagnostic] = []
        self.done: dict[int, YNode] = {}
        self.busy: set[int] = set()

    def convert(self, node: yaml.Node, depth: int = 0) -> YNode:
        if type(node) is yaml.ScalarNode:
            return self.scalar(node)
        key = id(node)
        done = self.done.get(key)
        if done is not None:
            return done
        pos = _pos(self.file, node.start_mark)
        if key in self.busy or depth > MAX_DEPTH:
            what = "别名递归引用了自己" if key in self.busy else f"嵌套超过 {MAX_DEPTH} 层"
            self.diags.append(diag("HT001", f"YAML 结构无法展开：{what}", pos))
            return YScalar(None, "", "null", True, pos.file, pos.line, pos.col)
        self.busy.add(key)
        try:
            out: YNode
            if isinstance(node, yaml.SequenceNode):
                out = YSeq([self.convert(n, depth + 1) for n in node.value], pos)
            else:
                out = self._mapping(node, pos, depth)
        finally:
            self.busy.discard(key)
        self.done[key] = out
        return out

    def _mapping(self, node: yaml.Node, pos: Pos, depth: int) -> YMap:
        ymap = YMap(pos)
        items = ymap.items
        merges: list[yaml.Node] = []
        for knode, vnode in node.value:
            if type(knode) is not yaml.ScalarNode:
                self.diags.append(diag("HT004", "映射的键必须是文本", _pos(self.file, knode.start_mark)))
                continue
            if knode.tag == _MERGE:
                merges.append(vnode)
                continue
            k = self.scalar(knode)
            first = items.get(k.raw)
            if first is not None:
                self.diags.append(
                    diag(
                        "HT002",
                        f"键 “{k.raw}” 重复（第一次出现在第 {first[0].line} 行），后面的被忽略",
                        k.pos,
                        length=k.length,
                    )
                )
                continue
            items[k.raw] = (k, self.convert(vnode, depth + 1))
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

    def scalar(self, node: yaml.ScalarNode) -> YScalar:
        start, end, raw = node.start_mark, node.end_mark, node.value
        line = start.line
        length = end.column - start.column if end.line == line else len(raw)
        if length < 1:
            length = 1
        if node.tag == _STR:
            style = node.style
            return YScalar(
                raw, raw, "str", style in _PLAIN, self.file, line + 1, start.column + 1, length, style == "|"
            )
        tag = _short(node.tag)
        value: Any = raw
        fn = _CONSTRUCTORS.get(node.tag)
        if fn is not None:
            try:
                value = fn(_constructor, node)
            except Exception as exc:  # any malformed explicit tag: report, never crash
                self.diags.append(
                    diag(
                        "HT004",
                        f"标量 “{raw}” 不能按 !!{tag} 解析：{exc}",
                        Pos(self.file, line + 1, start.column + 1),
                    )
                )
                value = raw
        return YScalar(
            value,
            raw,
            tag,
            node.style in _PLAIN,
            self.file,
            line + 1,
            start.column + 1,
            length,
            node.style == "|",
        )


def compose(text: str, file: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document. Returns ``(tree or None, diagnostics)``; never raises on bad input."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
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
