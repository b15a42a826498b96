"""MIS001 转接错误的来电：没有致歉。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._misroute import redirect_window
from grading.rules._scenario import quote
from grading.rules.base import CallContext, Rule


class MisrouteApology(Rule):
    """转接错误的来电：告知对方打错（转错）之前或同时没有致歉。

    检查什么
        来电者要找的不是本热线时，话务员在说明“这里是×××”或指引对方另拨电话的那一句里
        （或在它之前）先说“对不起”“很抱歉”等致歉语。

    为什么
        000 服务应答规范 2（当用户电话被错误接入）：“对不起，刚才给您转接的同事可能没能充分理解您的意思，
        我这里是×××部门，您咨询的问题，请致电×××部门电话：×××转×××查询即可”；
        001 用语示例 问候(二)：“当接到转接错误的电话时，应答语为：对不起，话务员可能没有理解您的意思，
        我这里是×××部门……”；
        002 附件2 2(1)：“遇到来电者打错电话时，应讲：‘对不起，这里是12320咨询服务中心……’”。

    正确示例
        对不起，先生，这里是12320卫生热线，电费的问题请您拨打95598供电服务热线。

    错误示例
        这里是95598供电服务热线，疫苗的问题请您拨打12320卫生热线咨询。（没有致歉）
    """

    code = "MIS001"
    name = "apology"
    title = "转接错误的来电：没有致歉"
    category = "misroute"
    severity = "major"
    clause = "000-yingda-2"
    families = ("misroute",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        window, redirect = redirect_window(ctx)
        if not window or any(ctx.has(e, "apologise") for e in window):
            return
        where = redirect or window[-1]
        yield self.missing(
            ctx, window, t=where.t, quote=quote(where),
            message="来电者打错（转错）了热线，话务员说明本线、指引他处时没有先致歉",
            tip="先致歉再说明：“对不起，话务员可能没有理解您的意思，"
                f"{ctx.phrase('state_line') or '我这里是×××'}，您咨询的问题请致电×××”",
        )
