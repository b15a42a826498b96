"""CMP001 投诉来电：没有先处理感情。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._complaint import first_reply
from grading.rules._scenario import FEELING_ACTS, quote
from grading.rules.base import CallContext, Rule


class FeelingsFirst(Rule):
    """投诉来电：第一句答复没有先安抚情绪（先处理感情，再处理事情）。

    检查什么
        来电者开始投诉后，话务员的第一句实质性答复里有安抚、共情或致歉：
        “您别着急，慢慢说”“我理解您的心情”“很抱歉，给您添麻烦了”“很感谢您的宝贵意见”等；
        一上来就解释原因、讲道理、问信息，不合格。“嗯”“是”这样的简短回应不算第一句答复。

    为什么
        001 投诉处理 处理投诉的要诀：“先处理感情；再处理事情！”；001 投诉处理的基本模式(二)(三)：
        “礼貌接待投诉用户，安抚投诉者的情绪……在聆听的过程中用同理心的方法去缓和用户的情绪”；
        002 附件2 1(6)：“遇到来电者情绪比较激动时……适时用一些‘您的心情我理解’等语言
        安抚来电者的情绪并适当处理。”

    正确示例
        先生，您别着急，慢慢说。停电给您和家人带来这么大的不便，我非常理解您的心情，真的很抱歉。

    错误示例
        先生，今天是计划检修停电，三天前我们就在小区公告栏和网上发了停电通知。
    """

    code = "CMP001"
    name = "feelings_first"
    title = "投诉来电：没有先处理感情"
    category = "complaint"
    severity = "major"
    clause = "001-tousu-yaojue"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        reply = first_reply(ctx)
        if reply is None or ctx.has(reply, *FEELING_ACTS):
            return
        yield self.missing(
            ctx, reply, t=reply.t, quote=quote(reply),
            message="来电者在投诉，话务员的第一句答复没有先安抚情绪，就直接处理事情",
            tip=f"先处理感情，再处理事情：先说“{ctx.phrase('soothe') or '您别着急，慢慢说'}”"
                f"“{ctx.phrase('empathise') or '我理解您的心情'}”，再了解和解决问题",
        )
