"""CRT004 文明用语：来电者道谢时话务员不回礼。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import norm, quote
from grading.rules._scenario import caller_cue
from grading.rules.base import CallContext, Rule

# A caller turn this short that contains thanks is a thank-you, not a request with 谢谢 tacked on.
THANKS_TURN_MAX = 12
# What counts as returning the courtesy: 不客气/这是我们应该做的, 谢谢/感谢您的来电, 再见.
RETURN_ACTS = ("accept_praise", "thanks", "thank_feedback", "goodbye")
# A caller who calls to praise (表扬) must get a real answer to it some time before the call ends:
# 这是我们应该做的 / 谢谢您的表扬 / 感谢您对我们工作的肯定 — a bare 再见 is what 000 9 forbids.
PRAISE_CUES = ("表扬",)
PRAISE_ACTS = ("accept_praise", "thanks", "thank_feedback")


class ReturnThanks(Rule):
    """文明用语：来电者道谢时话务员不回礼。

    检查什么
        来电者说“谢谢”（一句简短的致谢，如“没有了，谢谢”“好的，谢谢你”）之后，话务员的下一句话
        有回礼：“不客气”“不用谢”“这是我们应该做的”，或“感谢您的来电”“再见”。
        来电者道谢后直接挂机、话务员没有再说话的，不检查。
        来电者打电话来表扬（“想表扬一下你们的师傅”）时，话务员在之后的话里要积极回应表扬
        （“谢谢您的表扬”“这是我们应该做的”“感谢您对我们工作的肯定”），只说“嗯，好”“再见”不算。

    为什么
        000 服务应答规范 9 结束用语和用户表扬：“当用户提出表扬或感谢时，应积极回应 忌：不回礼”；
        001 用语示例 致谢（二）：“当用户提出感谢时，应积极回应‘不用谢，这是我应该做的。’”；
        002 附件1 3(2)：“当来电者对您的服务表示感谢时，应回答：‘不必客气，这是我们应该做的。’”

    正确示例
        （来电者：好的，谢谢。）不客气，请问还有什么可以帮您？

    错误示例
        （来电者：好的，谢谢。）还有别的事吗？
    """

    code = "CRT004"
    name = "return_thanks"
    title = "来电者道谢时不回礼"
    category = "courtesy"
    severity = "minor"
    clause = "000-yingda-9"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        yield from self._praise(ctx)
        callers = ctx.caller_turns
        for i, said in enumerate(callers):
            if len(norm(said.text)) > THANKS_TURN_MAX:
                continue
            if ctx.matcher.find(said.text, "thanks", ctx.match_context) is None:
                continue
            until = callers[i + 1].t if i + 1 < len(callers) else float("inf")
            reply = next((e for e in ctx.operator_turns if said.t < e.t < until), None)
            if reply is None or ctx.has(reply, *RETURN_ACTS) is not None:
                continue
            yield self.missing(
                ctx, reply, t=reply.t, quote=quote(reply),
                message=f"来电者道谢（“{said.text.strip()}”）后没有回礼",
                tip="来电者道谢时先回应“不客气，这是我们应该做的”，再继续",
            )

    def _praise(self, ctx: CallContext) -> Iterator[Finding]:
        praise = next((c for c in ctx.caller_turns if caller_cue(ctx, c, PRAISE_CUES)), None)
        if praise is None:
            return
        later = [e for e in ctx.operator_turns if e.t > praise.t]
        if not later or any(ctx.has(e, *PRAISE_ACTS) for e in later):
            return
        yield self.missing(
            ctx, later, t=later[0].t, quote=quote(later[0]),
            message=f"来电者表扬（“{praise.text.strip()[:20]}”），话务员没有积极回应",
            tip="来电者表扬时回应“谢谢您的表扬，这是我们应该做的，希望您继续支持我们的工作”，并记录下来",
        )
