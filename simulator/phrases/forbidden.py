"""The 禁语 table ``grading/standards/forbidden.yaml`` as checked :class:`ForbiddenEntry` tuples."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.fields import Fields, check_clause, clause_ids, items
from simulator.phrases.types import ForbiddenEntry
from simulator.phrases.yamlpos import PosList, read_yaml

__all__ = ["FORBIDDEN_FILE", "KINDS", "load_forbidden"]

FORBIDDEN_FILE = "forbidden.yaml"

_FORBIDDEN_KEYS = {
    "id", "text", "clause", "also", "variants", "patterns", "patterns_anywhere", "tip", "standalone", "note",
    "dev_note", "kind", "unless",
}

# The kinds of speech the seeds' 禁语 are examples of
# (000 服务禁忌 (六)(七)(九)(十一), 003 忌语, 004 禁忌用语).
KINDS = frozenset({
    "生硬", "推诿", "不耐烦", "斥责", "嘲讽", "否定", "命令", "质问", "顶撞", "挑衅", "冷漠", "失礼称呼",
})


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
        kind = f.text("kind", required=False)
        if kind and kind not in KINDS:
            raise f.error(f"kind {kind!r} 未知（可用：{'、'.join(sorted(KINDS))}）", "kind")
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
            kind=kind,
            unless=f.patterns("unless"),
        )
        out.append(entry)
    return tuple(out)
