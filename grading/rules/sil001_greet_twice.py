"""SIL001 无声来电：招呼不足两次就挂机。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import ADDRESS_ACTS, quote, silent_phase
from grading.rules.base import CallContext, Rule


class GreetTwice(Rule):
    """无声来电：招呼不足两次就挂机。

    检查什么
        来电者一直不出声、话务员先挂机时，挂机前话务员招呼来电者（问候、自报家门、
        “请问有什么可以帮您”、“请问您需要咨询什么问题”等提示）不少于两次。
        告知语“对不起，我听不到您的声音，请您重新拨打”不算招呼；只说“喂？喂？”也不算。
        来电者开口说话或先挂机时不检查。

    为什么
        000 服务应答规范 3（用户不出声或听不清楚）：“行为规范：礼貌招呼、提示。
        忌：沉默收线或招呼用户不足两次收线；招呼用语模糊不清”。

    正确示例
        您好，12320卫生热线，请讲。（停三四秒）您好，请问您需要咨询什么问题？（停三四秒）
        您好，请问您能听到我的声音吗？（停）对不起，我听不到您的声音，请您重新拨打。（挂机）

    错误示例
        您好，96128政务信息查询专线，请问有什么可以帮您？（对方无声，四秒后直接挂机）
    """

    code = "SIL001"
    name = "greet_twice"
    title = "无声来电：招呼不足两次就挂机"
    category = "silent"
    severity = "blocker"
    clause = "000-yingda-3-ji"
    families = ("silent",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        phase = silent_phase(ctx)
        if phase is None:
            return
        turns, hangup = phase
        addressed = [e for e in turns if ctx.has(e, *ADDRESS_ACTS) and not ctx.has(e, "silent_notice")]
        if len(addressed) >= 2:
            return
        last = turns[-1] if turns else None
        if not turns:
            message = "来电无声，话务员一句话没说就挂机（沉默收线）"
        else:
            message = f"来电无声，只招呼了 {len(addressed)} 次就挂机，规范要求至少招呼两次"
        yield self.missing(
            ctx, turns, t=hangup.t, quote=quote(last), message=message,
            tip=f"问候后停顿三四秒，再提示“{ctx.phrase('prompt_silent') or '您好，请问您需要咨询什么问题'}”，"
                "仍无声音再提示一次，然后说告知语再挂机",
        )
