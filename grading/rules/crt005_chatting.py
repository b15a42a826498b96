"""CRT005 服务禁忌：与来电者闲聊或开玩笑（任何来电）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule

# Calls graded with the harassment family: chatting with a harasser is HAR001 (category harassment).
HARASSMENT = "harassment"


class Chatting(Rule):
    """服务禁忌：与来电者闲聊、开玩笑（任何来电）。

    适用于所有来电；骚扰来电中顺着骚扰者闲聊由 HAR001 记在“骚扰”类别下，这里不重复记。

    检查什么
        来电者开口以后，话务员的话里有闲聊、说笑的成分（话语行为 chat：“哈哈”“你猜”“聊聊”
        “您可真逗”，打听对方的私事、爱好等）。每一句都记一次（同一规则最多扣两次的分）。
        表扬、道谢的来电也一样：回应表扬要用规范用语，不能顺势拉家常、说笑。

    为什么
        000 服务禁忌（八）：“与用户闲聊或开玩笑”；
        002 第二十七条：“解答内容应当准确、清晰、完整、简明扼要，切记聊天。”

    正确示例
        奶奶，谢谢您的表扬，这是我们应该做的，希望您继续支持我们的工作。

    错误示例
        哈哈，奶奶您真客气，昨晚那雨下得可真大，您家那边积水了没有？
    """

    code = "CRT005"
    name = "chatting"
    title = "与来电者闲聊、开玩笑"
    category = "courtesy"
    severity = "major"
    clause = "000-jinji-8"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if HARASSMENT in ctx.families:
            return  # HAR001
        for e in replies(ctx):
            if ctx.has(e, "chat") is None:
                continue
            yield self.finding(
                t=e.t, quote=quote(e),
                message="话务员与来电者闲聊、说笑",
                tip="围绕来电者的诉求简明扼要地答复；来电者表扬时说“这是我们应该做的，"
                    "希望您继续支持我们的工作”，不拉家常、不开玩笑",
            )
