"""Typed reading of the position tree, collecting diagnostics instead of raising.

:class:`Reader` is what the scenario builder uses to read fields: each method returns the value
(or ``None`` when it is unusable) and records the problem with the exact position. Text fields
report YAML 1.1 coercions (HT003) and still return the raw text, so later checks go on.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any, ClassVar

from simulator.limits import LIMITS, seconds_ok, shorten
from simulator.scenario.diagnostics import Diagnostic, diag, did_you_mean
from simulator.scenario.model import Pos
from simulator.scenario.schema import OBJECTS
from simulator.scenario.yamlpos import YMap, YNode, YScalar, YSeq

_COERCED = {"bool": "布尔值", "int": "整数", "float": "小数", "null": "空值", "timestamp": "日期"}
_SURPRISING_INT = re.compile(r"^[-+]?(0[0-7_]+|0[box].*|.*:.*|.*_.*)$")
_KIND_NAMES = {"map": "映射", "list": "列表", "scalar": "单个值"}


class FieldReader:
    """Reading fields of a YAML file against a spec (``objects``), collecting coded diagnostics.

    Shared by scenario files (this module's :class:`Reader`, HT codes) and exam files
    (:mod:`simulator.exams.loader`, EX codes): a subclass names its spec and its :attr:`CODES`."""

    CODES: ClassVar[dict[str, str]] = {"coerced": "HT003", "wrong": "HT004", "missing": "HT005",
                                       "unknown": "HT006"}
    objects: ClassVar[Mapping[str, Mapping[str, Any]]] = OBJECTS

    def __init__(self, file: str, diags: list[Diagnostic] | None = None) -> None:
        self.file = file
        self.diags: list[Diagnostic] = [] if diags is None else diags

    def report(self, code: str, message: str, at: YNode | Pos, **kw: object) -> None:
        if isinstance(at, YScalar):
            kw.setdefault("length", at.length)
        pos = at if isinstance(at, Pos) else at.pos
        self.diags.append(diag(code, message, pos, **kw))

    def fields(self, node: YNode | None, obj: str, what: str) -> dict[str, YNode] | None:
        """The known fields of mapping ``node`` (spec ``objects[obj]``); reports unknown/missing ones."""
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.wrong(node, "映射（键: 值）", what)
            return None
        spec = self.objects[obj]
        out: dict[str, YNode] = {}
        for name, (key, value) in node.items.items():
            if name in spec:
                out[name] = value
            else:
                self.report(self.CODES["unknown"], f"{what}里没有字段 “{name}”", key,
                            suggestion=did_you_mean(name, spec))
        for name, f in spec.items():
            if f.required and name not in out:
                self.report(self.CODES["missing"], f"{what}缺少必填字段 “{name}”（{f.doc}）", node)
        return out

    def wrong(self, node: YNode, expected: str, what: str) -> None:
        if isinstance(node, YScalar) and node.tag == "null" and node.raw == "":
            got = "空值"
        elif isinstance(node, YScalar):
            got = f"“{node.raw}”"
        else:
            got = _KIND_NAMES[node.kind]
        self.report(self.CODES["wrong"], f"{what.rstrip()} 应为{expected}，这里是{got}", node)

    def text(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YScalar):
            self.wrong(node, "文本", what)
            return None
        if node.tag == "str":
            return node.raw
        if node.plain and node.tag in _COERCED and node.raw != "":
            value = str(node.value).lower() if node.tag == "bool" else node.value
            self.report(
                self.CODES["coerced"],
                f"{what} “{node.raw}” 会被 YAML 1.1 读成{_COERCED[node.tag]} {value}，不是文本",
                node,
                hint=f'加引号："{node.raw}"',
            )
            return node.raw
        self.wrong(node, "文本", what)
        return None

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if not (isinstance(node, YScalar) and node.tag == "bool"):
            self.wrong(node, "true 或 false", what)
            return None
        return bool(node.value)


class Reader(FieldReader):
    def __init__(self, file: str, lines: Sequence[str] = ()) -> None:
        super().__init__(file)
        self.lines = lines  # the source, for checks that point inside block scalars

    def texts(self, node: YNode | None, what: str) -> tuple[str, ...]:
        """One text or a list of texts."""
        if node is None:
            return ()
        if isinstance(node, YSeq):
            return tuple(t for item in node.items if (t := self.text(item, what)) is not None)
        t = self.text(node, what)
        return (t,) if t is not None else ()

    def text_list(self, node: YNode | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, YSeq):
            self.wrong(node, "列表（[甲, 乙]）", what)
            return ()
        return self.texts(node, what)

    def integer(self, node: YNode | None, what: str) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, YScalar) and node.tag == "int" and isinstance(node.value, int)):
            self.wrong(node, "整数", what)
            return None
        if node.plain and _SURPRISING_INT.match(node.raw):
            self.report(
                "HT003", f"{what} “{node.raw}” 会被 YAML 1.1 读成 {node.value}", node, hint="直接写十进制数"
            )
        return int(node.value)

    def number(self, node: YNode | None, what: str) -> float | None:
        if node is None:
            return None
        if not (isinstance(node, YScalar) and node.tag in ("int", "float")):
            self.wrong(node, "秒数", what)
            return None
        if not seconds_ok(node.value):  # checked before float(): a 400-digit int overflows it
            if isinstance(node.value, int | float) and node.value > 0:
                self.report("HT061", f"{what}超出范围：{shorten(node.raw)}（最多 {LIMITS.seconds_max} 秒）",
                            node, hint="秒数写一个合理的值，例如 5")
            else:
                self.report("HT012", f"{what}必须是正数，这里是 {shorten(node.raw)}", node)
            return None
        value = float(node.value)
        if not value > 0:
            self.report("HT012", f"{what}必须是正数，这里是 {node.raw}", node)
            return None
        return value

    def choice(
        self, node: YNode | None, allowed: Collection[str], what: str, code: str = "HT007"
    ) -> str | None:
        """A text that must be one of ``allowed`` (reported with ``code`` and a did-you-mean)."""
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if value not in allowed:
            self.report(
                code,
                f"{what} “{value}” 不在可选值里：{' '.join(allowed)}",
                node,
                suggestion=did_you_mean(value, allowed),
            )
            return None
        return value

    def items(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node, YSeq):
            self.wrong(node, "列表", what)
            return []
        return node.items
