"""CRT003 文明用语：频繁使用口头禅或“喽、嘛”等非礼貌性语气助词。"""

from __future__ import annotations

import re
from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._general import joined_quote, norm
from grading.rules.base import CallContext, Rule

# 非礼貌性语气助词 (000 服务禁忌(十) 如：喽、嘛等). 干嘛 / 喇嘛 are words, not particles.
PARTICLES = re.compile(r"(?<![干喇])嘛|喽|呗")
# 口头禅: hesitation fillers and habitual tags, never part of a correct sentence.
TICS = re.compile(r"呃|那个那个|这个这个|就是就是|然后然后|对吧|是吧|你知道吧|懂吧|明白吧")
PARTICLE_LIMIT = 2  # 频繁: this many uses in one call
TIC_LIMIT = 3


class VerbalTics(Rule):
    """文明用语：频繁使用口头禅或“喽、嘛”等非礼貌性语气助词。

    检查什么
        一通电话里话务员用语气助词“嘛”“喽”“呗”两次以上（“干嘛”不算，它由禁语规则处理），
        或口头禅（“呃”、“那个那个”“这个这个”等重复、“对吧”“是吧”“你知道吧”）三次以上。
        各记一次。识别置信度低的句子不计。

    为什么
        000 服务禁忌（十）：“频繁使用口头禅、非礼貌性语气助词（如：喽、嘛等）”；
        000 职业用语的基本要求 1：“语言简练：不罗嗦”。

    正确示例
        您家上个月用电四百八十度，电费二百五十三元，是按阶梯电价计算的。

    错误示例
        呃，这个嘛，电费是按阶梯算的嘛，用得多就贵喽，对吧？
    """

    code = "CRT003"
    name = "verbal_tics"
    title = "频繁使用口头禅或语气助词"
    category = "courtesy"
    severity = "minor"
    clause = "000-jinji-10"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for pattern, limit, what in (
            (PARTICLES, PARTICLE_LIMIT, "非礼貌性语气助词"),
            (TICS, TIC_LIMIT, "口头禅"),
        ):
            uses: list[tuple[Event, str]] = []
            for turn in ctx.operator_turns:
                if ctx.unclear(turn):
                    continue
                uses.extend((turn, m.group(0)) for m in pattern.finditer(norm(turn.text)))
            if len(uses) < limit:
                continue
            words = "”“".join(dict.fromkeys(w for _, w in uses))
            turns = list({e.index: e for e, _ in uses}.values())
            yield self.finding(
                t=turns[0].t, quote=joined_quote(turns[:2]),
                message=f"一通电话里用了 {len(uses)} 次{what}（“{words}”）",
                tip="句末不加“嘛、喽、呗”，去掉“呃”“对吧”等口头禅，用完整、平和的陈述句答复",
            )
