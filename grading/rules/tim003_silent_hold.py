"""TIM003 时间：没告诉来电者就让对方等待（保持通话）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import ANNOUNCE_ACTS, announce_window, hold_spans, quote
from grading.rules.base import CallContext, Rule


class SilentHold(Rule):
    """时间：没告诉来电者就让对方等待（保持通话）。

    检查什么
        每次保持通话（hold）之前，来电者说完最后一句话后话务员一句话没说就按了保持，
        而且话务员此前的最后一句话也没有告知等待（“请稍等，我帮您查一下”“我为您转接到……”等）。
        来电者被晾在线上、不知道要等什么。说了话但缺少“请稍等”的，由 HLD001 记录。

    为什么
        001 基本电话礼仪规范—电话等待：“说明告知等待的原因的重要性”；
        004 四 2.8 服务“七声”：“中途离开有告知声”；
        000 服务应答规范 5：“请稍等，我帮您查一下。”忌：“等一会！”（离席去查询）。

    正确示例
        （来电者报完户号）谢谢您。请稍等，我帮您查一下。（然后保持）

    错误示例
        （来电者报完户号）话务员不说话，直接保持通话。
    """

    code = "TIM003"
    name = "silent_hold"
    title = "未告知就保持通话"
    category = "timing"
    severity = "major"
    clause = "001-dengdai"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        answer = ctx.record.first("answer")
        since = answer.t if answer is not None else 0.0
        previous = False
        for span in hold_spans(ctx):
            window, caller_after = announce_window(ctx, span.hold.t, since)
            since, chained, previous = span.end, previous, True
            if chained and not window and not caller_after:
                continue  # back on hold right after an unhold: the same, announced lookup
            announced = any(ctx.has(e, *ANNOUNCE_ACTS) is not None for e in window)
            if announced or not (caller_after or not window):
                continue
            if window and any(ctx.unclear(e) for e in window):
                continue  # HLD001 reports it as unclear
            heard = f"（此前最后一句：“{quote(window[-1])}”）" if window else ""
            yield self.finding(
                t=span.hold.t,
                message=f"来电者说完后话务员一句话没说就保持通话{heard}，来电者不知道要等什么",
                tip="保持前先告知：“请稍等，我帮您查一下”，需要较长时间的说明大约要等多久",
            )
