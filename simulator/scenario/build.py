"""Position tree → :class:`~simulator.scenario.model.Scenario`, with every local check on the way.

:func:`build` never raises on bad input: it returns the scenario it could make (fallback values
where a field was unusable) and the diagnostics. The graph checks run on the result afterwards.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from simulator.limits import LIMITS
from simulator.scenario.context import CheckContext
from simulator.scenario.diagnostics import Diagnostic, did_you_mean
from simulator.scenario.model import (
    MOODS,
    NOWHERE,
    OUTCOMES,
    Caller,
    DirectoryEntry,
    Hotline,
    Node,
    Playthrough,
    Pos,
    Scenario,
)
from simulator.scenario.nodes import Env, NodeBuilder
from simulator.scenario.reader import Reader
from simulator.scenario.schema import AGES, EFFECTS, GRADING, ID_PATTERN, SEXES
from simulator.scenario.scriptcheck import check_script
from simulator.scenario.yamlpos import YMap, YNode, YScalar

_ID_RE = re.compile(ID_PATTERN)


def _hotline(r: Reader, node: YNode | None) -> Hotline:
    f = r.fields(node, "hotline", "hotline ") or {}
    entries = []
    for item in r.items(f.get("directory"), "hotline.directory"):
        e = r.fields(item, "directory_entry", "directory 条目")
        if e is not None:
            entries.append(
                DirectoryEntry(
                    name=r.text(e.get("name"), "部门名称 name") or "",
                    phone=r.text(e.get("phone"), "电话 phone") or "",
                    note=r.text(e.get("note"), "note") or "",
                    pos=item.pos,
                )
            )
    return Hotline(
        name=r.text(f.get("name"), "hotline.name") or "",
        aliases=r.text_list(f.get("aliases"), "hotline.aliases"),
        directory=tuple(entries),
        pos=node.pos if node is not None else NOWHERE,
    )


def _caller(r: Reader, node: YNode | None, ctx: CheckContext) -> Caller:
    f = r.fields(node, "caller", "caller ") or {}
    persona = r.text(f.get("persona"), "caller.persona") or ""
    sex = r.choice(f.get("sex"), SEXES, "caller.sex")
    age = r.choice(f.get("age"), AGES, "caller.age")
    language = r.text(f.get("language"), "caller.language")
    known = ctx.personas
    if persona and known is not None:
        if persona not in known:
            r.report(
                "HT032",
                f"未知的声音角色 “{persona}”",
                f["persona"],
                suggestion=did_you_mean(persona, known),
                hint="角色 id 见 voices/personas.yaml",
            )
        else:
            p = known[persona]
            for name, mine, theirs in (
                ("sex", sex, p.sex),
                ("age", age, p.age),
                ("language", language, p.language),
            ):
                if mine and theirs and mine != theirs:
                    r.report(
                        "HT036", f"caller.{name} 是 “{mine}”，声音角色 {persona} 却是 “{theirs}”", f[name]
                    )
    return Caller(
        persona=persona,
        sex=sex or "female",  # type: ignore[arg-type]
        age=age or "adult",  # type: ignore[arg-type]
        language=language or "",
        mood=r.choice(f.get("mood"), MOODS, "caller.mood", code="HT009") or "calm",  # type: ignore[arg-type]
        name=r.text(f.get("name"), "caller.name") or "",
        effect=r.choice(f.get("effect"), EFFECTS, "caller.effect"),  # type: ignore[arg-type]
        pos=node.pos if node is not None else NOWHERE,
    )


def _mood_rules(r: Reader, node: YNode | None, acts: NodeBuilder) -> dict[str, int]:
    if node is None:
        return {}
    if not isinstance(node, YMap):
        r.wrong(node, "映射（act id: 步数）", "mood_rules")
        return {}
    out = {}
    for name, (key, value) in node.items.items():
        acts.acts(key, "mood_rules 的键")
        step = r.integer(value, f"mood_rules.{name}")
        if step is not None:
            out[name] = step
    return out


def _playthrough(
    r: Reader, item: YNode, nodes: dict[str, Node], start: str, nb: NodeBuilder
) -> Playthrough | None:
    f = r.fields(item, "playthrough", "演练 ")
    if f is None:
        return None
    steps = [(p, x) for x in r.items(f.get("path"), "path") if (p := nb.ref(x, "path 里")) is not None]
    path = tuple(p for p, _ in steps)
    outcome = r.choice(f.get("outcome"), OUTCOMES, "outcome", code="HT010")
    success = r.boolean(f.get("success"), "success")
    if steps and path[0] != start and path[0] in nodes:
        r.report("HT034", f"path 应从起始节点 “{start}” 开始", steps[0][1])
    for (a, _), (b, x) in itertools.pairwise(steps):
        na = nodes.get(a)
        if na is not None and b in nodes and all(_means(nodes, g, b) is False for g in _gotos(na)):
            r.report("HT034", f"path 里节点 “{a}” 没有转移到 “{b}”", x)
    last = nodes.get(path[-1]) if path else None
    expected = (outcome, success)
    if last is not None and last.terminal and None not in expected and (last.end, last.success) != expected:
        got = f"end: {last.end}, success: {str(last.success).lower()}"
        r.report("HT034", f"path 结束于 “{last.id}”（{got}），与 outcome/success 不符", steps[-1][1])
    ends = {(n.end, n.success) for n in nodes.values() if n.terminal}
    if nodes and outcome is not None and success is not None and (outcome, success) not in ends:
        r.report("HT034", f"没有哪个结束节点是 end: {outcome}, success: {str(success).lower()}", f["outcome"])
    final = r.choice(f.get("final_mood"), MOODS, "final_mood", code="HT009")
    passed = r.boolean(f.get("passed"), "passed") if "passed" in f else None
    flags = {key: _grade_names(r, f.get(key), key) for key in ("must_flag", "must_not_flag")}
    script_node = f.get("script")
    return Playthrough(
        name=r.text(f.get("name"), "演练 name") or "",
        script=check_script(r, f.get("script"), nodes.keys()),
        outcome=outcome or "abandoned",  # type: ignore[arg-type]
        success=bool(success),
        path=path,
        seed=r.integer(f.get("seed"), "seed") or 0,
        final_mood=final,  # type: ignore[arg-type]
        pos=item.pos,
        passed=passed,
        must_flag=flags["must_flag"],
        must_not_flag=flags["must_not_flag"],
        script_pos=_script_pos(r, script_node),
    )


def _gotos(node: Node) -> list[str]:
    return [t.goto for t in node.transitions] + ([node.next] if node.next is not None else [])


def _means(nodes: dict[str, Node], goto: str, b: str) -> bool:
    """Does ``goto`` lead to ``b`` — itself, or a misspelling of it (HT020 already says so)?"""
    return goto == b or (goto not in nodes and did_you_mean(goto, nodes) == b)


def _script_pos(r: Reader, node: YNode | None) -> Pos:
    """Line ``k`` of a ``script: |`` block is file line ``pos.line + k``; line 0: not a block."""
    if isinstance(node, YScalar) and node.literal:
        return Pos(r.file, node.line, node.col)
    return Pos(r.file, 0, node.pos.col if node is not None else 0)


def _grade_names(r: Reader, node: YNode | None, what: str) -> tuple[str, ...]:
    """Rule codes or report categories (HT042 for any other name)."""
    names = r.text_list(node, what)
    if not names:
        return ()
    from grading.model import CATEGORIES
    from grading.rules import all_rules

    known = {rule.code for rule in all_rules()} | set(CATEGORIES)
    items = node.items if node is not None and not isinstance(node, (YMap, YScalar)) else [node]
    for name, item in zip(names, items, strict=False):
        if name not in known and item is not None:
            r.report("HT042", f"{what} 里的 “{name}” 既不是规则代码也不是评分类别", item,
                     suggestion=did_you_mean(name.upper() if name[:1].isupper() else name, known),
                     hint="hotline rules 列出全部规则代码；类别如 opening、closing、silent")
    return tuple(names)


def build(
    tree: YNode, file: str, ctx: CheckContext, lines: Sequence[str] = ()
) -> tuple[Scenario | None, list[Diagnostic]]:
    r = Reader(file, lines)
    f = r.fields(tree, "scenario", "场景")
    if f is None:
        return None, r.diags
    ident = r.text(f.get("id"), "id") or ""
    if "id" in f and ident:
        name = Path(file).name
        stem = name.removesuffix(".yaml").removesuffix(".yml")
        if ident != stem and stem != name:  # text that is not from a .yaml file has no name to match
            r.report(
                "HT031",
                f"id “{ident}” 与文件名 “{Path(file).name}” 不一致",
                f["id"],
                hint=f"把 id 改成 {stem}，或把文件改名为 {ident}.yaml",
            )
        if len(ident) > LIMITS.name_chars:
            r.report("HT060", f"id 太长（{len(ident)} 个字符，最多 {LIMITS.name_chars}）", f["id"],
                     hint="id 会成为文件名的一部分；用简短的小写字母、数字和连字符")
        elif not _ID_RE.match(ident):
            r.report("HT037", f"id “{ident}” 应只用小写字母、数字和连字符", f["id"])
    difficulty = r.integer(f.get("difficulty"), "difficulty")
    if difficulty is not None and not 1 <= difficulty <= 5:
        r.report("HT008", f"difficulty 必须在 1–5 之间，这里是 {difficulty}", f["difficulty"])
    grading = tuple(g for g in (r.choice(x, GRADING, "grading") for x in _list(f.get("grading"))) if g)
    hotline = _hotline(r, f.get("hotline"))
    caller = _caller(r, f.get("caller"), ctx)
    nodes_map = f.get("nodes")
    if nodes_map is not None and not isinstance(nodes_map, YMap):
        r.wrong(nodes_map, "映射（节点 id: 节点）", "nodes")
    node_items = list(nodes_map.items.values()) if isinstance(nodes_map, YMap) else []
    if isinstance(nodes_map, YMap) and not node_items:
        r.report("HT005", "nodes 里至少要有一个节点", nodes_map)
    env = Env({k.raw for k, _ in node_items}, {e.name for e in hotline.directory}, ctx.act_ids,
              ctx.clause_ids)
    nb = NodeBuilder(r, env)
    d = r.fields(f.get("defaults"), "defaults", "defaults ") or {}
    defaults = tuple(replace(t, inherited=True) for t in nb.transitions(d.get("on"), "defaults "))
    nodes = {k.raw: nb.node(k, v, defaults) for k, v in node_items}
    start = nb.ref(f.get("start"), "start") if "start" in f else None
    start = start or (node_items[0][0].raw if node_items else "")
    mood_rules = _mood_rules(r, f.get("mood_rules"), nb)
    plays = [_playthrough(r, x, nodes, start, nb) for x in r.items(f.get("playthroughs"), "playthroughs")]
    return Scenario(
        id=ident,
        title=r.text(f.get("title"), "title") or "",
        difficulty=difficulty or 1,
        tags=r.text_list(f.get("tags"), "tags"),
        brief=r.text(f.get("brief"), "brief") or "",
        notes=r.text(f.get("notes"), "notes") or "",
        hotline=hotline,
        caller=caller,
        start=start,
        nodes=nodes,
        clauses=r.text_list(f.get("clauses"), "clauses"),
        grading=grading,
        mood_rules=mood_rules,
        playthroughs=tuple(p for p in plays if p is not None),
        source=file,
        pos=tree.pos,
        id_pos=f["id"].pos if "id" in f else tree.pos,
    ), r.diags


def _list(node: YNode | None) -> list[YNode]:
    if node is None:
        return []
    return node.items if not isinstance(node, (YMap, YScalar)) else [node]
