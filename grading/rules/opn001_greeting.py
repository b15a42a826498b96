"""OPN001 开场：接听后第一句没有问候语“您好”。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import any_has, joined_quote, opening_turns
from grading.rules.base import CallContext, Rule


class Greeting(Rule):
    """开场：接听后第一句没有问候语“您好”。

    检查什么
        话务员接听后说的第一句话里有问候语（“您好”，节日、早上、下午等问候同样可以）。
        接听后一句话不说就挂机，也算没有问候。识别置信度低的第一句只记“识别不清”的轻微问题。

    为什么
        004 六 3.2：“电话铃响三声（10 秒）内应及时接听电话，首先要向对方问：您好！
        （早上好！中午好！下午好！）”；000 服务应答规范 1 用户电话进入：
        “您好，XXXX，请问有什么可以帮您？”忌：“喂，查什么？”

    正确示例
        您好，12320卫生热线，请问有什么可以帮您？

    错误示例
        喂，12320，什么事？
    """

    code = "OPN001"
    name = "greeting"
    title = "开场没有问候语"
    category = "opening"
    severity = "major"
    clause = "004-ting-3-2"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = ctx.operator_turns
        answer = ctx.record.first("answer")
        if not turns:
            if answer is not None:
                yield self.finding(
                    t=answer.t, message="接听后话务员一句话也没说，没有问候来电者",
                    tip="接起电话先说“您好”，再自报家门、询问需求",
                )
            return
        opening = opening_turns(ctx)
        first = opening[0]
        if any_has(ctx, opening, "greet") is None:
            yield self.missing(
                ctx, opening, t=first.t, quote=joined_quote(opening),
                message="接听后的第一句话没有问候语“您好”",
                tip=f"开口先问候：“{ctx.phrase('greet') or '您好'}”，再自报家门",
            )
