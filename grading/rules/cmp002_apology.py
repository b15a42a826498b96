"""CMP002 投诉来电：始终没有致歉。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._complaint import complaint_replies, thanked_for_suggestion
from grading.rules.base import CallContext, Rule


class ComplaintApology(Rule):
    """投诉来电：整个通话没有向投诉者致歉。

    检查什么
        来电者投诉后，话务员在通话中至少致歉一次：“对不起”“很抱歉”“给您添麻烦了”。

    为什么
        000 服务应答规范 10（遇到来电投诉的用户）：“很抱歉…是我们的工作没做到位，给您添麻烦了”，
        “若错误出自本身，应立即向用户致歉”；001 投诉处理的基本模式(三)：
        “在受理完用户的投诉及建议后向用户致歉，并向用户婉转说明，以取得用户的谅解”；
        002 附件2 1(3)：“对不起，由于我们服务不周给您带来不便，请您原谅。”

    正确示例
        停电没有提前通知，给您添麻烦了，很抱歉。您反映的情况我已经记录下来了……

    错误示例
        计划检修停电是按规定提前公告的，不存在赔偿的问题。（自始至终没有一句致歉）
    """

    code = "CMP002"
    name = "apology"
    title = "投诉来电：没有致歉"
    category = "complaint"
    severity = "major"
    clause = "000-yingda-10"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = complaint_replies(ctx)
        if not turns or any(ctx.has(e, "apologise") for e in turns):
            return
        # A suggestion or criticism is answered with thanks, not an apology (000 服务应答规范 6
        # “谢谢您的建议（批评）”; 004 四 2.5).
        if thanked_for_suggestion(ctx, turns):
            return
        yield self.missing(
            ctx, turns, t=None,
            message="来电者投诉，话务员整个通话没有致歉",
            tip="向投诉者诚恳致歉：“很抱歉，给您添麻烦了”，再说明处理办法",
        )

