"""The 禁语 table ``grading/standards/forbidden.yaml`` as checked :class:`ForbiddenEntry` tuples.

The seeds list 禁语 as examples of kinds of speech, not as a closed list, so most entries carry
``patterns`` that describe the kind (an insult addressed to the caller, a rhetorical 问了几遍, a
trailing 等着吧). Those patterns share building blocks — who is addressed (你/您), how often it was
said (好几遍、多少遍、三遍), what is useless (有什么用、白说) — written once in the file's top-level
``fragments:`` mapping and used as ``{{NAME}}`` inside ``patterns``, ``patterns_anywhere`` and
``unless``. They are expanded here, at load time, into plain regular expressions: the matcher never
sees a fragment, and an unknown name is a :class:`StandardsError` at its line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.fields import Fields, check_clause, clause_ids, items
from simulator.phrases.types import ForbiddenEntry
from simulator.phrases.yamlpos import PosDict, PosList, StandardsError, read_yaml

__all__ = ["FORBIDDEN_FILE", "KINDS", "load_forbidden"]

FORBIDDEN_FILE = "forbidden.yaml"

_FORBIDDEN_KEYS = {
    "id", "text", "clause", "also", "variants", "patterns", "patterns_anywhere", "tip", "standalone", "note",
    "dev_note", "kind", "unless", "model", "offends",
}

# The kinds of speech the seeds' 禁语 are examples of
# (000 服务禁忌 (六)(七)(九)(十一), 003 忌语, 004 禁忌用语).
KINDS = frozenset({
    "生硬", "推诿", "不耐烦", "斥责", "嘲讽", "否定", "命令", "质问", "顶撞", "挑衅", "冷漠", "失礼称呼",
})


_FRAGMENT_RE = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")


def _fragments(data: object, path: Path) -> dict[str, str]:
    """The top-level ``fragments:`` mapping (name → regular expression), each checked and with
    fragments it uses expanded (a fragment may use the fragments written before it)."""
    if not isinstance(data, PosDict) or "fragments" not in data:
        return {}
    raw = data["fragments"]
    if not isinstance(raw, PosDict):
        raise StandardsError("fragments 必须是 名字: 正则 的映射", path=path, line=data.line_of("fragments"))
    out: dict[str, str] = {}
    for name, value in raw.items():
        line = raw.line_of(name)
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise StandardsError(f"片段名 {name!r} 只能用字母、数字和 _", path=path, line=line)
        if not isinstance(value, str) or not value:
            raise StandardsError(f"片段 {name} 必须是非空的正则表达式", path=path, line=line)
        expanded = _expand(value, out, path, line, f"片段 {name}")
        out[name] = expanded
    return out


def _expand(pattern: str, fragments: dict[str, str], path: Path, line: int, what: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            known = "、".join(fragments) or "（无）"
            message = f"{what}：未知的片段 {{{{{name}}}}}（已定义：{known}）"
            raise StandardsError(message, path=path, line=line)
        return f"(?:{fragments[name]})"

    out = _FRAGMENT_RE.sub(repl, pattern)
    try:
        re.compile(out)
    except re.error as exc:
        raise StandardsError(f"{what}：展开片段后的正则 {out!r} 无效：{exc}", path=path, line=line) from exc
    return out


def _expanded(f: Fields, key: str, fragments: dict[str, str]) -> tuple[str, ...]:
    """``f.patterns(key)`` with ``{{NAME}}`` fragments expanded."""
    pats = f.patterns(key)
    if not fragments and not any("{{" in p for p in pats):
        return pats
    value = f.data.get(key)
    lines = [value.line_of(i) if isinstance(value, PosList) else f.line_of(key) for i in range(len(pats))]
    return tuple(_expand(p, fragments, f.path, line, f.what) for p, line in zip(pats, lines, strict=True))


@lru_cache(maxsize=4)
def load_forbidden(root: Path | None = None) -> tuple[ForbiddenEntry, ...]:
    """Every entry of ``forbidden.yaml``, in file order, checked."""
    base = root or standards_dir()
    path = base / FORBIDDEN_FILE
    data = read_yaml(path)
    known = clause_ids(base)
    fragments = _fragments(data, path)
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
        anywhere = _expanded(f, "patterns_anywhere", fragments)
        if anywhere and not standalone:
            raise f.error("patterns_anywhere 只用于 standalone: true 的条目（其他条目写在 patterns 里）",
                          "patterns_anywhere")
        kind = f.text("kind", required=False)
        if f.flag("model", False) and (not kind or f.data.get("variants") or f.data.get("patterns")):
            message = "model: true 的条目代表一类话（由学习的模型识别）：要写 kind，不写 variants 和 patterns"
            raise f.error(message, "model")
        if kind and kind not in KINDS:
            raise f.error(f"kind {kind!r} 未知（可用：{'、'.join(sorted(KINDS))}）", "kind")
        entry = ForbiddenEntry(
            id=ident,
            text=f.text("text"),
            clause=clause,
            variants=f.strs("variants"),
            patterns=_expanded(f, "patterns", fragments),
            tip=f.text("tip"),
            standalone=standalone,
            note=f.text("note", required=False),
            also=also,
            patterns_anywhere=anywhere,
            dev_note=f.text("dev_note", required=False),
            kind=kind,
            unless=_expanded(f, "unless", fragments),
            model=f.flag("model", False),
            offends=f.flag("offends", True),
        )
        out.append(entry)
    return tuple(out)
