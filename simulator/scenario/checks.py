"""Graph-wide checks of one built scenario (networkx): reachability, exits, endings, cycles.

A transition to an undefined node (already HT020) leads, for these checks, to the node its
did-you-mean names (``gives-adress`` → ``gives-address``); when there is none it counts as "leads
somewhere that may end well" and no node is reported unreachable. So one misspelt goto is reported
once, not as the typo plus every node behind it (unreachable / no-exit / no-success).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from simulator.scenario.diagnostics import Diagnostic, diag, did_you_mean
from simulator.scenario.model import Node, Scenario, Transition

_UNDEFINED = ("<undefined>",)  # a graph node no YAML key can equal


def meant(sc: Scenario, target: str) -> str | None:
    """The node a goto means: itself when defined, else its did-you-mean (None: no guess)."""
    if target in sc.nodes:
        return target
    return did_you_mean(target, sc.nodes)


def scenario_graph(sc: Scenario) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(sc.nodes)
    for node in sc.nodes.values():
        targets = [t.goto for t in node.transitions] + ([node.next] if node.next is not None else [])
        for target in targets:
            g.add_edge(node.id, meant(sc, target) or _UNDEFINED)
    return g


def _shadowed(node: Node) -> Iterator[tuple[Transition, str]]:
    """Own transitions of ``node`` that can never fire, by the engine's rules
    (:mod:`simulator.engine.rules`): act transitions are tried in order, ``otherwise`` only
    after all of them, the timeout due first wins, the first hold/unhold/hangup/transfer wins.
    Inherited defaults are meant to be overridden by the node's own transitions: not reported."""
    own = [t for t in node.transitions if not t.inherited]
    for i, t in enumerate(own):
        earlier = [s for s in own[:i] if s.when_mood is None and s.kind == t.kind]
        if t.kind == "act":
            caught = t.any_acts and all(
                any(a in s.any_acts and set(s.all_acts) <= set(t.all_acts) for s in earlier)
                for a in t.any_acts
            )
            if caught:
                yield t, "它的行为已被前面的 act 转移全部接住"
        elif t.kind in ("silence", "held"):
            if t.seconds is None:
                continue
            sooner = [
                s.seconds
                for j, s in enumerate(own)
                if s is not t
                and s.kind == t.kind
                and s.when_mood is None
                and s.seconds is not None
                and (s.seconds < t.seconds or (s.seconds == t.seconds and j < i))
            ]
            if sooner:
                yield t, f"另一个无条件的 {t.kind} 转移 {min(sooner):g} 秒就先到时"
        elif t.kind == "said":
            if any(set(t.phrases) <= set(s.phrases) and set(s.all_acts) <= set(t.all_acts) for s in earlier):
                yield t, "它的说法已被前面的 said 转移全部接住"
        elif t.kind == "transfer":
            if any(s.target in ("*", t.target) for s in earlier):
                yield t, "前面的 transfer 转移已接住这个目标"
        elif earlier:
            yield t, f"前面已有无条件的 {t.kind} 转移"


def _ends_by_itself(sc: Scenario, node_id: str) -> bool:
    """Does entering ``node_id`` reach an ending through ``next`` alone?"""
    seen = set()
    while node_id in sc.nodes and node_id not in seen:
        seen.add(node_id)
        node = sc.nodes[node_id]
        if node.terminal:
            return True
        if node.next is None:
            return False
        node_id = node.next
    return node_id not in sc.nodes  # an undefined target is HT020 already


def _operator_endings(node: Node, sc: Scenario) -> Iterator[Diagnostic]:
    for t in node.transitions:
        if t.kind in ("hangup", "transfer") and not t.inherited and not _ends_by_itself(sc, t.goto):
            outcome = "operator_hung_up" if t.kind == "hangup" else "transferred"
            yield diag(
                "HT039",
                f"{t.kind} 转移指向的节点 {t.goto} 不是结束节点：通话此时已经结束，"
                f"结局会按 {outcome}、success: false 计",
                t.goto_pos,
                length=len(t.goto),
            )


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
        out.extend(_operator_endings(node, sc))
        for t, why in _shadowed(node):
            out.append(diag("HT026", f"节点 {node.id} 的这个 {t.kind} 转移永远不会触发：{why}", t.pos))
    reachable = nx.descendants(g, sc.start) | {sc.start}
    unguessed = _UNDEFINED in g  # a typo with no guess: any node might be the one meant
    for node in sc.nodes.values():
        if node.id not in reachable and not unguessed:
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
