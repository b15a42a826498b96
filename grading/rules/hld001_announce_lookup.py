"""HLD001 查询等待：保持（查询）前没有说“请稍等”。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import ANNOUNCE_ACTS, announce_window, hold_spans, joined_quote
from grading.rules.base import CallContext, Rule


class AnnounceLookup(Rule):
    """查询等待：保持（查询）前没有说“请稍等”。

    检查什么
        每次保持通话之前，话务员的最后一句话（以及紧挨着它的几句）里有请对方稍等的告知：
        “请稍等，我帮您查一下”“请您稍等，请不要挂机，我为您查询”“我正在为您查询，请您稍等”；
        转接前的“我为您转接到……，请您稍等”也算。识别置信度低时只记“识别不清”的轻微问题。

    为什么
        000 服务应答规范 5（对用户咨询的问题需要通过查询才能解答时）：
        “请稍等，我帮您查一下。”忌：“等一会！”（离席去查询）；
        002 附件1 2(4)：“在为来电者查询信息或需查询确认政策规定时，应使用：‘对不起，请您稍等，
        请不要挂机，我为您查询相关政策（信息）。’”

    正确示例
        好的，请稍等，我帮您查一下。（保持）

    错误示例
        户号是多少？……好。（保持）
    """

    code = "HLD001"
    name = "announce_lookup"
    title = "查询前没有说“请稍等”"
    category = "hold"
    severity = "major"
    clause = "002-fj1-2-4"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        answer = ctx.record.first("answer")
        since = answer.t if answer is not None else 0.0
        previous = False
        for span in hold_spans(ctx):
            window, caller_after = announce_window(ctx, span.hold.t, since)
            since, chained, previous = span.end, previous, True
            if chained and not window and not caller_after:
                continue  # back on hold right after an unhold: the same lookup
            if any(ctx.has(e, *ANNOUNCE_ACTS) is not None for e in window):
                continue
            yield self.missing(
                ctx, window, t=span.hold.t, quote=joined_quote(window[-2:]),
                message="保持通话（查询）前没有请来电者稍等",
                tip=f"保持前说：“{ctx.phrase('announce_lookup') or '请稍等，我帮您查一下'}”",
            )
