"""SIL002 无声来电：挂机前没有说告知语。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, silent_phase
from grading.rules.base import CallContext, Rule


class ClosingNotice(Rule):
    """无声来电：挂机前没有说告知语。

    检查什么
        来电者一直不出声、话务员先挂机时，挂机前话务员说过无声告知语
        “对不起，我听不到您的声音，请您重新拨打”（或同义的“您的电话没有声音，请您换一部电话再打来”）。
        来电者开口说话或先挂机时不检查。

    为什么
        002 附件2 2(4)：“对方仍无反应时，应主动提示‘对不起，我听不到您的声音，请您重新拨打。’
        稍停挂断电话。”000 服务应答规范 3：“忌：沉默收线”。

    正确示例
        ……您好，请问您能听到我的声音吗？（停三四秒）对不起，我听不到您的声音，请您重新拨打，
        谢谢您的来电，再见。（稍停挂机）

    错误示例
        ……您好，请问您能听到我的声音吗？（停三四秒，一言不发挂机）
    """

    code = "SIL002"
    name = "closing_notice"
    title = "无声来电：挂机前没有说告知语"
    category = "silent"
    severity = "blocker"
    clause = "002-fj2-2-4"
    families = ("silent",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        phase = silent_phase(ctx)
        if phase is None:
            return
        turns, hangup = phase
        if any(ctx.has(e, "silent_notice") for e in turns):
            return
        last = turns[-1] if turns else None
        yield self.missing(
            ctx, last, t=hangup.t, quote=quote(last),
            message="来电无声，话务员没有说无声告知语就挂机（沉默收线）",
            tip="挂机前先说“对不起，我听不到您的声音，请您重新拨打”，稍停再挂机",
        )
