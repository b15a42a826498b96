"""HAR001 骚扰来电：与来电者闲聊、开玩笑。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule


class NoChatting(Rule):
    """骚扰来电：话务员顺着骚扰者闲聊、说笑。

    检查什么
        骚扰来电中，话务员的话里有闲聊、说笑的成分：“哈哈”“你猜”“聊聊”等。每一句都记一次。

    为什么
        000 服务禁忌(八)：“与用户闲聊或开玩笑”；
        002 第二十七条：“解答内容应当准确、清晰、完整、简明扼要，切记聊天。”；
        002 附件2 3(3)：“遇到明显的骚扰电话时，一旦听出尽快结束电话，不必谈论过久。”

    正确示例
        对不起，您的问题与我们的服务无关，我将挂断您的电话。（随后挂机）

    错误示例
        哈哈，谢谢夸奖。一个人在家是挺无聊的，您平时都喜欢干点什么？
    """

    code = "HAR001"
    name = "no_chatting"
    title = "骚扰来电：闲聊、开玩笑"
    category = "harassment"
    severity = "major"
    clause = "000-jinji-8"
    families = ("harassment",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for e in replies(ctx):
            hit = ctx.has(e, "chat")
            if hit is None:
                continue
            yield self.finding(
                t=e.t, quote=quote(e),
                message="话务员顺着骚扰来电者闲聊、说笑",
                tip="不与骚扰者闲聊，直接说“对不起，您的问题与我们的服务无关，我将挂断您的电话”，然后挂机",
            )
