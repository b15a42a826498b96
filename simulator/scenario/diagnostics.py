"""Diagnostics of scenario files: the ONE catalogue of codes, the record type and its rendering.

Codes are stable: once published a code keeps its meaning (retired codes are not reused).
Every problem the loader and the linter find is a :class:`Diagnostic` with one of these codes.
``hotline scenarios lint --codes`` prints the catalogue.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from simulator.scenario.model import NOWHERE, Pos

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    title: str  # what the code means, in Chinese
    example: str  # a short YAML fragment that triggers it


def _c(code: str, severity: Severity, title: str, example: str) -> CodeInfo:
    return CodeInfo(code, severity, title, example)


CATALOGUE: dict[str, CodeInfo] = {
    c.code: c
    for c in (
        _c("HT001", "error", "YAML 语法错误", "say: [没有闭合的括号"),
        _c("HT002", "error", "同一映射里键重复", "title: 甲\ntitle: 乙"),
        _c("HT003", "error", "文本被 YAML 1.1 悄悄转换成布尔/数字/空值（需加引号）", "say: no   # → false"),
        _c("HT004", "error", "值的类型不对（应为文本/数字/列表/映射……）", "tags: 基础, 无声   # 应为列表"),
        _c("HT005", "error", "缺少必填字段", "caller: {sex: female}   # 缺 persona"),
        _c("HT006", "error", "未知字段", "nodes: {a: {sya: 喂}}   # say"),
        _c("HT007", "error", "取值不在允许的范围内", "noise: loud"),
        _c("HT008", "error", "难度必须是 1–5 的整数", "difficulty: 7"),
        _c("HT009", "error", "情绪名称未知", "mood: upset"),
        _c("HT010", "error", "结局（end / outcome）未知", "end: hung_up"),
        _c("HT011", "error", "when_mood 条件写法不对", 'when_mood: "angry+"'),
        _c("HT012", "error", "秒数必须是正数", "- {silence: 0, goto: x}"),
        _c("HT013", "error", "转移必须恰好有一个触发条件", "- {act: greet, silence: 5, goto: x}"),
        _c("HT014", "error", "节点字段互相冲突", "a: {end: resolved, next: b}"),
        _c("HT020", "error", "指向未定义的节点", "- {act: greet, goto: gretted}"),
        _c("HT021", "warning", "从起点到不了的节点", "orphan: {say: 没人来这里}"),
        _c("HT022", "error", "非结束节点没有出路", "stuck: {say: 喂？}"),
        _c(
            "HT023",
            "error",
            "等待节点没有静默转移（silence），来电者会一直等下去",
            "a: {on: [{act: greet, goto: b}]}",
        ),
        _c("HT024", "error", "从起点到不了任何成功结局（success: true）", "done: {end: abandoned}"),
        _c(
            "HT025",
            "error",
            "死循环：一组节点互相转移，却到不了任何结束节点",
            "a: {on: [{silence: 5, goto: b}]}",
        ),
        _c(
            "HT026",
            "warning",
            "永远不会触发的转移（总被别的转移抢先）",
            "- {silence: 5, goto: a}\n- {silence: 8, goto: b}",
        ),
        _c("HT027", "error", "转接目标不在热线的 directory 里", "- {transfer: 医正处, goto: t}"),
        _c("HT030", "error", "多个文件使用同一个场景 id", "id: silent-caller   # 两个文件"),
        _c("HT031", "error", "场景 id 与文件名不一致", "id: silent   # 文件 silent-caller.yaml"),
        _c("HT032", "error", "未知的来电者声音（persona）", "persona: f-adlut-mandarin"),
        _c("HT033", "error", "未知的话语行为（act）", "- {act: greeting, goto: b}"),
        _c("HT034", "error", "演练（playthrough）与场景图不一致", "path: [a, c]   # a 没有转移到 c"),
        _c(
            "HT035",
            "warning",
            "文件第一行缺少或写错了 JSON Schema 注释",
            "# yaml-language-server: $schema=scenario.schema.json",
        ),
        _c(
            "HT036",
            "warning",
            "来电者的性别/年龄/语言与 persona 不符",
            "caller: {persona: m-adult-mandarin, sex: female}",
        ),
        _c("HT037", "warning", "场景 id 写法不规范（应为小写字母、数字和连字符）", "id: Silent_Caller"),
        _c("HT038", "error", "演练脚本（script）写错了（格式同 hotline play --script）", "script: /wiat 3"),
        _c(
            "HT039",
            "warning",
            "hangup/transfer 转移指向的不是结束节点（通话那时已结束）",
            "- {hangup: true, goto: asks}",
        ),
        _c("HT040", "error", "文件无法读取或不是 UTF-8 文本", "(二进制文件)"),
        _c("HT060", "error", "超出上限（文件大小、名称或路径长度，见 simulator/limits.yaml）",
           "id: 一个三百个字符长的名称……"),
        _c("HT062", "error", "台词为空（say: \"\"），或节点什么都没有（没有 say、on、next、end）",
           'asks: {say: ""}'),
        _c("HT061", "error", "数值超出范围（秒数最多 86400）", "- {silence: 99999999999999999999, goto: x}"),
        _c("HT041", "error", "结局的 fail 写错了（成功结局写了 fail，或条款 id 未知）",
           "end-x: {end: resolved, success: true, fail: {note: …}}"),
        _c("HT042", "error", "演练的 must_flag/must_not_flag 写了未知的规则代码或类别",
           "must_flag: [SIL009]"),
        _c("HT043", "error", "演练脚本走不出它写的 path（按脚本实际演一遍，路径在某处分叉）",
           "path: [greet, asks, bye]   # 脚本在 asks 说的话走向了 unclear"),
        _c("HT044", "warning", "兜底分支里来电者的话假定了话务员可能没说过的内容（号码、时间）",
           "- {otherwise: true, say: 12393是吧？, goto: b}"),
        _c("HT045", "warning", "来电者对服务禁语或争辩没有任何反应（情绪、挂机）",
           "defaults: {on: [{silence: 20, goto: gives-up}]}   # 没有 act: forbidden / argue"),
    )
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a scenario file."""

    code: str
    message: str
    pos: Pos = NOWHERE
    length: int = 1  # characters the ``^`` marker spans on the source line
    suggestion: str | None = None  # "did you mean …"
    hint: str | None = None
    line_text: str | None = None  # the source line, attached by the linter for rendering

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.pos.file, self.pos.line, self.pos.col, self.code)


