"""OUT002 空通话：电话没有接听、接听后一句话没说，或记录里什么都没有。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules.base import CallContext, Rule


class EmptyCall(Rule):
    """空通话：电话没有接听，或接听后话务员一句话也没说。

    检查什么
        记录里没有任何事件、只有振铃、始终没有接听，或接听了却没有话务员说的话：
        这样的通话什么都没有处理，记一条一票否决的问题——不能因为“没有做错什么”而通过。
        考试中这算用掉一次机会且不合格。

    为什么
        002 第十八条：“严禁因违规操作导致电话接通无人接听的情况。”
        000 服务应答规范 1 忌：“不出声，收线”；004 六 3.2：“电话铃响三声（10 秒）内应及时接听电话”。

    正确示例
        铃响两声接起：您好，12320卫生热线，请问有什么可以帮您？

    错误示例
        电话还在响铃就按了结束；或接起后一言不发直到对方挂断。
    """

    code = "OUT002"
    name = "empty_call"
    title = "空通话（未接听或未说话）"
    category = "opening"
    severity = "blocker"
    clause = "002-tiao-18"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        record = ctx.record
        if ctx.operator_turns:
            return
        events = record.events
        answer = record.first("answer")
        last = max((e.stop for e in events), default=None)
        if not events:
            yield self.finding(
                t=None, category="timing",
                message="通话记录里没有任何内容：没有振铃、接听和对话，不能算通过。",
                tip="完整地接听一通电话：铃响三声内接起，先问候并自报家门",
            )
        elif answer is None:
            yield self.finding(
                t=last, category="timing", clause="004-ting-3-2",
                message="电话始终没有接听（只有振铃），这通电话没有处理，不能算通过。",
                tip="电话铃响三声（10 秒）内接起，先说“您好”并自报家门",
            )
        else:
            yield self.finding(
                t=answer.t, clause="000-yingda-1-ji",
                message="接听后话务员一句话也没有说（不出声收线），这通电话没有处理。",
                tip=f"接起后立即问候并自报家门：{ctx.profile.greeting}",
            )
