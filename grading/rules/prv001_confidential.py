"""PRV001 询问其他来电者信息：没有说明资料保密。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._privacy import requests
from grading.rules._scenario import quote
from grading.rules.base import CallContext, Rule


class Confidential(Rule):
    """询问其他来电者的信息：没有用规范用语说明来电者资料保密。

    适用于所有通话（不论场景）：只要来电者打听其他来电者的信息就检查。

    检查什么
        来电者打听其他来电者的电话、身份（“刚才打电话的人是谁”“举报人是谁”“他的电话号码是多少”）之后，
        话务员的答复（来电者再开口之前说的话）里有“对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅”。

    为什么
        002 附件2 2(3)：“来电者询问其他来电者的电话信息时，应讲：
        ‘对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅。’”

    正确示例
        来电者：刚才打电话举报我的人是谁？——话务员：对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅。

    错误示例
        来电者：刚才打电话举报我的人是谁？——话务员：这个我不方便说。（没有说明资料保密，也没有致歉）
    """

    code = "PRV001"
    name = "confidential"
    title = "询问他人信息：没有说明资料保密"
    category = "privacy"
    severity = "major"
    clause = "002-fj2-2-3"
    families = ()  # every call: triggered by what the caller asks, whatever the scenario

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for turn, answer in requests(ctx):
            if not answer or any(ctx.has(e, "privacy_refusal") for e in answer):
                continue
            yield self.missing(
                ctx, answer, t=answer[0].t, quote=quote(answer[0]),
                message=f"来电者打听其他来电者的信息（“{turn.text[:20]}”），话务员没有说明来电者资料保密",
                tip="回答“对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅”",
            )
