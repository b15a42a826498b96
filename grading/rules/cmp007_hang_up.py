"""CMP007 投诉来电：挂断投诉者的电话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import hung_up_on_caller, unheard_goodbye
from grading.rules.base import CallContext, Rule


class ComplaintHangUp(Rule):
    """投诉来电：投诉者的话还没有得到答复，话务员就挂断了电话。

    检查什么
        话务员先挂机，而挂机前最后说话的是投诉者（对方还在申诉、追问或骂人）。
        说完“再见”后抢先挂机属于结束语类问题，不在这里检查。

    为什么
        002 附件2 3(2)：“遇到投诉者的咒骂时，应适当阻止投诉者咒骂，转移他的注意力，
        让他知道你愿意帮他解决问题……
        不要随便挂断投诉者的电话。”；001 投诉处理的基本模式(五)：“用户情绪激动，不肯挂机时，应讲：
        ‘我很理解您的心情，您别着急，慢慢说……’”。

    正确示例
        来电者：你们必须给我个说法！——话务员：我很理解您的心情，您别着急，慢慢说，您反映的问题我们会认真处理。

    错误示例
        来电者：你们必须给我个说法！——（话务员不答，直接挂机）
    """

    code = "CMP007"
    name = "hang_up"
    title = "投诉来电：挂断投诉者的电话"
    category = "complaint"
    severity = "blocker"
    clause = "002-fj2-3-2"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        cut = hung_up_on_caller(ctx)
        if cut is None:
            return
        caller_turn, hangup = cut
        yield self.missing(
            ctx, unheard_goodbye(ctx, caller_turn, hangup), t=hangup.t, quote="",
            message=f"投诉者的话（“{caller_turn.text[:30]}”）还没有得到答复，话务员就挂断了电话",
            tip="不要随便挂断投诉者的电话：安抚情绪（“我很理解您的心情，您别着急，慢慢说”），记录问题，等对方先挂机",
        )
