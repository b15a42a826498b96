"""TIM002 时间：来电者说完后长时间没有回应（冷场）。"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate

from grading.model import Event, Finding
from grading.rules._general import HoldSpan, hold_spans, on_hold, quote
from grading.rules._scenario import caller_cue
from grading.rules.base import CallContext, Rule

DEAD_AIR = 5.0  # seconds of silence while the caller waits
# What a caller says after waiting in silence for the operator: checking the line, or giving up.
# (A lone 喂 is not enough: 母乳喂养.)
CALLER_WAITED = ("喂喂", "还在吗", "在不在", "有人吗", "听得到吗", "能听到吗", "说话呀", "怎么不说话",
                 "算了", "算啦", "hello hello", "anyone there", "are you there", "never mind")
MAJOR_AFTER = 10.0


class _Index:
    """Sorted lookups over one record, so that each gap costs a bisection, not a scan."""

    def __init__(self, events: tuple[Event, ...], operator_turns: tuple[Event, ...]) -> None:
        self.times = [e.t for e in events]  # the record is in time order (checked when parsed)
        ops = sorted(operator_turns, key=lambda o: o.t)
        self.op_starts = [o.t for o in ops]
        self.op_ends = list(accumulate((o.stop for o in ops), max))  # latest end so far
        # actions[i]: the first event from i on that is not a ring, answer or unhold
        self.actions: list[Event | None] = [None] * (len(events) + 1)
        for i in range(len(events) - 1, -1, -1):
            skip = events[i].type in ("ring", "answer", "unhold")
            self.actions[i] = self.actions[i + 1] if skip else events[i]

    def operator_talking(self, t: float) -> bool:
        """An operator turn begun before ``t`` is still going on at ``t``."""
        begun = bisect_left(self.op_starts, t)
        return begun > 0 and self.op_ends[begun - 1] > t

    def next_action(self, t: float) -> Event | None:
        """The first event at or after ``t`` other than ring, answer and unhold."""
        return self.actions[bisect_left(self.times, t)]


class DeadAir(Rule):
    """时间：来电者说完后长时间没有回应（冷场）。

    检查什么
        来电者等着话务员开口时的空白：接听后到话务员第一句话；来电者一句话说完到话务员下一个动作
        （说话、保持、转接、挂机）；取消保持后到话务员开口。超过 5 秒记轻微问题，超过 10 秒记严重问题。
        来电者说完后等了 5 秒以上、话务员始终没有回应，来电者只好追问（“喂？还在吗？”“算了……”）
        或挂机的，同样算冷场（来电者道别“谢谢，再见”后挂机的不算）。
        不算冷场的情况：保持中（由查询等待规则检查）；来电者自己停顿后接着说；
        话务员说完后等来电者回答（来电者的沉默）；无声来电时两次提示之间的停顿。

    为什么
        000 服务应答规范 1 行为规范：“立即接听和招呼……忌：不出声，收线”；
        000 服务应答规范 4：“细心聆听，积极回应……忌：不出声”；
        001 用语示例 聆听（三）：“通话中聆听对方讲话时，要适时回应，使对方感到您在专注倾听”。

    正确示例
        （来电者说完）一秒内：好的，您是说……对吗？需要查询时先说“请稍等，我帮您查一下”再保持。

    错误示例
        （来电者问完电费问题）话务员 8 秒不出声，来电者：“喂？还在吗？”
    """

    code = "TIM002"
    name = "dead_air"
    title = "冷场：来电者等待时长时间无回应"
    category = "timing"
    severity = "minor"
    clause = "000-yingda-4"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        spans = hold_spans(ctx)
        events = ctx.record.events
        # Sorted lookups instead of a scan per gap keep the rule linear (a scan took 15 s on an
        # 8,000-turn record): event times (the record is in time order) and, for "the operator
        # is still talking", the latest end among the operator turns begun so far.
        index = _Index(events, ctx.operator_turns)
        answer = ctx.record.first("answer")
        if answer is not None:
            yield from self._gap(ctx, index, spans, answer.t, "接听后")
        for e in events:
            if e.type == "unhold":
                yield from self._gap(ctx, index, spans, e.t, "取消保持后")
            elif e.type == "say" and e.who == "caller":
                yield from self._gap(ctx, index, spans, e.stop, "来电者说完后")

    @staticmethod
    def _farewell(ctx: CallContext, stop: float) -> bool:
        """The caller's line that ended at ``stop`` says goodbye or thanks."""
        line = next((c for c in ctx.caller_turns if abs(c.stop - stop) < 1e-9), None)
        if line is None:
            return False
        find = ctx.matcher.find
        return any(find(line.text, act, ctx.match_context) is not None for act in ("goodbye", "thanks"))

    def _gap(
        self, ctx: CallContext, index: _Index, spans: list[HoldSpan], since: float, what: str
    ) -> Iterator[Finding]:
        if on_hold(spans, since):
            return
        # The operator is still talking (an overlapping turn) at that moment: no silence.
        if index.operator_talking(since):
            return
        nxt = index.next_action(since)
        if nxt is None:
            return
        gap = nxt.t - since
        if nxt.type == "hangup" and nxt.who == "caller" and what == "来电者说完后":
            # The caller gave up waiting: the operator's silence ended the call — unless the
            # caller's line was a farewell (谢谢，再见) and the caller simply left.
            if gap <= DEAD_AIR or self._farewell(ctx, since):
                return
            yield self.finding(
                t=round(since, 2), severity="major" if gap > MAJOR_AFTER else "minor",
                message=f"{what}冷场 {gap:.1f} 秒，话务员一直没有回应，来电者挂断了电话",
                tip="来电者说完及时回应；听不懂时说“对不起，请您慢点讲”，需要时间查询时先说“请稍等，我帮您查一下”",
            )
            return
        if nxt.who == "caller" or (nxt.type == "say" and nxt.who != "operator"):
            # The caller goes on after a pause of their own — unless the caller breaks the silence
            # to check the line or give up (喂？还在吗？/ 算了): the caller was waiting.
            if nxt.type != "say" or gap <= DEAD_AIR or caller_cue(ctx, nxt, CALLER_WAITED) is None:
                return
            yield self.finding(
                t=round(since, 2), severity="major" if gap > MAJOR_AFTER else "minor",
                message=f"{what}冷场 {gap:.1f} 秒，话务员一直没有回应，来电者只好追问",
                tip="来电者说完及时回应；听不懂时说“对不起，请您慢点讲”，需要时间查询时先说“请稍等，我帮您查一下”",
                quote="",
            )
            return
        if gap <= DEAD_AIR:
            return
        after = "说话" if nxt.type == "say" else {"hold": "保持通话", "transfer": "转接",
                                                "hangup": "挂机"}.get(nxt.type, nxt.type)
        yield self.finding(
            t=round(since, 2), severity="major" if gap > MAJOR_AFTER else "minor",
            quote=quote(nxt) if nxt.type == "say" else "",
            message=f"{what}冷场 {gap:.1f} 秒，话务员才{after}",
            tip="来电者说完及时回应；需要时间查询时先说“请稍等，我帮您查一下”，超过半分钟再提示一次",
        )
