"""OUT003 中断：通话被中断（程序故障、强行退出），没有正常结束。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules.base import CallContext, Rule


class Interrupted(Rule):
    """中断：通话没有正常结束（记录标明 interrupted）。

    检查什么
        程序在通话中被关闭、出故障或被强行结束时，记录带 ``interrupted: true``。
        这样的通话没有完成，记一条一票否决的问题：考试中中断的通话永远不算通过，
        练习中也只作参考。

    为什么
        000 服务应答流程：“问好、聆听、回应、解答、确认、愉快的结束”——没有结束的通话不完整。

    正确示例
        与来电者完成通话，等来电者先挂机后再结束。

    错误示例
        考试通话进行到一半按 Ctrl+Q 退出程序。
    """

    code = "OUT003"
    name = "interrupted"
    title = "通话被中断"
    category = "closing"
    severity = "blocker"
    clause = "000-liucheng"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if ctx.record.extra.get("interrupted") is not True:
            return
        last = max((e.stop for e in ctx.record.events), default=None)
        yield self.finding(t=last, message="通话被中断，没有正常结束，不能算通过。",
                           tip="完整地处理完通话；考试中途退出也算用掉一次机会")
