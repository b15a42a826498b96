"""OUT001 结局：通话走到了场景的失败结局（场景结束节点写明的原因）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import CATEGORIES, Finding
from grading.rules.base import CallContext, Rule


class ScenarioOutcome(Rule):
    """结局：通话走到了场景的失败结局。

    检查什么
        引擎生成的通话记录写有经过的节点（path）。最后一个节点是场景的失败结局
        （success: false）时，按该结束节点的 fail 写明的原因、条款和类别记一条一票否决的问题：
        通话本身已经说明学员没有处理好，报告不能说“通过”。同一类别已有一票否决的问题时
        （例如说了禁语、来电者因此挂断），不再重复记。手写的、没有 path 的记录不检查。

    为什么
        场景的失败结局是场景作者依据规范写下的事实，例如 000 服务禁忌（二）“用户挂机前主动挂机”、
        002 附件2 2(4)“来电者不讲话时……如仍无应答……再挂机”；
        000 服务应答流程：“问好、聆听、回应、解答、确认、愉快的结束”。

    正确示例
        无声来电：问候、两次提示、说告知语后挂机——结局 notice-then-hang-up（成功）。

    错误示例
        无声来电：只问候一次就挂机——结局 hung-up-after-greeting（失败：招呼不足两次就收线）。
    """

    code = "OUT001"
    name = "scenario_outcome"
    title = "通话以失败结局结束"
    category = "closing"
    severity = "blocker"
    clause = "000-liucheng"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        path = ctx.record.extra.get("path")
        facts = ctx.facts
        if not isinstance(path, list) or not path or facts is None:
            return
        end = facts.ending(str(path[-1]))
        if end is None or end.success:
            return
        category = end.category or next((f for f in ctx.families if f in CATEGORIES), self.category)
        note = end.note or f"通话以失败结局（{end.node}）结束"
        last = max((e.stop for e in ctx.record.events), default=None)
        yield self.finding(
            t=last, category=category, clause=end.clause or None,  # type: ignore[arg-type]
            message=f"通话结局不合格：{note.rstrip('。')}。",
            tip="对照所引条款重练这一情形：按规范把通话处理到来电者满意地结束",
        )
