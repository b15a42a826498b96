"""CRT001 文明用语：请来电者做事（报姓名、联系方式、再说一遍……）时不用“请”也不用“您”。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._general import norm, quote
from grading.rules.base import CallContext, Rule

# Operator acts that ask the caller to do something. ask_details is left out: its patterns
# (哪个医院, 什么时候) also occur in answers (周末什么时候都有门诊).
REQUEST_ACTS = ("ask_name", "ask_contact", "ask_repeat", "ask_slow", "ask_speakerphone")
# Besides the honorifics of courtesy.yaml (000 职业用语的基本要求 2: 尊称敬语):
# 003 表 9 “您好、请、谢谢、打扰、劳驾、麻烦”.
POLITE_EXTRA = ("麻烦", "劳驾", "打扰")


class PoliteRequest(Rule):
    """文明用语：请来电者做事时不用“请”也不用“您”。

    检查什么
        话务员请来电者做事的句子——询问姓名、联系方式，请对方再说一遍、慢点讲、
        拿起话筒——至少带有一个尊称敬语（courtesy.yaml 的 honorifics：“请”“您”“先生”“女士”
        “对不起”“谢谢”等，以及 003 的“麻烦”“劳驾”“打扰”）。识别置信度低的句子不检查
        （识别器常把“您”听成“你”）。

    为什么
        000 职业用语的基本要求 2：“要用尊称敬语‘同志’/‘先生’/‘小姐’/‘女士’/‘朋友’/‘您’/
        ‘请’/‘对不起’/‘请原谅’/‘请谅解’/‘请稍候’/‘欢迎’/‘谢谢’/‘再见’等”；
        002 第二十三条：“应注意使用文明礼貌服务用语，如‘请问、请讲、对不起、很抱歉、
        让您久等了、请稍等、谢谢’等。”

    正确示例
        请问您贵姓？方便的话是否可以留下您的联系方式？

    错误示例
        你贵姓？留个联系方式。
    """

    code = "CRT001"
    name = "polite_request"
    title = "请求来电者时未用“请/您”"
    category = "courtesy"
    severity = "minor"
    clause = "000-yaoqiu-2"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        from grading.data import courtesy

        polite = tuple(w for w in (norm(x) for x in (*courtesy().honorifics.all_words, *POLITE_EXTRA)) if w)
        for turn in ctx.operator_turns:
            if ctx.unclear(turn) or not _asks(ctx, turn):
                continue
            text = norm(turn.text)
            if any(word in text for word in polite):
                continue
            yield self.finding(
                t=turn.t, quote=quote(turn),
                message="请来电者提供信息或配合时没有用“请”“您”等敬语",
                tip="请求来电者时用敬语，如“请问您贵姓？”“请您再说一遍好吗？”",
            )


def _asks(ctx: CallContext, turn: Event) -> bool:
    """A request act found in the turn. A hit through one of the act's regular expressions only
    counts when the turn gives no information: 联系电话 also occurs in an answer
    (社保局的联系电话是……), which is not a request."""
    acts = getattr(ctx.matcher, "acts", {})
    answers = ctx.has(turn, "answer") is not None
    for hit in ctx.hits(turn):
        if hit.act in REQUEST_ACTS:
            act = acts.get(hit.act)
            by_pattern = act is not None and hit.phrase in act.patterns
            if not (by_pattern and answers):
                return True
    return False
