"""CLS002 结束：结束通话时没有致谢、道别（感谢您的来电 / 再见）。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import ending, is_anything_else, prescribed_end, quote
from grading.rules.base import CallContext, Rule


class Farewell(Rule):
    """结束：结束通话时没有致谢、道别。

    检查什么
        话务员结束通话的最后两句话里有致谢（“感谢您的来电”“谢谢”，或 001 作为感谢来电示例的
        “祝您愉快，再见”），通常再加“再见”。
        只说“再见”不致谢、或既不致谢也不道别，都记轻微问题。检查的通话：话务员自己挂机的；
        来电者挂机、而话务员已经开始道别（说了再见），或已经问过“请问还有什么可以帮您”、
        听到答复后又说了话的。来电者一句话没说、以规范告知语结束（无声来电、骚扰来电）、
        以转接结束的通话不检查；来电者自己说完就挂断、话务员来不及道别的，也不算话务员的问题。

    为什么
        000 服务应答规范 9 结束用语：“谢谢您的来电，请您在听到提示音后对我的服务做出评价，再见！”
        行为规范：“服务结束后不应立即挂机，应致谢。”忌：“再见”（只说再见、不致谢）；
        001 电话结束：“2、感谢客户来电 ‘祝您愉快，再见。’”；002 附件1 3(3)：“感谢您的来电，再见。”；
        004 六 3.7：“通话完毕，应等对方结束谈话再以‘再见’或‘谢谢’为结束语。”

    正确示例
        不客气，感谢您的来电，再见。

    错误示例
        （来电者：没有了。）好，再见。（只道别，不致谢）
    """

    code = "CLS002"
    name = "farewell"
    title = "结束时没有致谢道别"
    category = "closing"
    severity = "minor"
    clause = "000-yingda-9"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        end = ending(ctx)
        if end.kind not in ("caller_hangup", "operator_hangup") or end.t is None:
            return
        if not any(c.t < end.t for c in ctx.caller_turns) or prescribed_end(ctx, end):
            return
        turns = [e for e in ctx.operator_turns if e.t < end.t]
        if not turns:
            return
        last, closing = turns[-1], turns[-2:]
        thanked = any(ctx.has(e, "thanks") is not None for e in closing)
        bye = any(ctx.has(e, "goodbye") is not None for e in closing)
        if thanked:
            return
        if end.kind == "caller_hangup" and not bye:
            # The caller left before the operator began to close — unless the operator had asked
            # anything-else, heard the answer and spoke again without thanks or goodbye.
            asked = [e for e in turns if is_anything_else(ctx, e)]
            if not asked or last.t <= asked[-1].t:
                return
            if not any(asked[-1].stop <= c.t < last.t for c in ctx.caller_turns):
                return
        message = "结束时只说了“再见”，没有致谢" if bye else "结束通话时没有致谢、道别"
        yield self.missing(
            ctx, closing, t=last.t, quote=quote(last), message=message,
            tip="结束时说“感谢您的来电，再见”，等来电者先挂机",
        )
