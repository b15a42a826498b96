"""OPN002 开场：接听后第一句没有自报家门（报出本热线名称）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._content import names_line
from grading.rules._general import joined_quote, opening_turns
from grading.rules.base import CallContext, Rule


class SelfIdentify(Rule):
    """开场：接听后第一句没有自报家门（报出本热线名称）。

    检查什么
        话务员接听后的第一句话报出了本热线的名称或简称（通话记录 hotline 的 name / aliases，
        如“12320卫生热线”“12320”），例如“您好，12320卫生热线”“这里是95598供电服务热线”
        “我是96128政务信息查询专线话务员”。报错了热线名称同样算没有自报家门。
        接听后一句话不说的情况由 OPN001 记录，这里不重复。通话没有热线名称时不检查。

    为什么
        001 电话礼仪 1：“电话铃一响，拿起电话机首先自报家门，然后，再询问对方来电的意图等。”
        004 六 3.3：“先自报家门，如‘您好，我是恒源热力集团话务员，请问有什么可以帮您’，
        再询问对方的要求等。”002 附件1 1 首问语：“您好，*（市）12320（为您服务），请讲。”

    正确示例
        您好，95598供电服务热线，请问有什么可以帮您？

    错误示例
        您好，请问有什么可以帮您？（没有报热线名称）
    """

    code = "OPN002"
    name = "self_identify"
    title = "开场没有自报家门"
    category = "opening"
    severity = "major"
    clause = "001-liyi-1"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        names = ctx.match_context.hotline_names
        turns = ctx.operator_turns
        if not names or not turns:
            return
        opening = opening_turns(ctx)
        first = opening[0]
        # The name itself must be said: a greeting shaped like the standard one (您好，请问有什么可以
        #帮您) is not 自报家门 without it, however close it sounds.
        if names_line(ctx, opening) is None:
            yield self.missing(
                ctx, opening, t=first.t, quote=joined_quote(opening),
                message=f"接听后的第一句话没有报出本热线名称“{names[0]}”",
                tip=f"问候后紧接着自报家门：“您好，{names[0]}，请问有什么可以帮您？”",
            )