def diag(code: str, message: str, pos: Pos = NOWHERE, **kw: object) -> Diagnostic:
    if code not in CATALOGUE:  # a programming error, not a user error
        raise KeyError(f"unknown diagnostic code {code}")
    return Diagnostic(code, message, pos, **kw)  # type: ignore[arg-type]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to a misspelt ``word``, if one is close enough."""
    best = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return best[0] if best else None


def attach_lines(diags: Iterable[Diagnostic], lines: list[str]) -> list[Diagnostic]:
    """Copy each diagnostic's source line into it (for rendering without the file at hand)."""
    out = []
    for d in diags:
        if d.line_text is None and 1 <= d.pos.line <= len(lines):
            d = replace(d, line_text=lines[d.pos.line - 1])
        out.append(d)
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_diagnostic(d: Diagnostic, *, source: bool = True) -> str:
    """``path:line:col: CODE message``, then the source line and a ``^`` marker under the column."""
    level = "" if d.is_error else "警告 "
    out = [f"{d.pos.file}:{d.pos.line}:{d.pos.col}: {d.code} {level}{d.message}"]
    if source and d.line_text is not None and d.pos.col >= 1:
        line = d.line_text.rstrip("\r\n").replace("\t", " ")
        col = min(d.pos.col - 1, len(line))
        span = line[col : col + max(d.length, 1)] or " "
        out.append(f"    {line}")
        out.append("    " + " " * _width(line[:col]) + "^" + "~" * max(_width(span) - 1, 0))
    if d.suggestion:
        out.append(f"    你是不是想写 “{d.suggestion}”？")
    if d.hint:
        out.append(f"    提示：{d.hint}")
    return "\n".join(out)


def render_catalogue() -> str:
    lines = []
    for c in CATALOGUE.values():
        sev = "错误" if c.severity == "error" else "警告"
        lines.append(f"{c.code}  {sev}  {c.title}")
        lines.extend(f"        {ex}" for ex in c.example.splitlines())
    return "\n".join(lines)


def summary(diags: Iterable[Diagnostic], files: int) -> str:
    ds = list(diags)
    errors = sum(d.is_error for d in ds)
    return f"检查了 {files} 个文件：{errors} 个错误，{len(ds) - errors} 个警告。"
