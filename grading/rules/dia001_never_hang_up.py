"""DIA001 方言/外语来电：挂断来电者的电话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import hung_up_on_caller, unheard_goodbye
from grading.rules.base import CallContext, Rule


class NeverHangUp(Rule):
    """方言、外语来电：沟通困难时挂断来电者的电话。

    检查什么
        话务员先挂机，而挂机前最后说话的是来电者（对方的话还没有得到答复）。
        正常解答、说完结束语之后抢先挂机属于结束语类问题，不在这里检查。

    为什么
        002 附件2 2(7)：“如来电者只能使用外语或方言，难以沟通时切忌挂断电话，应讲‘对不起，请您慢点讲’
        或将电话转至可以提供服务的咨询员。”

    正确示例
        来电者（粤语）：我普通話唔係幾好啊……——话务员：对不起，请您慢点讲，您是想问出入境管理处在哪里，对吗？

    错误示例
        来电者（粤语）：我普通話唔係幾好啊，我想問出入境……——（话务员挂机）
    """

    code = "DIA001"
    name = "never_hang_up"
    title = "方言来电：挂断电话"
    category = "dialect"
    severity = "blocker"
    clause = "002-fj2-2-7"
    families = ("dialect",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        cut = hung_up_on_caller(ctx)
        if cut is None:
            return
        caller_turn, hangup = cut
        yield self.missing(
            ctx, unheard_goodbye(ctx, caller_turn, hangup), t=hangup.t, quote="",
            message=f"来电者说方言（“{caller_turn.text[:24]}”），话还没有得到答复，话务员就挂断了电话",
            tip=f"难以沟通时切忌挂断电话：说“{ctx.phrase('ask_slow') or '对不起，请您慢点讲'}”，"
                "或将电话转给可以提供服务的咨询员",
        )
