"""HAR004 骚扰来电：周旋过久才结束通话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import first_with, quote, replies
from grading.rules.base import CallContext, Rule

# Replies before the standard line that are still "尽快结束": one redirect plus one more.
MAX_REPLIES = 2


class Prolonged(Rule):
    """骚扰来电：与骚扰者周旋多轮之后才说规范用语结束通话。

    检查什么
        话务员最终说了骚扰电话规范用语，但在此之前已经回应了骚扰者两次以上（允许先把话题引回服务一次，
        如“请问您有健康方面的问题需要咨询吗？”）。没有说规范用语的情形由 HAR002 检查。

    为什么
        002 附件2 3(3)：“遇到明显的骚扰电话时，一旦听出尽快结束电话，不必谈论过久。”；
        002 第二十七条：“切记聊天。”

    正确示例
        来电者：就想跟你聊聊。——话务员：先生，请问您有健康方面的问题需要咨询吗？——来电者：没有，你加我个微信呗。
        ——话务员：对不起，您的问题与我们的服务无关，我将挂断您的电话。（挂机）

    错误示例
        与来电者聊了三个来回（爱好、周末、工作），才说“对不起，您的问题与我们的服务无关，我将挂断您的电话”。
    """

    code = "HAR004"
    name = "prolonged"
    title = "骚扰来电：周旋过久"
    category = "harassment"
    severity = "major"
    clause = "002-fj2-3-3"
    families = ("harassment",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        line = first_with(ctx, turns, "harassment_line")
        if line is None:
            return
        earlier = [e for e in turns if e.t < line.t]
        if len(earlier) <= MAX_REPLIES:
            return
        yield self.finding(
            t=line.t, quote=quote(earlier[MAX_REPLIES]),
            message=f"话务员与骚扰者周旋了 {len(earlier)} 轮才结束通话",
            tip="一旦听出是骚扰电话就尽快结束：最多把话题引回服务一次，然后说规范用语并挂机",
        )
