"""CLS001 结束：结束通话前没有询问“请问还有什么可以帮您”。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import (
    FAREWELL_ACTS,
    ending,
    is_anything_else,
    last_operator_turn,
    opening_turns,
    prescribed_end,
    quote,
)
from grading.rules.base import CallContext, Rule


class AnythingElse(Rule):
    """结束：结束通话前没有询问“请问还有什么可以帮您”。

    检查什么
        一通有来电者说话、以挂机结束的通话里，话务员在开场之后至少问过一次
        “请问还有什么可以帮您”（或“您还有其他问题需要咨询吗”等同义说法）。
        开场时的“请问有什么可以帮您”不算。以下情况不检查：
        以转接结束的通话；来电者一句话没说的通话；以规范告知语（无声来电的
        “我听不到您的声音，请您重新拨打”、骚扰来电的“您的问题与我们的服务无关，我将挂断您的电话”）
        结束的通话；话务员还没开始结束语、来电者就自己挂断的通话。

    为什么
        000 服务应答规范 5 行为规范：“向用户解释清楚一个问题后，不应马上挂机，而应询问：
        ‘请问还有什么可以帮您？’”；001 基本电话礼仪规范—电话结束：“1、确认客户已没有其他问题
        参考话术：‘您看我还能帮助您做些什么？’”；002 附件1 3(1)：“请问，还有什么可以帮助您？”

    正确示例
        ……您打过去问一下需要准备哪些材料。请问还有什么可以帮您？（来电者：没有了。）
        感谢您的来电，再见。

    错误示例
        ……请您拨打12306铁路客服电话。（来电者：哦，好的。）好的，感谢您的来电，再见。
    """

    code = "CLS001"
    name = "anything_else"
    title = "结束前没有询问其他需求"
    category = "closing"
    severity = "minor"
    clause = "000-yingda-5"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        end = ending(ctx)
        if end.kind not in ("caller_hangup", "operator_hangup") or end.t is None:
            return
        if not any(c.t < end.t for c in ctx.caller_turns) or prescribed_end(ctx, end):
            return
        last = last_operator_turn(ctx, end.t + 1e-6)
        if last is None:
            return
        # The caller left before the operator began to close: the caller's choice, not a fault here.
        if end.kind == "caller_hangup" and ctx.has(last, *FAREWELL_ACTS) is None:
            return
        opening = {e.index for e in opening_turns(ctx)}
        candidates = [e for e in ctx.operator_turns if e.t < end.t and e.index not in opening]
        if any(is_anything_else(ctx, e) for e in candidates):
            return
        yield self.missing(
            ctx, candidates[-3:], t=last.t, quote=quote(last),
            message="结束通话前没有询问来电者是否还有其他需要",
            tip=f"解答完毕后先问一句“{ctx.phrase('anything_else') or '请问还有什么可以帮您'}？”，"
                "来电者确认没有了再致谢道别",
        )
