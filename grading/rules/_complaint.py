"""Where the complaint is made (shared by CMP rules)."""

from __future__ import annotations

from grading.model import Event
from grading.rules._scenario import after, spoken_length
from grading.rules.base import CallContext

# A caller turn shorter than this (喂？/ 你好) is not yet the complaint; an operator turn shorter
# than this (嗯 / 是 / 好的) is a back-channel, not yet the reply.
SUBSTANTIAL = 5


def complaint_turn(ctx: CallContext) -> Event | None:
    """The caller's first substantial turn: the complaint."""
    for e in ctx.caller_turns:
        if spoken_length(e) >= SUBSTANTIAL:
            return e
    return None


def complaint_replies(ctx: CallContext) -> list[Event]:
    """Operator turns from the complaint on (talking over it included)."""
    turn = complaint_turn(ctx)
    if turn is None:
        return []
    return after(ctx.operator_turns, turn.t)


def first_reply(ctx: CallContext) -> Event | None:
    """The operator's first substantial turn after the complaint began."""
    for e in complaint_replies(ctx):
        if spoken_length(e) >= SUBSTANTIAL:
            return e
    return None


_SUGGESTION = ("建议", "意见", "批评")
# Words of a complaint proper (an apology and a record are owed, not only thanks).
_COMPLAINT = ("投诉", "没人管", "不管", "嚷", "骂", "态度", "道歉", "吃干饭", "赔", "曝光", "领导")


def thanked_for_suggestion(ctx: CallContext, turns: list[Event]) -> bool:
    """The caller made a suggestion or criticism and the operator thanked for it: the standard
    reply to 建议和批评 (000 服务应答规范 6 “谢谢您的建议（批评），我们会尽快向上级部门反映”;
    004 四 2.5), which stands for the apology and the record a complaint needs."""
    from grading.rules._general import norm

    heard = "".join(norm(e.text) for e in ctx.caller_turns)
    suggested = any(w in heard for w in _SUGGESTION)
    complained = any(w in heard for w in _COMPLAINT)
    return (suggested or not complained) and any(ctx.has(e, "thank_feedback") for e in turns)
