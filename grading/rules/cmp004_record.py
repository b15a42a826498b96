"""CMP004 投诉来电：没有记录投诉。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._complaint import complaint_replies, thanked_for_suggestion
from grading.rules.base import CallContext, Rule


class ComplaintRecord(Rule):
    """投诉来电：没有告诉投诉者问题已经记录（登记）下来。

    检查什么
        来电者投诉后，话务员在通话中说明已记录、登记投诉：“您反映的情况我已经记录下来了”
        “我帮您登记”“我把您的问题记录下来报给相关部门尽快处理”。

    为什么
        000 服务应答规范 10：“耐心倾听投诉者的申诉，并做好记录”，“我已经记录下来了，我会向相关部门反映”；
        001 投诉处理的基本模式(四)：“我很理解您的心情，这样吧，我把您的问题记录下来报给相关部门尽快处理。”；
        002 附件2 1(6)：“若当时无法处理，应记录客户所反映的问题及联系方式”。

    正确示例
        您反映的号码错误的情况我已经记录下来了，会反馈给相关部门核实更正。

    错误示例
        通知是按规定发布的，您没看到，不能说我们没有通知。（投诉没有受理、没有记录）
    """

    code = "CMP004"
    name = "record"
    title = "投诉来电：没有记录投诉"
    category = "complaint"
    severity = "major"
    clause = "000-yingda-10"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = complaint_replies(ctx)
        if not turns or any(ctx.has(e, "record_problem") for e in turns):
            return
        if thanked_for_suggestion(ctx, turns):
            return  # 谢谢您的建议（批评），我们会尽快向上级部门反映: the suggestion is taken
        yield self.missing(
            ctx, turns, t=None,
            message="来电者投诉，话务员没有记录（登记）投诉，也没有告诉对方已经记录",
            tip="受理投诉并告诉对方：“您反映的情况我已经记录下来了，会转给相关部门处理”",
        )
