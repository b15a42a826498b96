"""Helpers of the engine and play tests: hand-built scenarios, a keyword matcher, a contract check.

Imported as a plain module (pytest puts this folder on sys.path; ``tests/play/conftest.py`` adds
it for the play tests). No ``__init__.py``, like the other test folders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.engine import Engine
from simulator.engine import actions as ac
from simulator.phrases.types import Hit, MatchContext
from simulator.scenario.model import (
    Caller,
    DirectoryEntry,
    Hotline,
    MoodCondition,
    Node,
    Playthrough,
    Scenario,
    Transition,
)

HOTLINE = Hotline(
    name="12320卫生热线",
    aliases=("12320",),
    directory=(DirectoryEntry("医政处", "025-83620000"), DirectoryEntry("疾控中心", "025-83787000")),
)

# Keywords of the keyword matcher: act id → substrings that mean it.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "greet": ("您好",),
    "self_identify": ("12320",),
    "offer_help": ("请讲", "有什么可以帮您"),
    "apologise": ("对不起", "抱歉"),
    "empathise": ("理解",),
    "argue": ("不是这样", "你听我说"),
    "forbidden": ("烦不烦", "出声呀"),
    "answer": ("社区医院", "周一到周五"),
    "goodbye": ("再见",),
    "thanks": ("谢谢",),
}

# Default mood changes (the act library's Act.mood stands in for these in real runs).
ACT_MOODS: dict[str, int] = {"apologise": -1, "empathise": -1, "argue": 1, "forbidden": 2}


class KeywordMatcher:
    """A stand-in for the phrase matcher: an act is detected when one of its keywords occurs."""

    def __init__(self, keywords: Mapping[str, Iterable[str]] = KEYWORDS) -> None:
        self.keywords = {act: tuple(words) for act, words in keywords.items()}
        self.calls: list[tuple[str, MatchContext]] = []

    def detect(self, text: str, ctx: MatchContext, /) -> tuple[Hit, ...]:
        self.calls.append((text, ctx))
        hits = []
        for act, words in self.keywords.items():
            for word in words:
                if word in text:
                    hits.append(Hit(act, 100.0, word, word))
                    break
        return tuple(hits)


def tr(kind: str, goto: str, *, acts: Iterable[str] = (), all_: Iterable[str] = (),
       seconds: float | None = None, target: str | None = None, when: str | None = None, mood: int = 0,
       say: Iterable[str] = ()) -> Transition:
    cond = None
    if when:
        op, mood_name = when.split()
        cond = MoodCondition(op, mood_name)  # type: ignore[arg-type]
    return Transition(kind, goto, any_acts=tuple(acts), all_acts=tuple(all_), seconds=seconds,  # type: ignore[arg-type]
                      target=target, when_mood=cond, mood=mood, say=tuple(say))


def node(ident: str, *say: str, on: Iterable[Transition] = (), **kw: Any) -> Node:
    return Node(ident, say=tuple(say), transitions=tuple(on), **kw)


def end(ident: str, outcome: str, success: bool = False, *say: str) -> Node:
    return Node(ident, say=tuple(say), end=outcome, success=success)  # type: ignore[arg-type]


def scenario(*nodes: Node, ident: str = "demo", mood: str = "calm",
             mood_rules: Mapping[str, int] | None = None,
             playthroughs: Iterable[Playthrough] = ()) -> Scenario:
    return Scenario(
        id=ident, title="测试场景", difficulty=1, tags=(), brief="", notes="", hotline=HOTLINE,
        caller=Caller("f-adult-mandarin", "female", "adult", "mandarin", mood=mood),  # type: ignore[arg-type]
        start=nodes[0].id, nodes={n.id: n for n in nodes}, mood_rules=dict(mood_rules or {}),
        playthroughs=tuple(playthroughs),
    )


def engine(sc: Scenario, seed: int = 0, **kw: Any) -> Engine:
    kw.setdefault("matcher", KeywordMatcher())
    kw.setdefault("act_moods", ACT_MOODS)
    return Engine(sc, seed, **kw)


def of(actions: Iterable[ac.Action], kind: type) -> list[Any]:
    return [a for a in actions if isinstance(a, kind)]


def says(record: Mapping[str, Any], who: str | None = None) -> list[dict[str, Any]]:
    return [e for e in record["events"] if e["type"] == "say" and (who is None or e["who"] == who)]


# ----------------------------------------------------------------------------- the contract

EVENT_TYPES = {"ring", "answer", "say", "hold", "unhold", "transfer", "hangup"}
WHO = {"operator", "caller"}


def contract_problems(record: Any) -> list[str]:
    """What breaks ``hotline-call/1`` (../shared/contracts/call-record.md) in ``record``."""
    out: list[str] = []
    if not isinstance(record, dict):
        return ["record is not a mapping"]
    try:
        json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        out.append(f"not JSON: {exc}")
    if record.get("format") != "hotline-call/1":
        out.append(f"format {record.get('format')!r}")
    if not isinstance(record.get("scenario"), str) or not record["scenario"]:
        out.append("scenario must be a non-empty string")
    hotline = record.get("hotline")
    if hotline is not None and (not isinstance(hotline, dict) or not isinstance(hotline.get("name"), str)
                                or not all(isinstance(a, str) for a in hotline.get("aliases", []))):
        out.append(f"bad hotline {hotline!r}")
    events = record.get("events")
    if not isinstance(events, list):
        return [*out, "events must be a list"]
    last = 0.0
    for i, e in enumerate(events):
        where = f"events[{i}]"
        t = e.get("t")
        if not isinstance(t, int | float) or isinstance(t, bool) or t < 0:
            out.append(f"{where}: bad t {t!r}")
            continue
        if t < last:
            out.append(f"{where}: not in time order ({t} after {last})")
        last = t
        kind = e.get("type")
        if kind not in EVENT_TYPES:
            out.append(f"{where}: unknown type {kind!r}")
        if kind == "say":
            if e.get("who") not in WHO:
                out.append(f"{where}: who {e.get('who')!r}")
            if not isinstance(e.get("text"), str) or not e["text"]:
                out.append(f"{where}: text {e.get('text')!r}")
            if not isinstance(e.get("end"), int | float) or e["end"] < t:
                out.append(f"{where}: end {e.get('end')!r} before t {t}")
            conf = e.get("confidence")
            if conf is not None and not (isinstance(conf, int | float) and 0 <= conf <= 1):
                out.append(f"{where}: confidence {conf!r}")
        if kind == "transfer" and not isinstance(e.get("to"), str):
            out.append(f"{where}: transfer without to")
        if kind == "hangup" and e.get("who") not in WHO:
            out.append(f"{where}: hangup who {e.get('who')!r}")
    if events and (events[0].get("type") != "ring" or events[0].get("t") != 0):
        out.append("the first event must be the ring at 0")
    return out
