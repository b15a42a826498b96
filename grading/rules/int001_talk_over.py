"""INT001 打断：来电者还没说完，话务员就抢着说话。"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._general import quote, substantive_chars
from grading.rules.base import CallContext, Rule

EARLY = 1.0  # seconds before the caller's line ends
MIN_CHARS = 4  # characters besides backchannels (嗯、好的、是、我明白……)


class TalkOver(Rule):
    """打断：来电者还没说完，话务员就抢着说话。

    检查什么
        话务员在来电者一句话结束前 1 秒以上就开口，而且这句话去掉首尾的应答词
        （“嗯”“好的”“是”“对”“我明白”“我理解”“是这样”等）后还有 4 个字以上。
        简短的应答（“嗯，好的”）是积极倾听，不算打断；来电者插话到话务员的话里也不算。
        以“对不起，我打断一下”“请允许我打断一下”开头的礼貌插话不记。每次抢话记一个问题。

    为什么
        000 服务禁忌（一）：“轻易打断用户、插话或转移话题”；000 服务应答规范 4：
        “忌：不出声，强行插话，急于抢答或收线”；001 投诉处理的基本模式（三）：
        “不要打断用户的话或进行反驳”；002 附件2 2(6)：“应耐心听其讲完，不要抢话或抢白”。

    正确示例
        （来电者说话时）嗯……是……（等来电者说完）您是说护士给您父亲扎了四次针，对吗？

    错误示例
        （来电者还有 3 秒才说完）您别着急，您是要反映护士的服务态度问题，对吗？
    """

    code = "INT001"
    name = "talk_over"
    title = "抢话、打断来电者"
    category = "interrupt"
    severity = "major"
    clause = "000-jinji-1"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        # The caller line still running at each operator turn is the one, among those begun
        # before it, that ends last: a prefix maximum over the caller turns in time order keeps
        # the rule linear (comparing every pair took 18 s on an 8,000-turn record).
        callers = sorted(ctx.caller_turns, key=lambda c: c.t)
        starts = [c.t for c in callers]
        longest: list[Event] = []
        for c in callers:
            longest.append(c if not longest or c.stop > longest[-1].stop else longest[-1])
        for turn in ctx.operator_turns:
            begun = bisect_left(starts, turn.t)
            if not begun or not turn.t <= longest[begun - 1].stop - EARLY:
                continue
            if substantive_chars(turn.text) < MIN_CHARS:
                continue
            if ctx.has(turn, "interrupt_politely") is not None:
                continue
            caller = longest[begun - 1]
            yield self.finding(
                t=turn.t, quote=quote(turn),
                message=f"来电者还没说完（还有 {caller.stop - turn.t:.1f} 秒），话务员就开始说话",
                tip="耐心听来电者说完，期间只用“嗯”“是”简短回应；确需插话时先说“对不起，我打断一下”",
            )
