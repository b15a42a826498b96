"""CLS003 结束：来电者还没挂机，话务员先挂断了电话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import (
    ending,
    last_operator_turn,
    may_end_with_line,
    prescribed_end,
    quote,
    turns_before,
)
from grading.rules.base import CallContext, Rule


class HangUpFirst(Rule):
    """结束：来电者还没挂机，话务员先挂断了电话。

    检查什么
        通话以话务员挂机结束、来电者此前没有挂机（也没有转接）。
        规范要求话务员主动结束通话的情况除外：无声来电（或来电者始终没出声）和骚扰来电，
        最后一两句说了规范告知语——“对不起，我听不到您的声音，请您重新拨打”，
        “对不起，您的问题与我们的服务无关，我将挂断您的电话”——之后挂机是对的。
        其他来电（如方言来电）说了这些话再挂机，仍然算先挂机。无声、骚扰来电最后一两句
        识别置信度低（可能说了告知语却没识别出来）时，只记“识别不清”的轻微问题。

    为什么
        000 服务禁忌（二）：“用户挂机前主动挂机”；001 电话礼仪 4：“电话内容讲完，应等对方
        结束谈话再以‘再见’为结束语。对方放下话筒之后，自己再轻轻放下，以示对对方的尊敬。”
        004 六 3.7 同样要求“对方放下话筒之后，自己再轻轻放下”。

    正确示例
        感谢您的来电，再见。（等来电者先挂机）

    错误示例
        好的，感谢您的来电，再见。（话音刚落就挂机，来电者还在线上）
    """

    code = "CLS003"
    name = "hang_up_first"
    title = "话务员先于来电者挂机"
    category = "closing"
    severity = "major"
    clause = "000-jinji-2"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        end = ending(ctx)
        if end.kind != "operator_hangup" or end.event is None or prescribed_end(ctx, end):
            return
        last = last_operator_turn(ctx, end.event.t + 1e-6)
        after = f"（最后一句话结束后 {max(0.0, end.event.t - last.stop):.1f} 秒）" if last is not None else ""
        message = f"来电者还没有挂机，话务员先挂断了电话{after}"
        tip = "道别后稍等，让来电者先挂机，自己再轻轻挂断"
        if may_end_with_line(ctx, end):
            # The prescribed line would have excused the hang-up: if the recogniser was unsure of the
            # last turns, it may have been said (a bad microphone must not fail the call).
            last_two = turns_before(ctx.operator_turns, end.event.t + 1e-6)[-2:]
            yield self.missing(ctx, last_two, t=end.event.t, quote=quote(last),
                               message=f"{message}，挂机前没有说规范告知语", tip=tip)
            return
        yield self.finding(t=end.event.t, quote=quote(last), message=message, tip=tip)
