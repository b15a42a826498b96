"""Warnings about what the caller says and does not say (HT044, HT045).

* **HT044** — a caller line in a catch-all branch (``otherwise``, ``silence``, a node's ``unclear``
  line, and the line of the node such a branch leads to) must not presuppose something the trainee
  may not have said: ``12393是吧？`` after any reply at all puts a phone number in the operator's
  mouth, ``还要等到六点？`` a time. A number or a time inside a question (？, 吗, 是吧, 对吧) is
  reported (not the hotline's own number: the caller dialled it); write a ``said:`` transition for
  the words the caller repeats.
* **HT045** — a caller with a mood reacts to 服务禁语 and to arguing: some transition of every
  waiting node the caller speaks at (its own or ``defaults.on``) takes ``act: forbidden`` and
  ``act: argue`` (a protest with ``stay: true``, a hang-up with ``when_mood``). Not reported for a
  silent caller's nodes, nodes on hold (the caller hears nothing), nodes the caller leaves within
  :data:`LEAVING` seconds of silence (a goodbye), nor for an act the scenario's ``mood_rules`` set
  to 0 (the trainer said this caller does not mind). One warning a scenario, at the first node
  lacking a reaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.model import Node, Pos, Scenario, Transition

_NUMBER = r"(?:\d[\d\-]{2,}|[零〇一二三四五六七八九幺]{3,})"
_TIME = (r"(?:[\d零〇一二两三四五六七八九十]{1,3}\s*(?:点|時|时)(?:钟|半|[\d一二三四五六七八九十]{1,2}分?)?"
         r"|\d{1,2}\s*[:：]\s*\d{2})")
_CLAUSE = re.compile(r"[^，,。.！!；;…]+[，,。.！!；;…]?")
_ASKING = re.compile(r"[？?]|吗|是吧|对吧|是不是|对不对")
_FACT = re.compile(rf"(?P<number>{_NUMBER})|(?P<time>{_TIME})")
LEAVING = 3.0
REACTIONS = {"forbidden": "服务禁语", "argue": "争辩顶撞"}


def presupposed(line: str, known: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(the number or time, 'number'/'time') a question in ``line`` echoes, or None. Numbers inside
    ``known`` (the hotline's own name and aliases: the caller dialled them) do not count."""
    for clause in _CLAUSE.findall(line):
        if not _ASKING.search(clause):
            continue
        for m in _FACT.finditer(clause):
            if m.group(0) in ("一点", "一点儿"):  # 注意一点: "a little", not one o'clock
                continue
            if not any(m.group(0) in k for k in known):
                return m.group(0), m.lastgroup or "number"
    return None


def _catch_all_lines(sc: Scenario) -> Iterator[tuple[str, Pos, str]]:
    """(line, where it is written, what branch) for every caller line said after a catch-all."""
    seen: set[tuple[str, Pos]] = set()
    for node in sc.nodes.values():
        for t in node.transitions:
            if t.kind not in ("otherwise", "silence"):
                continue
            branch = "兜底（otherwise）" if t.kind == "otherwise" else "沉默（silence）"
            for line in t.say:
                if (line, t.pos) not in seen:
                    seen.add((line, t.pos))
                    yield line, t.pos, branch
            target = sc.nodes.get(t.goto) if not t.stay else None
            if target is not None:
                for line in target.say:
                    if (line, target.pos) not in seen:
                        seen.add((line, target.pos))
                        yield line, target.pos, f"{branch}转到的节点 {target.id}"
        for line in node.unclear:
            if (line, node.pos) not in seen:
                seen.add((line, node.pos))
                yield line, node.pos, f"节点 {node.id} 的 unclear"


def _unheard(node: Node) -> bool:
    """A node the caller waits at on hold (held/unhold transitions: they hear nothing) or is about
    to leave (an unconditional silence of at most :data:`LEAVING` seconds)."""
    return any(t.kind in ("held", "unhold") or (t.kind == "silence" and t.when_mood is None
                                                and t.seconds is not None and t.seconds <= LEAVING)
               for t in node.transitions)


def _reacts(t: Transition, act: str) -> bool:
    return t.kind == "act" and (act in t.any_acts or act in t.all_acts)


def check_advice(sc: Scenario) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    known = (sc.hotline.name, *sc.hotline.aliases)
    for line, pos, branch in _catch_all_lines(sc):
        found = presupposed(line, known)
        if found:
            fact, kind = found
            what = "号码" if kind == "number" else "时间"
            out.append(diag(
                "HT044",
                f"{branch}里来电者说“{line}”，假定话务员说过{what}“{fact}”，而学员的回答可能没有提到",
                pos,
                hint=f"把这句放进 said: 转移（如 - {{said: \"{fact}\", goto: …}}），兜底分支里让来电者追问",
            ))
    waiting = [n for n in sc.nodes.values()
               if n.waiting and n.transitions and not n.silent and not _unheard(n)]
    missing: dict[str, list[str]] = {}
    for act in REACTIONS:
        if sc.mood_rules.get(act) == 0:
            continue
        missing[act] = [n.id for n in waiting if not any(_reacts(t, act) for t in n.transitions)]
    lacking = [n for n in waiting if any(n.id in ids for ids in missing.values())]
    if lacking:
        first = lacking[0]
        acts = [a for a, ids in missing.items() if ids]
        names = "和".join(REACTIONS[a] for a in acts)
        nodes = "、".join(n.id for n in lacking[:5]) + (" 等" if len(lacking) > 5 else "")
        out.append(diag(
            "HT045",
            f"来电者对{names}没有反应：节点 {nodes} 没有 act: {' / '.join(acts)} 的转移",
            first.pos,
            length=len(first.id),
            hint="在 defaults.on 里加，例如 - {act: [forbidden, argue], stay: true, say: 你这是什么态度？}，"
                 "以及 - {act: [forbidden, argue], when_mood: \">= angry\", goto: 挂断的结束节点}",
        ))
    return out
