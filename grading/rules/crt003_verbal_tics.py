"""CRT003 文明用语：频繁使用口头禅或“喽、嘛”等非礼貌性语气助词。"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from grading.model import Event, Finding
from grading.rules._general import joined_quote, norm
from grading.rules.base import CallContext, Rule

if TYPE_CHECKING:
    from grading.data.courtesy_data import WordList

DEFAULT_LIMIT = 3


class VerbalTics(Rule):
    """文明用语：频繁使用口头禅或“喽、嘛”等非礼貌性语气助词。

    检查什么
        一通电话里话务员使用 courtesy.yaml 的口头禅、非礼貌性语气助词（“喽”“嘛”“呗”，
        以及“那个那个”“然后然后”等重复）的总次数超过词表的上限（limit，默认 3 次），
        即“频繁”；偶尔一次不算。词表的 exceptions 里的词（“干嘛”“喇嘛”）不算语气词
        （“干嘛还不挂机”的失礼用法由禁语规则处理）。
        识别置信度低的句子不计。一通电话最多记一次。

    为什么
        000 服务禁忌（十）：“频繁使用口头禅、非礼貌性语气助词（如：喽、嘛等）”；
        000 职业用语的基本要求 1：“语言简练：不罗嗦”。

    正确示例
        您家上个月用电四百八十度，电费二百五十三元，是按阶梯电价计算的。

    错误示例
        电费是按阶梯算的嘛，用得多就贵喽。那个那个，您看嘛，下个月少用点就好喽。
    """

    code = "CRT003"
    name = "verbal_tics"
    title = "频繁使用口头禅或语气助词"
    category = "courtesy"
    severity = "minor"
    clause = "000-jinji-10"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        from grading.data import courtesy

        wordlist = courtesy().fillers
        words, masks, any_word = _prepared(wordlist)
        limit = wordlist.limit if wordlist.limit is not None else DEFAULT_LIMIT
        uses: list[tuple[Event, str]] = []
        for turn in ctx.operator_turns:
            if ctx.unclear(turn):
                continue
            text = norm(turn.text)
            if any_word.search(text) is None:
                continue  # none of the words at all (most turns): one scan, not one per word
            for mask in masks:
                text = text.replace(mask, "|")
            for word in words:  # longest first, each use counted once
                uses.extend((turn, word) for _ in range(text.count(word)))
                text = text.replace(word, "|")
        if len(uses) <= limit:
            return
        listed = "”“".join(dict.fromkeys(w for _, w in uses))
        turns = list({e.index: e for e, _ in uses}.values())
        yield self.finding(
            t=turns[0].t, quote=joined_quote(turns[:2]), clause=wordlist.clause,
            message=f"一通电话里用了 {len(uses)} 次口头禅或语气助词（“{listed}”），超过 {limit} 次",
            tip="句末不加“嘛、喽”，去掉重复的口头禅，用完整、平和的陈述句答复",
        )


@lru_cache(maxsize=8)
def _prepared(wordlist: WordList) -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str]]:
    """The list's words and exceptions normalised, longest first, and a pattern finding any of
    the words (once per list, not per call)."""
    words = tuple(sorted({norm(w) for w in wordlist.all_words if norm(w)}, key=len, reverse=True))
    masks = tuple(sorted({norm(w) for w in wordlist.exceptions if norm(w)}, key=len, reverse=True))
    return words, masks, re.compile("|".join(map(re.escape, words)) or "(?!)")
