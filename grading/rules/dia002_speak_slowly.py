"""DIA002 方言/外语来电：听不懂时没有请对方慢点讲，也没有转接。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import first_with, quote, replies
from grading.rules.base import CallContext, Rule

# The operator signals that they did not understand the caller.
NOT_UNDERSTOOD = ("ask_repeat", "ask_mandarin")


class SpeakSlowly(Rule):
    """方言、外语来电：听不懂时只让对方重复或改说普通话，没有请对方慢点讲，也没有转接。

    检查什么
        话务员表示没听懂（“请您再说一遍”“请您讲普通话”）之后，在通话中说过“对不起，请您慢点讲”，
        或把电话转给能提供服务的咨询员（提出转接或有转接事件）。听得懂、直接复述确认并解答的，不检查。

    为什么
        002 附件2 2(7)：“如来电者只能使用外语或方言，难以沟通时切忌挂断电话，应讲‘对不起，请您慢点讲’
        或将电话转至可以提供服务的咨询员。”

    正确示例
        对不起，请您慢点讲。您是说家里的电表这两天不走字了，对吗？

    错误示例
        对不起，请您讲普通话好吗？（之后既没有请对方慢点讲，也没有转接）
    """

    code = "DIA002"
    name = "speak_slowly"
    title = "方言来电：没有请对方慢点讲或转接"
    category = "dialect"
    severity = "major"
    clause = "002-fj2-2-7"
    families = ("dialect",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        trigger = first_with(ctx, turns, *NOT_UNDERSTOOD)
        if trigger is None:
            return
        if ctx.record.first("transfer") is not None:
            return
        if any(ctx.has(e, "ask_slow", "offer_transfer") for e in turns if e.t >= trigger.t):
            return
        yield self.missing(
            ctx, [e for e in turns if e.t >= trigger.t], t=trigger.t, quote=quote(trigger),
            message="来电者说方言，话务员没听懂，却没有请对方慢点讲，也没有转给能提供服务的咨询员",
            tip="说“对不起，请您慢点讲”；仍无法沟通时，征得同意后转给能提供服务的咨询员",
        )
