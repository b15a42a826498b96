"""TIM001 时间：电话铃响三声（10 秒）内没有接听。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import profile_number
from grading.rules.base import CallContext, Rule

MAJOR_AFTER = 15.0  # seconds of ringing from which the delay is a major finding


class AnswerDelay(Rule):
    """时间：电话铃响三声（10 秒）内没有接听。

    检查什么
        从振铃到接听的秒数。超过热线档案的接听时限（默认 10 秒，即三声铃）记轻微问题，
        超过 15 秒（或时限的 1.5 倍，取大者）记严重问题。来电者在振铃中挂断、始终未接听的，
        按来电者等待的时间同样计算。

    为什么
        004 六 3.2：“电话铃响三声（10 秒）内应及时接听电话，首先要向对方问：您好！”
        000 服务应答规范 1 行为规范：“立即接听和招呼”。

    正确示例
        铃响第二声（约 3 秒）接起：您好，12320卫生热线，请问有什么可以帮您？

    错误示例
        铃响了 16 秒才接起电话。
    """

    code = "TIM001"
    name = "answer_delay"
    title = "接听不及时"
    category = "timing"
    severity = "minor"
    clause = "004-ting-3-2"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        events = ctx.record.events
        if not events:
            return
        ring = ctx.record.first("ring")
        start = ring.t if ring is not None else 0.0
        # A record without an answer event: the operator's first words mark the pick-up.
        answer = ctx.record.first("answer") or ctx.record.first("say", "operator")
        if answer is not None:
            waited, answered = answer.t - start, True
        else:
            waited, answered = max(e.t for e in events) - start, False
        limit = profile_number(ctx, ("answer_within",), 10.0)
        if waited <= limit + 1e-9:
            return
        major = waited > max(MAJOR_AFTER, limit * 1.5)
        what = f"振铃 {waited:.1f} 秒才接听" if answered else f"振铃 {waited:.1f} 秒始终没有接听"
        yield self.finding(
            t=answer.t if answer is not None else start + waited, severity="major" if major else "minor",
            message=f"{what}，超过 {limit:g} 秒（三声铃）的接听时限",
            tip="电话铃响三声（10 秒）内接起，先说“您好”",
        )
