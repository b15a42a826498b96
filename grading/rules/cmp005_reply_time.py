"""CMP005 投诉来电：没有告知处理回复的时限。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._complaint import complaint_replies
from grading.rules._content import asked_when, concrete_time
from grading.rules._scenario import first_with, quote
from grading.rules.base import CallContext, Rule


class ReplyTime(Rule):
    """投诉来电：记录下来转交处理，却没有告诉投诉者多久给答复。

    检查什么
        话务员说了已记录（登记）投诉、要转给相关部门处理时，同时告知回复时限：
        “三个工作日内给您回复”“二十四小时内给您回电话”“尽快给您回复”。
        没有记录投诉的情形由 CMP004 检查；征得同意后把电话转给了别人（如值班班长）的，由接手的人答复，不检查。

    为什么
        001 投诉处理的基本模式(三)：“能够当场处理答复的当场回复用户。如果需要送达其他相关部门处理回复的，
        要告知用户处理回复的时限。”；002 附件2 3(1)：“我们会马上反映给相关部门，
        然后尽快给您一个满意的答复，好吗？”；
        004 六 3.5：“须告知‘很抱歉，这件事我会尽快处理并给您回复’”。

    正确示例
        您反映的情况我已经记录下来了，会转给县卫健局核实处理，三个工作日内给您回复，您看可以吗？

    错误示例
        您反映的情况我已经记录下来了，会转给相关部门处理。（没有说什么时候答复）
    """

    code = "CMP005"
    name = "reply_time"
    title = "投诉来电：没有告知回复时限"
    category = "complaint"
    severity = "major"
    clause = "001-tousu-3"
    families = ("complaint",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if ctx.record.first("transfer") is not None:
            return  # handed over (e.g. to the duty supervisor): the answer comes from there
        turns = complaint_replies(ctx)
        promised = [e for e in turns if ctx.has(e, "give_time")]
        if promised:
            # Asked when, the operator must say when: 尽快 / 马上 / 随后 alone is not a time (004 七
            # 3.5 forbids 大概、可能、也许; 001 投诉处理(三) 告知回复时限). Unasked, 004 六 3.5's
            # “我会尽快处理并给您回复” is the prescribed promise.
            asked = asked_when(ctx)
            due = [e for e in promised if asked is not None and e.t >= asked.t]
            if due and not any(concrete_time(e.text) for e in due):
                first = promised[0]
                yield self.finding(
                    t=first.t, quote=quote(first),
                    message="答应给来电者答复，却没有说具体时间（“尽快”不是时间）",
                    tip="说出确定的时限，如“今天下午五点前”“三个工作日内给您回复”，您看可以吗？",
                )
            return
        recorded = first_with(ctx, turns, "record_problem")
        if recorded is None:
            return
        yield self.missing(
            ctx, [e for e in turns if e.t >= recorded.t], t=recorded.t, quote=quote(recorded),
            message="投诉已记录、要转交处理，但话务员没有告诉来电者多久给答复",
            tip="告知处理回复的时限，如“三个工作日内给您回复”，您看可以吗？",
        )
