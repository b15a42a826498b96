"""HLD003 查询等待：查询超过半分钟没有再次提示来电者。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import hold_spans, operator_turns_between, profile_number, quote
from grading.rules.base import CallContext, Rule

LIMIT = 30.0  # 002 附件1 2(4): 如果查询超过大约半分钟，应再次提示对方 (profile hold_reprompt)
LOOKUP_ACTS = ("announce_lookup", "still_looking")


class LongLookup(Rule):
    """查询等待：查询超过半分钟没有再次提示来电者。

    检查什么
        来电者等待查询时，连续超过 30 秒（热线档案的 hold_reprompt）听不到话务员的声音：
        一次保持（hold 到 unhold，或到挂机、转接）中间没有任何一句话超过 30 秒；或者不按保持、
        说了“请稍等”之后超过 30 秒不出声。中途取消保持说一句“我正在为您查询，请您稍等”就重新计时。

    为什么
        002 附件1 2(4)：“如果查询超过大约半分钟，应再次提示对方‘我正在为您查询，请您稍等。’”；
        000 服务应答规范 5 行为规范：“如需查询时间较长，要向用户交待清楚所需大约时间”。

    正确示例
        请稍等，我帮您查一下。（保持 24 秒）我正在为您查询，还需要二十秒，请您稍等。
        （保持 14 秒）对不起，让您久等了……

    错误示例
        请稍等，我帮您查一下。（保持 56 秒，中间没有任何提示）对不起，让您久等了……
    """

    code = "HLD003"
    name = "long_lookup"
    title = "长时间查询没有再次提示"
    category = "hold"
    severity = "major"
    clause = "002-fj1-2-4"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        limit = profile_number(ctx, ("hold_reprompt",), LIMIT)
        spans = hold_spans(ctx)
        for span in spans:
            inside = operator_turns_between(ctx, span.hold.t, span.end)
            marks = [span.hold.t]
            for e in inside:
                marks.extend((e.t, e.stop))
            marks.append(span.end)
            silences = [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
            start, stop = max(silences, key=lambda s: s[1] - s[0])
            if stop - start > limit:
                yield self.finding(
                    t=span.hold.t,
                    message=f"保持通话 {span.seconds:.0f} 秒，其中连续 {stop - start:.0f} 秒"
                            "没有再次提示来电者",
                    tip=f"查询超过半分钟时取消保持，提示“{_still(ctx)}”，并说明大约还要多久",
                )
        # A lookup without the hold button: 请稍等, then the line goes quiet.
        for turn in ctx.operator_turns:
            if ctx.has(turn, *LOOKUP_ACTS) is None:
                continue
            nxt = next((e for e in ctx.record.events if e.t > turn.stop and e.type != "ring"), None)
            if nxt is None or nxt.type in ("hold", "unhold"):
                continue
            gap = nxt.t - turn.stop
            if gap > limit:
                yield self.finding(
                    t=turn.t, quote=quote(turn),
                    message=f"说了“请稍等”后 {gap:.0f} 秒没有出声，中途没有再次提示来电者",
                    tip=f"查询超过半分钟时提示“{_still(ctx)}”",
                )


def _still(ctx: CallContext) -> str:
    return ctx.phrase("still_looking") or "我正在为您查询，请您稍等"
