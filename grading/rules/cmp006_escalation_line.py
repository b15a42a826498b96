"""CMP006 投诉来电：被质疑权限时没有用规范答复。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import after, caller_cue, quote
from grading.rules.base import CallContext, Rule

# What a caller says when questioning whether the operator can decide / asking for a superior
# (001 投诉处理的基本模式(六) 投诉升级或要求直接与高层对话).
CHALLENGES = (
    "你说了能算吗", "你说了算吗", "你说了算不算", "你说话算数吗", "你能作主吗", "你能做主吗",
    "你能够作主吗", "你做得了主吗", "你作得了主吗", "你做不了主", "你算老几",
    "叫你们领导来", "让你们领导来", "找你们领导", "让你们领导接电话", "叫你们领导接电话",
    "叫你们经理来", "找你们经理", "我要找领导", "让领导来跟我说",
)


class EscalationLine(Rule):
    """投诉来电：来电者质疑话务员的权限、要找领导时，没有用规范答复。

    检查什么
        来电者说“你说了能算吗？”“你能作主吗？”“叫你们领导来”之类的话之后，话务员的下一次答复
        （来电者再开口之前说的话）里有“为您服务、帮您解决问题是我的工作职责”，并接着提出解决方案。

    为什么
        001 投诉处理的基本模式(六)：“投诉升级或要求直接与高层对话（用户质疑处理人的权力是否能满足自己的要求，
        如：你说了能算吗？你能够作主吗？）××先生/小姐，为民服务、帮您解决问题是我的工作职责，
        我会根据规定尽力处理好您的问题的。”（接着向用户提供解决方案）；000 服务应答规范 10 同。

    正确示例
        来电者：你说了能算吗？——话务员：先生，请您相信我，为您服务、帮您解决问题是我的工作职责，
        我会根据规定尽力处理好您的问题，三个工作日内给您回复，您看可以吗？

    错误示例
        来电者：你说了能算吗？——话务员：我就是个接电话的，您要找领导就自己去找吧。
    """

    code = "CMP006"
    name = "escalation_line"
    title = "投诉来电：被质疑权限时没有规范答复"
    category = "complaint"
    severity = "major"
    clause = "001-tousu-6"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        callers = ctx.caller_turns
        for i, turn in enumerate(callers):
            if caller_cue(ctx, turn, CHALLENGES) is None:
                continue
            nxt = callers[i + 1].t if i + 1 < len(callers) else float("inf")
            answer = [e for e in after(ctx.operator_turns, turn.t) if e.t < nxt]
            if not answer or any(ctx.has(e, "escalation_line") for e in answer):
                continue
            yield self.missing(
                ctx, answer, t=answer[0].t, quote=quote(answer[0]),
                message=f"来电者质疑话务员的权限（“{turn.text[:20]}”），话务员没有用规范答复",
                tip=f"回答“{ctx.phrase('escalation_line') or '为您服务、帮您解决问题是我的工作职责'}"
                    "，我会根据规定尽力处理好您的问题”，接着提出解决方案",
            )
