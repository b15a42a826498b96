"""DIA002 方言/外语来电：听不懂时没有请对方慢点讲，也没有转接。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule

# The operator asks a dialect caller to switch to Mandarin: communication is clearly difficult.
ASK_MANDARIN = "ask_mandarin"
# Asking to repeat this many times means the two cannot understand each other (难以沟通).
REPEATS = 2


class SpeakSlowly(Rule):
    """方言、外语来电：难以沟通时只让对方重复或改说普通话，没有请对方慢点讲，也没有转接。

    检查什么
        双方难以沟通——话务员请方言来电者改讲普通话，或两次以上请对方“再说一遍”——时，
        话务员在通话中说过“对不起，请您慢点讲”，或把电话转给能提供服务的咨询员（提出转接或有转接事件）。
        只请对方重复一次、随后复述确认并解答的，以及听得懂直接解答的，不检查。

    为什么
        002 附件2 2(7)：“如来电者只能使用外语或方言，难以沟通时切忌挂断电话，应讲‘对不起，请您慢点讲’
        或将电话转至可以提供服务的咨询员。”

    正确示例
        对不起，请您慢点讲。您是说家里的电表这两天不走字了，对吗？

    错误示例
        对不起，请您再说一遍。……请您再说一遍。（之后既没有请对方慢点讲，也没有转接）
    """

    code = "DIA002"
    name = "speak_slowly"
    title = "方言来电：没有请对方慢点讲或转接"
    category = "dialect"
    severity = "major"
    clause = "002-fj2-2-7"
    families = ("dialect",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if ctx.record.first("transfer") is not None:
            return
        turns = replies(ctx)
        if not turns or any(ctx.has(e, "ask_slow", "offer_transfer") for e in turns):
            return
        repeats = [e for e in turns if ctx.has(e, "ask_repeat")]
        if len(repeats) < REPEATS and any(ctx.has(e, "confirm") for e in turns):
            return
        # The caller speaks a dialect or another language (the scenario says so): the standard
        # reply is “对不起，请您慢点讲” (002 附件2 2(7)), or at least restating what was understood
        # for the caller to confirm (002 附件1 2(3) 复述: “您是说……对吗？”); answering straight on
        # a guess, or only “什么？您说什么？” again and again, is neither.
        signs = [e for e in turns if ctx.has(e, ASK_MANDARIN, "ask_repeat")] or turns[:1]
        start = min(e.t for e in signs)
        trigger = min(signs, key=lambda e: e.t)
        yield self.missing(
            ctx, [e for e in turns if e.t >= start], t=trigger.t, quote=quote(trigger),
            message="来电者说方言，双方难以沟通，话务员却没有请对方慢点讲，也没有转给能提供服务的咨询员",
            tip="说“对不起，请您慢点讲”；仍无法沟通时，征得同意后转给能提供服务的咨询员",
        )
