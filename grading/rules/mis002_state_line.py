"""MIS002 转接错误的来电：没有说明这里是哪条热线。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule


class MisrouteStateLine(Rule):
    """转接错误的来电：没有向来电者说明这里是哪条热线（哪个部门）。

    检查什么
        来电者开口后，话务员在答复里说明本线：“我这里是×××”“这里是×××”。
        开场白里的自报家门不算——来电者正是没听清或找错了才打进来的。

    为什么
        000 服务应答规范 2：“对不起，……我这里是×××部门，您咨询的问题，请致电×××部门电话”；
        001 用语示例 问候(二)：“对不起，话务员可能没有理解您的意思，我这里是×××部门……”；
        002 附件2 2(1)：“对不起，这里是12320咨询服务中心，我们无法提供您所需要的服务，请拨打其他号码。”

    正确示例
        对不起，这里是12320卫生热线，我们提供医疗卫生方面的咨询，电费的问题请您拨打95598。

    错误示例
        对不起，电费的问题您打95598吧。（没有说明这里是哪条热线）
    """

    code = "MIS002"
    name = "state_line"
    title = "转接错误的来电：没有说明本线"
    category = "misroute"
    severity = "major"
    clause = "001-yongyu-wenhou-2"
    families = ("misroute",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        if not turns or any(ctx.has(e, "state_line", "self_identify") for e in turns):
            return
        yield self.missing(
            ctx, turns, t=turns[0].t, quote=quote(turns[0]),
            message="来电者打错（转错）了热线，话务员没有说明这里是哪条热线",
            tip=f"说明本线：“{ctx.phrase('state_line') or '我这里是×××'}，您咨询的问题请致电×××”",
        )
