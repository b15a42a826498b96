"""PAC001 语速：话务员整通电话的语速超出适中范围。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import latin_words, spoken_chars
from grading.rules.base import CallContext, Rule

DEFAULT_BAND = (120.0, 280.0)  # characters per minute
FOREIGN_WORDS = 3
MIN_SECONDS = 8.0  # too little speech to judge a rate
MIN_CHARS = 30
MAJOR_FACTOR = 1.25  # this far outside the band is a major finding


class SpeechRate(Rule):
    """语速：话务员整通电话的语速超出适中范围。

    检查什么
        话务员所有话语的字数（汉字、数字各算一个字，英文单词算一个，不算标点和空格）
        除以说话的总时长，得到每分钟字数。超出热线档案的语速范围（默认每分钟 120–280 字）
        记轻微问题，超出范围 25% 以上（快于上限的 1.25 倍或慢于下限的 0.8 倍）记严重问题。
        说话总时长不足 8 秒或不足 30 个字时不判断；用外语（拉丁字母）说的话、识别置信度低的话
        （字数不可靠）不计入。

    为什么
        000 职业用语的基本要求 1：“语流适中：不太快，也不太慢”；
        002 第二十二条：“语速不紧、不慢；音量不高、不低”；
        004 六 3.1：“发音清晰，语速适中，音量适宜”。

    正确示例
        每分钟二百字左右，平稳清楚：“您好，12320卫生热线，请问有什么可以帮您？”（约 4.5 秒）

    错误示例
        同一句话 2 秒说完（每分钟四百多字），来电者听不清。
    """

    code = "PAC001"
    name = "speech_rate"
    title = "语速不适中"
    category = "pace"
    severity = "minor"
    clause = "000-yaoqiu-1"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        # Turns in a foreign language (Latin letters: 您好 → Hello) have no character rate; turns
        # the recogniser was unsure of have no reliable character count (a bad microphone drops
        # or garbles words: the rate would look slow).
        turns = [e for e in ctx.operator_turns
                 if e.end is not None and e.end > e.t and not _foreign(e.text) and not ctx.unclear(e)]
        seconds = sum(e.stop - e.t for e in turns)
        chars = sum(spoken_chars(e.text) for e in turns)
        if seconds < MIN_SECONDS or chars < MIN_CHARS:
            return
        low, high = _band(ctx)
        rate = chars / seconds * 60.0
        if low <= rate <= high:
            return
        fast = rate > high
        major = rate > high * MAJOR_FACTOR if fast else rate < low / MAJOR_FACTOR
        yield self.finding(
            t=None, severity="major" if major else "minor",
            message=f"整通电话语速每分钟 {rate:.0f} 字，{'快于' if fast else '慢于'}"
                    f"适中范围（{low:.0f}–{high:.0f} 字/分钟）",
            tip="放慢语速、吐字清楚，重要信息（号码、时间）一字一顿" if fast
                else "语速稍快一些、语流连贯，不拖腔",
        )


def _band(ctx: CallContext) -> tuple[float, float]:
    band = getattr(ctx.profile, "speech_rate", None)
    if isinstance(band, tuple | list) and len(band) == 2:
        return float(band[0]), float(band[1])
    return DEFAULT_BAND


def _foreign(text: str) -> bool:
    """Said in a foreign language: three or more Latin-letter words (网上国网App is Chinese)."""
    return latin_words(text) >= FOREIGN_WORDS
