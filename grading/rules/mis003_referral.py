"""MIS003 转接错误的来电：没有指引正确的部门或电话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule


class MisrouteReferral(Rule):
    """转接错误的来电：没有告诉来电者该找哪个部门、拨打什么电话。

    检查什么
        来电者开口后，话务员指引对方：“请致电×××”“请您拨打×××”（说出部门或电话），
        或征得同意后把电话转接过去（通话里有转接事件）。

    为什么
        000 服务应答规范 2：“……您咨询的问题，请致电×××部门电话：×××转×××查询即可”；
        001 用语示例 问候(二)：“您咨询的问题请致电×××部门查询即可或您咨询的问题请重新拨打96128转接”；
        002 第二十九条：“对不属咨询范围的，应告知正确的咨询途径。”

    正确示例
        对不起，这里是96128政务信息查询专线，火车票退票请您拨打12306铁路客服电话。

    错误示例
        对不起，这里是12320卫生热线，这个问题我们这里解答不了。（没有告诉对方该找谁）
    """

    code = "MIS003"
    name = "referral"
    title = "转接错误的来电：没有指引正确途径"
    category = "misroute"
    severity = "major"
    clause = "000-yingda-2"
    families = ("misroute",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        if not turns:
            return
        if ctx.record.first("transfer") is not None or any(ctx.has(e, "refer") for e in turns):
            return
        yield self.missing(
            ctx, turns, t=turns[0].t, quote=quote(turns[0]),
            message="来电者打错（转错）了热线，话务员没有告诉对方该找哪个部门、拨打什么电话",
            tip="告知正确途径：“您咨询的问题请致电×××，电话×××”，说出部门名称和电话号码",
        )
