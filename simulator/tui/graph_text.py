"""A scenario graph drawn as text for the terminal: each node with its line, then its ways out.

::

    ▶ line-open　（不出声）· 轻微杂音
      ├─ 问候 + 自报家门 ─→ greeted
      └─ 静默 8s ─→ caller-gives-up
    ■ cut-off　结束：话务员挂机

Acts, moods, endings and noise are named in words (问候, 焦虑, 话务员挂机); node ids are the
trainer's own names and stay.

``▶`` the start node, ``●`` a waiting node, ``→`` a pass-through, ``■`` an ending (``✓`` success).
Inherited transitions (``defaults.on``) are marked ``（默认）``. Labels come from
:func:`simulator.scenario.graph.edge_label`, the same as the Mermaid and DOT output.
"""

from __future__ import annotations

from simulator.scenario.graph import edge_label, node_lines
from simulator.scenario.model import Scenario


def graph_lines(sc: Scenario) -> list[str]:
    out: list[str] = []
    for node in sc.nodes.values():
        mark = "▶" if node.id == sc.start else ("■" if node.terminal else ("→" if node.next else "●"))
        out.append(f"{mark} {'　'.join(node_lines(node, words=True))}")
        exits = [(edge_label(t, words=True) + ("（默认）" if t.inherited else ""), t.goto)
                 for t in node.transitions]
        if node.next is not None:
            exits.append(("接着说", node.next))
        for i, (label, goto) in enumerate(exits):
            branch = "└─" if i == len(exits) - 1 else "├─"
            out.append(f"  {branch} {label} ─→ {goto}")
    return out
