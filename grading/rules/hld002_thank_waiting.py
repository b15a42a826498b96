"""HLD002 查询等待：查询结束回到通话时没有说“让您久等了”。"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._general import hold_spans, next_event, quote, turn_times
from grading.rules.base import CallContext, Rule

MIN_HOLD = 3.0  # a hold shorter than this (a slip of the finger) needs no thanks
WAIT_ACTS = ("still_looking", "announce_lookup")


class ThankWaiting(Rule):
    """查询等待：查询结束回到通话时没有说“让您久等了”。

    检查什么
        保持通话结束（unhold）后，话务员回到通话的第一句话里有“让您久等了”或
        “谢谢您的耐心等待”。中途回来说“我正在为您查询，请您稍等”后又继续保持的，
        等最后一次回来时再检查；保持后直接转接或通话结束的不检查；不到 3 秒的保持不检查。

    为什么
        002 附件1 2(4)：“查询后回复：‘对不起，让您久等了。’”；
        000 服务应答规范 5：“（对不起，让您久等了）”，行为规范：“对用户的耐心等待及配合
        要向用户致谢‘谢谢您的耐心等待’”。

    正确示例
        （取消保持）对不起，让您久等了。您家上个月用电四百八十度……

    错误示例
        （取消保持）您家上个月用电四百八十度……
    """

    code = "HLD002"
    name = "thank_waiting"
    title = "查询后没有说“让您久等了”"
    category = "hold"
    severity = "minor"
    clause = "000-yingda-5"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        waited = 0.0  # seconds on hold since the lookup began (re-prompts do not end it)
        for span in hold_spans(ctx):
            waited += span.seconds
            if span.unhold is None:
                waited = 0.0
                continue
            back = span.unhold.t
            first = _next(ctx, back, ("say", "hold", "transfer", "hangup"))
            if first is not None and first.type == "hold":
                continue  # back on hold without a word: the same lookup
            turns = turn_times(ctx)  # the first operator turn begun at or after ``back``
            i = bisect_left(turns.op_starts, back)
            reply = turns.ops[i] if i < len(turns.ops) else None
            if first is None or first.type in ("transfer", "hangup") or reply is None:
                waited = 0.0
                continue
            if _reprompt(ctx, reply):
                continue  # 我正在为您查询，请您稍等 — and back on hold: the lookup goes on
            total, waited = waited, 0.0
            if total < MIN_HOLD or ctx.has(reply, "thank_waiting") is not None:
                continue
            yield self.missing(
                ctx, reply, t=reply.t, quote=quote(reply),
                message=f"来电者等了 {total:.0f} 秒，回到通话时没有说“让您久等了”",
                tip=f"查询结束先说“对不起，{ctx.phrase('thank_waiting') or '让您久等了'}”，再给出答复",
            )


def _reprompt(ctx: CallContext, reply: Event) -> bool:
    """The operator's turn only bridged a lookup: the operator holds again before saying anything
    else, and the turn asked the caller to wait (or the caller did not speak before the hold)."""
    then = _next(ctx, reply.stop, ("hold", "transfer", "hangup"))
    if then is None or then.type != "hold":
        return False
    turns = turn_times(ctx)
    if turns.operator_between(reply.stop, then.t):
        return False
    if ctx.has(reply, *WAIT_ACTS) is not None:
        return True
    return not turns.caller_between(reply.stop, then.t)


def _next(ctx: CallContext, since: float, types: tuple[str, ...], caller_say: bool = False) -> Event | None:
    """The first event at or after ``since`` of one of ``types`` (and, if asked, a caller turn)."""
    return next_event(ctx, since, types, caller_say)
