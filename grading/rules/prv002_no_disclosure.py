"""PRV002 询问其他来电者信息：透露了号码等资料。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._privacy import requests
from grading.rules._scenario import quote
from grading.rules.base import CallContext, Rule

# Matcher score (0–100) from which an "answer" hit is taken as information actually given.
SURE = 99.5


class NoDisclosure(Rule):
    """询问其他来电者的信息：话务员把号码等资料告诉了对方。

    适用于所有通话（不论场景）：只要来电者打听其他来电者的信息就检查。

    检查什么
        来电者打听其他来电者的电话、身份之后，话务员的答复里报出了号码等信息（识别为“解答”行为：
        一串数字、地址等），而同一句里既没有说明资料保密，也不是指引对方去拨打某个部门的电话。

    为什么
        002 附件2 2(3)：“来电者询问其他来电者的电话信息时，应讲：
        ‘对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅。’”——其他来电者的资料一律不得透露。

    正确示例
        对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅。

    错误示例
        来电者：刚才打来的那个人电话多少？——话务员：我看一下，是一三九……
    """

    code = "PRV002"
    name = "no_disclosure"
    title = "询问他人信息：透露了资料"
    category = "privacy"
    severity = "blocker"
    clause = "002-fj2-2-3"
    families = ()  # every call: triggered by what the caller asks, whatever the scenario

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for turn, answer in requests(ctx):
            for e in answer:
                told = ctx.has(e, "answer")
                # Only a certain recognition (a number, an address, "号码是…") counts as disclosure:
                # a fuzzy near-miss of an answer phrase must not become a blocker.
                if told is None or told.score < SURE or ctx.has(e, "privacy_refusal", "refer"):
                    continue
                yield self.finding(
                    t=e.t, quote=quote(e),
                    message=f"来电者打听其他来电者的信息（“{turn.text[:20]}”），话务员透露了号码等资料",
                    tip="其他来电者的资料一律保密，回答“对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅”",
                )
                break
