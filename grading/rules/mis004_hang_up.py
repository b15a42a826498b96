"""MIS004 转接错误的来电：强行挂断。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import hung_up_on_caller, unheard_goodbye
from grading.rules.base import CallContext, Rule


class MisrouteHangUp(Rule):
    """转接错误的来电：来电者的话还没有得到答复，话务员就挂断了电话。

    检查什么
        话务员先挂机，而挂机前最后说话的是来电者（对方的问题或追问没有得到答复）。
        说完“再见”后抢先挂机属于结束语类问题（用户挂机前主动挂机），不在这里检查。

    为什么
        000 服务应答规范 2：“行为规范：当接听转接错误的用户电话时，必须有问候语，
        如用户仍要咨询，请耐心做好解释工作。忌：不出声，强行挂断。”

    正确示例
        来电者：那医保报销到底找谁？——话务员：请您拨打市医疗保障局电话12393咨询。请问还有什么可以帮您？

    错误示例
        来电者：那医保报销到底找谁？——（话务员不答，直接挂机）
    """

    code = "MIS004"
    name = "hang_up"
    title = "转接错误的来电：强行挂断"
    category = "misroute"
    severity = "blocker"
    clause = "000-yingda-2-ji"
    families = ("misroute",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        cut = hung_up_on_caller(ctx)
        if cut is None:
            return
        caller_turn, hangup = cut
        yield self.missing(
            ctx, unheard_goodbye(ctx, caller_turn, hangup), t=hangup.t, quote="",
            message=f"来电者的话（“{caller_turn.text[:30]}”）还没有得到答复，话务员就挂断了电话",
            tip="来电者仍要咨询时要耐心解释，告诉对方该找的部门和电话，等对方先挂机",
        )
