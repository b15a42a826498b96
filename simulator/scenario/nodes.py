"""Building nodes and transitions from the position tree (checks that need only one node).

Graph-wide checks (reachability, dead ends, cycles) live in :mod:`simulator.scenario.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from simulator.scenario.diagnostics import did_you_mean
from simulator.scenario.model import MOODS, OUTCOMES, FailReason, MoodCondition, Node, Pos, Transition
from simulator.scenario.reader import Reader
from simulator.scenario.schema import BARGE_IN, CATEGORIES, COMPARATORS, NOISE, TRIGGERS
from simulator.scenario.yamlpos import YMap, YNode, YScalar, YSeq

_WHEN = re.compile(r"^\s*(<=|>=|==|<|>)?\s*([A-Za-z_]+)\s*$")


@dataclass(slots=True)
class Env:
    """What node building needs to know about the rest of the scenario."""

    node_ids: Collection[str]
    transfer_targets: Collection[str]
    act_ids: Collection[str] | None  # None: the act library is not available, skip the check
    clause_ids: Collection[str] | None = None  # clauses.yaml ids; None: skip the check


class NodeBuilder:
    def __init__(self, r: Reader, env: Env) -> None:
        self.r = r
        self.env = env

    def ref(self, node: YNode | None, what: str) -> str | None:
        """A node id that must exist (HT020 with a did-you-mean otherwise)."""
        target = self.r.text(node, what)
        if target is not None and node is not None and target not in self.env.node_ids:
            self.r.report(
                "HT020",
                f"{what} 指向的节点 “{target}” 没有定义",
                node,
                suggestion=did_you_mean(target, self.env.node_ids),
            )
        return target

    def acts(self, node: YNode | None, what: str) -> tuple[str, ...]:
        items = node.items if isinstance(node, YSeq) else [node] if node is not None else []
        if isinstance(node, YSeq) and not items:
            self.r.report("HT004", f"{what}是空列表", node)
        out = []
        for item in items:
            act = self.r.text(item, what)
            if act is None:
                continue
            known = self.env.act_ids
            if known is not None and act not in known:
                self.r.report(
                    "HT033",
                    f"未知的话语行为 “{act}”",
                    item,
                    suggestion=did_you_mean(act, known),
                    hint="行为 id 见 grading/standards/acts.yaml",
                )
            out.append(act)
        return tuple(out)

    def said(self, node: YNode | None) -> tuple[str, ...]:
        """The phrases of a ``said`` trigger (HT004 when empty)."""
        phrases = tuple(p for p in self.r.texts(node, "said") if p.strip())
        if node is not None and not phrases:
            self.r.report("HT004", "said 至少要写一个说法", node)
        return phrases

    def when_mood(self, node: YNode | None) -> MoodCondition | None:
        text = self.r.text(node, "when_mood")
        if text is None or node is None:
            return None
        m = _WHEN.match(text)
        if not m:
            self.r.report(
                "HT011",
                f"when_mood “{text}” 看不懂",
                node,
                hint=f'写成 "<比较符> <情绪>"，比较符为 {" ".join(COMPARATORS)}，如 ">= angry"',
            )
            return None
        op, mood = m.group(1) or "==", m.group(2)
        if mood not in MOODS:
            self.r.report(
                "HT009",
                f"when_mood 里的情绪 “{mood}” 未知（可选：{' '.join(MOODS)}）",
                node,
                suggestion=did_you_mean(mood, MOODS),
            )
            return None
        return MoodCondition(op, mood)  # type: ignore[arg-type]

    def transition(self, node: YNode, where: str) -> Transition | None:
        f = self.r.fields(node, "transition", f"{where}的转移")
        if f is None:
            return None
        r = self.r
        triggers = [t for t in TRIGGERS if t in f]
        if len(triggers) != 1:
            found = f"有 {'、'.join(triggers)}" if triggers else "一个也没有"
            r.report("HT013", f"转移应恰好有一个触发条件（{' '.join(TRIGGERS)} 之一），这里{found}", node)
        if "all" in f and "act" not in f and "said" not in f:
            r.report("HT013", "all 只能和 act 或 said 一起用", f["all"])
        kind = triggers[0] if triggers else "otherwise"
        stay = "stay" in f and r.boolean(f["stay"], "stay") is True
        if stay and "goto" in f:
            r.report("HT013", "stay: true 的转移留在本节点，不能再写 goto", f["goto"])
        elif not stay and "goto" not in f and "stay" not in f:
            missing = "缺少必填字段 “goto”（目标节点 id；留在本节点写 stay: true）"
            r.report("HT005", f"{where}的转移{missing}", node)
        if stay and kind not in ("act", "said", "otherwise"):
            r.report("HT013", f"stay 只能用于 act、said、otherwise 转移，不能用于 {kind}", f["stay"])
        for flag in ("otherwise", "hold", "unhold", "hangup", "stay"):
            if flag in f and r.boolean(f[flag], flag) is False:
                r.report("HT007", f"{flag} 只能写 true（不需要这个转移就删掉它）", f[flag])
        seconds = None
        if kind in ("silence", "held"):
            seconds = r.number(f[kind], f"{kind} 的秒数")
        target = None
        if "transfer" in f:
            target = r.text(f["transfer"], "transfer")
            names = self.env.transfer_targets
            if target is not None and target != "*" and target not in names:
                r.report(
                    "HT027",
                    f"转接目标 “{target}” 不在 hotline.directory 里",
                    f["transfer"],
                    suggestion=did_you_mean(target, names),
                    hint='写 directory 里的部门名，或 "*" 表示任何部门',
                )
        mood = r.integer(f.get("mood"), "转移的 mood（情绪变化步数）")
        pos = node.pos
        return Transition(
            kind=kind,  # type: ignore[arg-type]
            goto="" if stay else self.ref(f.get("goto"), "goto") or "",
            stay=stay,
            any_acts=self.acts(f.get("act"), "act"),
            all_acts=self.acts(f.get("all"), "all"),
            phrases=self.said(f.get("said")),
            seconds=seconds,
            target=target,
            when_mood=self.when_mood(f.get("when_mood")),
            mood=mood or 0,
            say=r.texts(f.get("say"), "say"),
            pos=pos,
            goto_pos=f["goto"].pos if "goto" in f else pos,
        )

    def fail(self, node: YNode | None, where: str, success: bool | None) -> FailReason | None:
        """A failure ending's ``fail: {note, clause, category}`` (HT041 when it makes no sense)."""
        r = self.r
        f = r.fields(node, "fail", f"{where}fail ")
        if f is None or node is None:
            return None
        if success:
            r.report("HT041", f"{where}是成功结局（success: true），不应写 fail", node)
        clause = r.text(f.get("clause"), f"{where}fail 的 clause") or ""
        known = self.env.clause_ids
        if clause and known is not None and clause not in known and "clause" in f:
            r.report(
                "HT041",
                f"{where}fail 的条款 “{clause}” 不在条款表里",
                f["clause"],
                suggestion=did_you_mean(clause, known),
                hint="条款 id 见 grading/standards/clauses.yaml（hotline rules --clauses）",
            )
        category = r.choice(f.get("category"), CATEGORIES, f"{where}fail 的 category") or ""
        return FailReason(note=r.text(f.get("note"), f"{where}fail 的 note") or "", clause=clause,
                          category=category, pos=node.pos)

    def transitions(self, node: YNode | None, where: str) -> tuple[Transition, ...]:
        items = self.r.items(node, f"{where}的 on")
        return tuple(t for item in items if (t := self.transition(item, where)) is not None)

    def node(self, key: YScalar, value: YNode, defaults: tuple[Transition, ...]) -> Node:
        """Build node ``key``; ``defaults`` (already marked inherited) are appended if it waits."""
        node_id = key.raw
        where = f"节点 {node_id} "
        r = self.r
        if isinstance(value, YScalar) and value.tag == "null" and value.raw == "":
            value = YMap(value.pos)  # "node-id:" with nothing: an empty node (reported as a dead end)
        f = r.fields(value, "node", where) or {}
        say = r.texts(f.get("say"), f"{where}say")
        end = r.choice(f.get("end"), OUTCOMES, f"{where}end", code="HT010")
        has_end = "end" in f
        for a, b in (("end", "on"), ("end", "next"), ("next", "on")):
            if a in f and b in f:
                r.report(
                    "HT014",
                    f"{where}不能同时有 {a} 和 {b}",
                    f[b],
                    hint="end 是结束节点；next 是说完直接走；on 是等学员说话",
                )
        for name in ("success", "fail"):
            if name in f and not has_end:
                r.report("HT014", f"{where}不是结束节点，{name} 没有意义", f[name])
        success = (r.boolean(f.get("success"), "success") or False) if has_end else None
        silent = r.boolean(f.get("silent"), "silent") or False
        if silent and say:
            r.report("HT014", f"{where}标了 silent: true 却又有 say", f["say"])
        if any(not s.strip() for s in say):
            r.report("HT062", f"{where}的 say 是空的：来电者什么也不会说", f["say"],
                     hint="写上来电者的话，或删掉 say（不说话的节点写 silent: true）")
        elif not any(k in f for k in ("say", "on", "next", "end", "silent")):
            r.report("HT062", f"{where}是空节点：没有台词，也没有转移或结局", key,
                     hint="写 say 和 on（或 next / end）；不需要这个节点就删掉它")
        transitions = self.transitions(f.get("on"), where)
        nxt = self.ref(f.get("next"), f"{where}next")
        waiting = not has_end and "next" not in f
        if waiting and defaults:
            transitions += defaults
        transitions = tuple(replace(t, goto=node_id) if t.stay else t for t in transitions)
        return Node(
            id=node_id,
            say=say,
            mood=r.choice(f.get("mood"), MOODS, f"{where}mood", code="HT009"),  # type: ignore[arg-type]
            silent=silent,
            noise=r.choice(f.get("noise"), NOISE, f"{where}noise") or "none",  # type: ignore[arg-type]
            talks_over=r.boolean(f.get("talks_over"), "talks_over") or False,
            barge_in=r.choice(f.get("barge_in"), BARGE_IN, f"{where}barge_in") or "continue",  # type: ignore[arg-type]
            unclear=r.texts(f.get("unclear"), f"{where}unclear"),
            transitions=transitions,
            next=nxt,
            end=(end or "abandoned") if has_end else None,  # type: ignore[arg-type]
            success=success,
            fail=self.fail(f.get("fail"), where, success) if has_end else None,
            pos=key.pos,
            next_pos=f["next"].pos if "next" in f else Pos(key.pos.file, 0, 0),
        )
