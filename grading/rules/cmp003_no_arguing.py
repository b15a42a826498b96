"""CMP003 投诉来电：与来电者争执。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._complaint import complaint_replies
from grading.rules._scenario import quote
from grading.rules.base import CallContext, Rule


class NoArguing(Rule):
    """投诉来电：与投诉者争执、反驳。

    检查什么
        话务员对投诉者说了争辩、反驳的话：“不是这样的”“你听我说”“那是你自己的问题”等。
        每一句都记一次。

    为什么
        000 服务应答规范 10：“耐心倾听投诉者的申诉，并做好记录，不与用户发生争执”；
        000 服务禁忌(五)：“与用户发生争执”；001 投诉处理的基本模式(三)：“不要打断用户的话或进行反驳，
        以免引起用户不快”；002 附件2 1(6)：“切忌与客户争辩或讲服务禁语”；
        004 六 3.6：“接到抱怨或投诉电话时，不与对方争执”。

    正确示例
        您反映没有收到停电通知的情况，我已经记录下来了，会转给相关部门核实，三个工作日内给您回复，您看可以吗？

    错误示例
        先生，不是这样的。今天是计划检修停电，三天前我们就发了停电通知。
    """

    code = "CMP003"
    name = "no_arguing"
    title = "投诉来电：与来电者争执"
    category = "complaint"
    severity = "blocker"
    clause = "000-jinji-5"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for e in complaint_replies(ctx):
            hit = ctx.has(e, "argue")
            if hit is None:
                continue
            yield self.finding(
                t=e.t, quote=hit.quote or quote(e),
                message="话务员与投诉者争辩、反驳，激化了矛盾",
                tip="不与用户争执：先安抚（“我理解您的心情”），记录问题，再婉转说明情况和处理办法",
            )
