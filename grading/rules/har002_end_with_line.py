"""HAR002 骚扰来电：没有用规范用语结束通话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import before, call_end, operator_hangup, quote, replies
from grading.rules.base import CallContext, Rule

# Operator replies after which a harassment call should have been ended (one redirect is fine).
MAX_REPLIES = 2


class EndWithLine(Rule):
    """骚扰来电：没有说规范用语结束通话。

    检查什么
        骚扰来电中，话务员说“对不起，您的问题与我们的服务无关，我将挂断您的电话”（模糊的骚扰电话也可说
        “先生，电话听不清楚，请您稍后再拨”，或转给同性别的咨询员）来结束通话。不合格的情形：
        话务员一声不吭（或只说别的）就挂机；或者回应了骚扰者两次以上，始终没有用规范用语结束通话。
        话务员只回应了一次、骚扰者就自己挂机的，不算。

    为什么
        002 附件2 3(3)：“遇到明显的骚扰电话时，一旦听出尽快结束电话，不必谈论过久。只需说：
        ‘对不起，您的问题与我们的服务无关，我将挂断您的电话’，然后挂机。”；002 附件2 3(4)：
        “遇到模糊的骚扰电话，我们可将此电话转至与来电者的同性别咨询员接听，或借由电话线路不清等原因结束电话”。

    正确示例
        来电者：美女，陪我聊半个小时。——话务员：对不起，您的问题与我们的服务无关，我将挂断您的电话。（挂机）

    错误示例
        来电者：你下班以后都去哪儿玩？——话务员：我下班一般就回家看看电视。您钓鱼一般去哪里钓？（一直聊到对方挂机）
    """

    code = "HAR002"
    name = "end_with_line"
    title = "骚扰来电：没有用规范用语结束通话"
    category = "harassment"
    severity = "major"
    clause = "002-fj2-3-3"
    families = ("harassment",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        if any(ctx.has(e, "harassment_line") for e in turns) or ctx.record.first("transfer") is not None:
            return
        end = call_end(ctx)
        if end is not None:
            turns = before(turns, end.t)
        hangup = operator_hangup(ctx)
        tip = "一旦听出是骚扰电话，只需说“对不起，您的问题与我们的服务无关，我将挂断您的电话”，然后挂机"
        if hangup is not None and end is hangup and ctx.caller_turns and ctx.caller_turns[0].t < hangup.t:
            last = turns[-1] if turns else None
            yield self.missing(
                ctx, last, t=hangup.t, quote=quote(last),
                message="话务员没有说规范用语就挂断了骚扰电话", tip=tip,
            )
        elif len(turns) > MAX_REPLIES:
            yield self.missing(
                ctx, turns, t=turns[MAX_REPLIES].t, quote=quote(turns[MAX_REPLIES]),
                message=f"话务员回应了骚扰来电者 {len(turns)} 次，始终没有用规范用语结束通话", tip=tip,
            )
