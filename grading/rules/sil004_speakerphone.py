"""SIL004 听不清的来电：反复请对方重说，却不问是否使用免提。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule

# Asking to repeat this many times means the operator cannot hear the caller (声音小或杂音大).
REPEATS = 2
# What the standard has the operator do instead: ask about the speakerphone, or another phone.
REMEDY_ACTS = ("ask_speakerphone", "silent_notice")
# Dialect callers are asked to repeat because they are hard to understand, not to hear: DIA002.
DIALECT = "dialect"


class Speakerphone(Rule):
    """听不清的来电：反复请来电者再说一遍，却不问是否使用免提、不请对方拿起话筒。

    适用于所有来电（方言、外语来电的“难以沟通”由 DIA002 检查）。

    检查什么
        话务员两次以上请来电者“再说一遍”（听不清对方）时，在通话中询问过是否使用免提、
        请对方拿起话筒说话，或请对方换一部电话拨打。只请重复一次就听清了的，不检查。

    为什么
        002 附件2 2(5)：“来电者使用免提电话或杂音太大时，应主动询问‘对不起，您的声音很小/杂音很大，
        请问您是不是使用免提方式？（若是）请拿起话筒说话好吗？（若不是）请您再讲一遍好吗
        （或请用其他电话拨打好吗）？’”；
        000 服务应答规范 3 用户不出声或听不清楚：“礼貌招呼、提示”。

    严重程度
        轻微；一直只请对方重说、来电者听不清楚只好挂机（最后一句仍是“请您再说一遍”），服务没有完成，
        记严重问题（profiles.yaml 的评分政策）。

    正确示例
        对不起，您的声音很小，请问您是不是使用免提方式？请拿起话筒说话好吗？

    错误示例
        请您再说一遍。……请您再说一遍。（之后一直不问免提，来电者只好放弃）
    """

    code = "SIL004"
    name = "speakerphone"
    title = "听不清时只让对方重说，不问免提"
    category = "silent"
    severity = "minor"
    clause = "002-fj2-2-5"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if DIALECT in ctx.families:
            return
        turns = replies(ctx)
        repeats = [e for e in turns if ctx.has(e, "ask_repeat")]
        if len(repeats) < REPEATS:
            return
        if any(ctx.has(e, *REMEDY_ACTS) for e in turns):
            return
        gave_up = _caller_gave_up(ctx, turns, repeats[-1])
        message = f"听不清来电者，{len(repeats)} 次请对方再说一遍，却没有询问是否使用免提"
        if gave_up:
            message += "，来电者只好挂机，问题没有得到解答"
        yield self.missing(
            ctx, turns, t=repeats[1].t, quote=quote(repeats[1]), severity="major" if gave_up else None,
            message=message,
            tip="说“对不起，您的声音很小，请问您是不是使用免提方式？请拿起话筒说话好吗？”；"
                "不是免提的，请对方换一部电话拨打",
        )


def _caller_gave_up(ctx: CallContext, turns: list[Event], last_repeat: Event) -> bool:
    """The caller hung up first, and the operator's last words before it were still a request to
    repeat: the call ended with the caller not heard at all."""
    gone = ctx.record.first("hangup", "caller")
    if gone is None:
        return False
    operator_gone = ctx.record.first("hangup", "operator")
    if operator_gone is not None and operator_gone.t < gone.t:
        return False
    before = [e for e in turns if e.t < gone.t]
    return bool(before) and before[-1] is last_repeat
