"""Graph-wide checks of one built scenario (networkx): reachability, exits, endings, cycles.

A transition to an undefined node (already HT020) counts as "leads somewhere that may end well",
so one typo does not cascade into unreachable / no-exit / no-success reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.model import Node, Scenario, Transition

_UNDEFINED = ("<undefined>",)  # a graph node no YAML key can equal


def scenario_graph(sc: Scenario) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(sc.nodes)
    for node in sc.nodes.values():
        targets = [t.goto for t in node.transitions] + ([node.next] if node.next is not None else [])
        for target in targets:
            g.add_edge(node.id, target if target in sc.nodes else _UNDEFINED)
    return g


def _shadowed(node: Node) -> Iterator[tuple[Transition, str]]:
    """Transitions of ``node`` that an earlier unconditional one always pre-empts."""
    seen: list[Transition] = []
    otherwise = False
    for t in node.transitions:
        if t.inherited:  # defaults are meant to be overridden by the node's own transitions
            continue
        if t.kind == "act":
            if otherwise:
                yield t, "前面已有 otherwise（学员说了话就走那条）"
            elif t.any_acts and all(
                any(a in s.any_acts and set(s.all_acts) <= set(t.all_acts) for s in seen if s.kind == "act")
                for a in t.any_acts
            ):
                yield t, "它的行为已被前面的 act 转移全部接住"
        elif any(s.kind == t.kind and (s.seconds, s.target) == (t.seconds, t.target) for s in seen):
            yield t, f"前面已有同样的 {t.kind} 转移"
        elif t.kind == "otherwise" and otherwise:
            yield t, "前面已有 otherwise"
        if t.when_mood is None:
            seen.append(t)
            otherwise = otherwise or t.kind == "otherwise"


def check_graph(sc: Scenario) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not sc.nodes or sc.start not in sc.nodes:
        return out
    g = scenario_graph(sc)
    for node in sc.nodes.values():
        if node.waiting and not node.transitions:
            out.append(
                diag(
                    "HT022",
                    f"节点 {node.id} 既不是结束节点（end），也没有 on 或 next，通话会卡在这里",
                    node.pos,
                    length=len(node.id),
                )
            )
        elif node.waiting and not any(t.kind == "silence" and t.when_mood is None for t in node.transitions):
            out.append(
                diag(
                    "HT023",
                    f"等待节点 {node.id} 没有无条件的 silence 转移，学员不说话时来电者会一直等",
                    node.pos,
                    length=len(node.id),
                    hint="加 - {silence: 秒数, goto: …}，或在 defaults.on 里统一加",
                )
            )
        for t, why in _shadowed(node):
            out.append(diag("HT026", f"节点 {node.id} 的这个 {t.kind} 转移永远不会触发：{why}", t.pos))
    reachable = nx.descendants(g, sc.start) | {sc.start}
    for node in sc.nodes.values():
        if node.id not in reachable:
            out.append(
                diag("HT021", f"节点 {node.id} 从起点 {sc.start} 到不了", node.pos, length=len(node.id))
            )
    ends = {n.id for n in sc.nodes.values() if n.terminal} | ({_UNDEFINED} & set(g))
    good = {n.id for n in sc.nodes.values() if n.terminal and n.success} | ({_UNDEFINED} & set(g))
    start = sc.nodes[sc.start]
    if not good & reachable:
        out.append(
            diag(
                "HT024",
                f"从起点 {sc.start} 到不了任何 success: true 的结束节点（学员没有办法把电话处理好）",
                start.pos,
                length=len(start.id),
            )
        )
    can_end = set(ends)
    for e in ends:
        can_end |= nx.ancestors(g, e)
    trapped = g.subgraph(n for n in g if n not in can_end)
    for scc in nx.strongly_connected_components(trapped):
        first = next(iter(scc))
        if len(scc) > 1 or trapped.has_edge(first, first):
            members = [n for n in sc.nodes if n in scc]
            head = sc.nodes[members[0]]
            out.append(
                diag(
                    "HT025",
                    f"节点 {'、'.join(members)} 互相转移，却到不了任何结束节点"
                    if len(members) > 1
                    else f"节点 {head.id} 只会转回自己，到不了任何结束节点",
                    head.pos,
                    length=len(head.id),
                )
            )
    return out
