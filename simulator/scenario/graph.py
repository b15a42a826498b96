"""Scenario graphs as Mermaid or Graphviz DOT text (``hotline scenarios graph ID``).

Nodes are labelled with their id, the caller's first line and mood (terminal nodes: the outcome,
✓ for success); edges with what fires them — the act(s), ``静默 8s``, ``保持 40s``, ``转接 医政处`` …
Transitions inherited from ``defaults.on`` are dashed; pass-through (``next``) edges say ``接着说``.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.model import Node, Scenario, Transition

MAX_LINE = 18  # characters of the caller's line shown in a node
_OPS = {"<": "<", "<=": "≤", "==": "=", ">=": "≥", ">": ">"}


def _seconds(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}s"


def _act_name(act: str) -> str:
    """An act's Chinese name (问候 for greet), for labels trainees read."""
    try:
        from simulator.phrases.acts import load_acts

        found = load_acts().acts.get(act)
    except Exception:  # a broken act library: the id is better than nothing
        found = None
    return found.name if found is not None and found.name else act


_NOISE_NAMES = {"light": "轻微杂音", "heavy": "严重杂音", "speakerphone": "免提"}


def edge_label(t: Transition, *, words: bool = False) -> str:
    """The label of a transition: act and mood ids for trainers' Mermaid/DOT, or with ``words``
    their Chinese names (the app: no internal ids in what a trainee or trainer reads)."""
    from simulator.engine.mood import MOOD_NAMES

    act = _act_name if words else str
    if t.kind in ("act", "said"):
        label = " / ".join(map(act, t.any_acts)) if t.kind == "act" else "说了“" + "”/“".join(t.phrases) + "”"
        if t.all_acts:
            label += " + " + " + ".join(map(act, t.all_acts))
    else:
        label = {
            "otherwise": "其他回答",
            "silence": f"静默 {_seconds(t.seconds)}",
            "held": f"保持 {_seconds(t.seconds)}",
            "hold": "保持",
            "unhold": "取消保持",
            "transfer": f"转接 {'任意' if t.target in (None, '*') else t.target}",
            "hangup": "学员挂断",
        }[t.kind]
    if t.when_mood is not None:
        mood = MOOD_NAMES.get(t.when_mood.mood, t.when_mood.mood) if words else t.when_mood.mood
        label += f" [情绪{_OPS[t.when_mood.op]}{mood}]"
    if t.mood:
        label += f" 情绪{t.mood:+d}"
    return label


def node_lines(node: Node, *, words: bool = False) -> list[str]:
    from simulator.engine.mood import MOOD_NAMES
    from simulator.play.transcript import OUTCOME_NAMES

    lines = [node.id]
    if node.say:
        first = node.say[0]
        lines.append(first if len(first) <= MAX_LINE else first[: MAX_LINE - 1] + "…")
    elif node.silent:
        lines.append("（不出声）")
    facts: list[str] = []
    if node.mood:
        facts.append(MOOD_NAMES.get(node.mood, node.mood) if words else node.mood)
    if node.terminal:
        end = OUTCOME_NAMES.get(node.end or "", "结束") if words else node.end
        facts.append(f"结束：{end}{' ✓' if node.success else ''}")
    if node.noise != "none":
        facts.append(_NOISE_NAMES.get(node.noise, node.noise) if words else f"噪声 {node.noise}")
    if facts:
        lines.append(" · ".join(facts))
    return lines


def edges(sc: Scenario) -> Iterator[tuple[str, str, str, bool]]:
    """``(from, to, label, inherited)`` for every transition and ``next`` of the scenario."""
    for node in sc.nodes.values():
        for t in node.transitions:
            yield node.id, t.goto, edge_label(t), t.inherited
        if node.next is not None:
            yield node.id, node.next, "接着说", False


def _mermaid_text(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")


def to_mermaid(sc: Scenario) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(sc.nodes)}
    out = ["flowchart TD", f"    %% {sc.id}：{_mermaid_text(sc.title)}"]
    for node in sc.nodes.values():
        label = "<br/>".join(_mermaid_text(x) for x in node_lines(node))
        shape = ('(["', '"])') if node.terminal else ('["', '"]')
        out.append(f"    {ids[node.id]}{shape[0]}{label}{shape[1]}")
    for src, dst, label, inherited in edges(sc):
        if dst not in ids:
            continue
        arrow = "-.->" if inherited else "-->"
        out.append(f'    {ids[src]} {arrow}|"{_mermaid_text(label)}"| {ids[dst]}')
    good = [ids[n.id] for n in sc.nodes.values() if n.terminal and n.success]
    bad = [ids[n.id] for n in sc.nodes.values() if n.terminal and not n.success]
    out.append("    classDef good fill:#d4edda,stroke:#2e7d32")
    out.append("    classDef bad fill:#f8d7da,stroke:#c62828")
    if good:
        out.append(f"    class {','.join(good)} good")
    if bad:
        out.append(f"    class {','.join(bad)} bad")
    if sc.start in ids:
        out.append(f"    style {ids[sc.start]} stroke-width:3px")
    return "\n".join(out) + "\n"


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(sc: Scenario) -> str:
    out = [
        f"digraph {_dot(sc.id)} {{",
        f"    label={_dot(sc.title)};",
        '    node [shape=box, style="rounded", fontname="Noto Sans CJK SC"];',
        '    edge [fontname="Noto Sans CJK SC", fontsize=10];',
    ]
    for node in sc.nodes.values():
        attrs = [f"label={_dot(chr(10).join(node_lines(node)))}"]
        if node.terminal:
            colour = "#d4edda" if node.success else "#f8d7da"
            attrs += ["shape=oval", "style=filled", f'fillcolor="{colour}"']
        if node.id == sc.start:
            attrs.append("penwidth=3")
        out.append(f"    {_dot(node.id)} [{', '.join(attrs)}];")
    for src, dst, label, inherited in edges(sc):
        if dst not in sc.nodes:
            continue
        style = ", style=dashed" if inherited else ""
        out.append(f"    {_dot(src)} -> {_dot(dst)} [label={_dot(label)}{style}];")
    out.append("}")
    return "\n".join(out) + "\n"
