"""HAR003 骚扰来电：说了告知语却没有挂机。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import call_end, first_with, quote, replies
from grading.rules.base import CallContext, Rule

# Seconds after the standard line by which the call should be over (“然后挂机”).
HANG_UP_WITHIN = 5.0


class HangUpAfterLine(Rule):
    """骚扰来电：说了“我将挂断您的电话”，却没有挂机，又接着和对方说话。

    检查什么
        话务员说出骚扰电话规范用语之后，应当随即挂机：之后再说别的话（重复规范用语除外），
        或者说完 5 秒后通话还没有结束（话务员迟迟不挂机），不合格。说完后来电者马上自己挂机的，不算。

    为什么
        002 附件2 3(3)：“只需说：‘对不起，您的问题与我们的服务无关，我将挂断您的电话’，然后挂机。”

    正确示例
        对不起，您的问题与我们的服务无关，我将挂断您的电话。（挂机）

    错误示例
        对不起，您的问题与我们的服务无关，我将挂断您的电话。——来电者：别挂啊！——话务员：那您说吧，还有什么事？
        对不起，您的问题与我们的服务无关，我将挂断您的电话。——（十几秒不挂机，骚扰者：说挂又不挂……）
    """

    code = "HAR003"
    name = "hang_up_after_line"
    title = "骚扰来电：说了告知语却没有挂机"
    category = "harassment"
    severity = "major"
    clause = "002-fj2-3-3"
    families = ("harassment",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        line = first_with(ctx, turns, "harassment_line")
        if line is None:
            return
        later = [e for e in turns if e.t > line.t and not ctx.has(e, "harassment_line")]
        if later:
            yield self.finding(
                t=later[0].t, quote=quote(later[0]),
                message="话务员说了“我将挂断您的电话”，却没有挂机，又继续和骚扰者说话",
                tip="说完规范用语随即挂机，不再与骚扰者交谈",
            )
            return
        said = [e for e in turns if ctx.has(e, "harassment_line")][-1]
        end = call_end(ctx)
        if end is None or end.t - said.stop <= HANG_UP_WITHIN:
            return
        if end.type == "hangup" and end.who == "operator":
            message = f"话务员说了“我将挂断您的电话”，过了 {end.t - said.stop:.0f} 秒才挂机"
        else:
            message = "话务员说了“我将挂断您的电话”，却迟迟没有挂机"
        yield self.finding(
            t=said.stop, quote=quote(said), message=message,
            tip="说完规范用语随即挂机，不再与骚扰者交谈",
        )
