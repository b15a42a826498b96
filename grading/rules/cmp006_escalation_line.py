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
    "你能够作主吗", "你做得了主吗", "你作得了主吗", "你能不能做主", "你能不能作主", "你做不了主",
    "你算老几",
    "叫你们领导来", "让你们领导来", "找你们领导", "让你们领导接电话", "叫你们领导接电话",
    "叫你们经理来", "找你们经理", "我要找领导", "让领导来跟我说",
)

# Silence (seconds) after a challenge that counts as 冷场 when the operator never answers it.
SILENT_GAP = 3.0
TIP = ("回答“先生/女士，请您相信我，为您服务、帮您解决问题是我的工作职责，我会根据规定尽力处理好您的问题”，"
       "接着提出解决方案")


class EscalationLine(Rule):
    """投诉来电：来电者质疑话务员的权限、要找领导时，没有用规范答复。

    检查什么
        来电者说“你说了能算吗？”“你能作主吗？”“叫你们领导来”之类的话之后，话务员（可以先安抚一句）
        答以“为您服务、帮您解决问题是我的工作职责”，并接着提出解决方案；或者说明原因、征得同意后
        把电话转给值班班长等能作主的人。一直没有这样答复，或者冷场不回应（三秒以上不出声），不合格。

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
        transferred = ctx.record.first("transfer")
        callers = ctx.caller_turns
        for i, turn in enumerate(callers):
            if caller_cue(ctx, turn, CHALLENGES) is None:
                continue
            if transferred is not None and transferred.t > turn.t:
                continue  # handed over to someone above (explaining and consent: TRF001/TRF002)
            later = after(ctx.operator_turns, turn.stop)
            if any(ctx.has(e, "escalation_line") for e in later):
                continue
            if later:
                yield self.missing(
                    ctx, later, t=later[0].t, quote=quote(later[0]),
                    message=f"来电者质疑话务员的权限（“{turn.text[:20]}”），话务员没有用规范答复",
                    tip=TIP,
                )
                return
            # No answer at all: dead air until the caller spoke again or gave up.
            nxt = callers[i + 1].t if i + 1 < len(callers) else None
            gone = ctx.record.first("hangup", "caller")
            resumed = min((x for x in (nxt, gone.t if gone else None) if x is not None), default=None)
            if resumed is not None and resumed - turn.stop >= SILENT_GAP:
                yield self.finding(
                    t=turn.stop, quote="",
                    message=f"来电者质疑话务员的权限（“{turn.text[:20]}”），话务员冷场不回应",
                    tip=TIP,
                )
                return
