"""OPN003 开场：接听后第一句没有询问来电者需求（请问有什么可以帮您 / 请讲）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import any_has, joined_quote, opening_turns
from grading.rules.base import CallContext, Rule

# Any way of inviting the caller to speak counts at pick-up.
OFFER_ACTS = ("offer_help", "prompt_silent", "anything_else")


class OfferHelp(Rule):
    """开场：接听后第一句没有询问来电者需求。

    检查什么
        话务员接听后的第一句话（问候、自报家门之后）主动询问来电者的需求：
        “请问有什么可以帮您？”“请讲”“请说”“请问您需要咨询什么问题”都可以。
        接听后一句话不说的情况由 OPN001 记录，这里不重复。

    为什么
        000 服务应答规范 1 用户电话进入：“您好，XXXX，请问有什么可以帮您？”忌：“喂，查什么？”；
        002 附件1 1 首问语：“您好，*（市）12320（为您服务），请讲。”；
        004 六 3.3：“先自报家门……再询问对方的要求等。”

    正确示例
        您好，12320卫生热线，请讲。

    错误示例
        您好，12320卫生热线。（说完就不出声，等来电者自己开口）
    """

    code = "OPN003"
    name = "offer_help"
    title = "开场没有询问需求"
    category = "opening"
    severity = "minor"
    clause = "000-yingda-1"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = ctx.operator_turns
        if not turns:
            return
        opening = opening_turns(ctx)
        first = opening[0]
        if any_has(ctx, opening, *OFFER_ACTS) is None:
            yield self.missing(
                ctx, opening, t=first.t, quote=joined_quote(opening),
                message="接听后的第一句话没有询问来电者的需求",
                tip=f"自报家门后接一句“{ctx.phrase('offer_help') or '请问有什么可以帮您'}？”",
            )
