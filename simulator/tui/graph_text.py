"""A scenario graph drawn as text for the terminal: each node with its line, then its ways out.

::

    ▶ line-open　（不出声）· 噪声 light
      ├─ greet + self_identify ─→ greeted
      └─ 静默 8s ─→ caller-gives-up
    ■ cut-off　结束：operator_hung_up

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
        out.append(f"{mark} {'　'.join(node_lines(node))}")
        exits = [(edge_label(t) + ("（默认）" if t.inherited else ""), t.goto) for t in node.transitions]
        if node.next is not None:
            exits.append(("接着说", node.next))
        for i, (label, goto) in enumerate(exits):
            branch = "└─" if i == len(exits) - 1 else "├─"
            out.append(f"  {branch} {label} ─→ {goto}")
    return out
