"""Snapping a transcript to the call's own words: names, departments and phone numbers.

Whisper base writes the words a call turns on — 医政医管处, 12393, 95598供电服务热线 — as the
ordinary words they sound like (一正义管处, 122393, 9558公电服务热线). The call knows those words
(the line's names, its directory's departments and phones: :func:`simulator.hearing.hints.call_words`),
so a stretch of the transcript that *sounds* like one of them — the same toneless syllables, up to
one in four off — is written as that word; a run of digits one digit off a phone number (five
digits or more), or grouped otherwise (123-20), becomes that number. Ordinary words are never
touched: only stretches at least as long as a call word minus one, close to it in sound, are
replaced.

:func:`respell` goes further for shorter words: a stretch that sounds *exactly* like a word of the
call's vocabulary (:func:`call_lexicon`: the act library's phrases filled with this line's names,
the scenario's caller lines, the directory's names) — the same toneless syllables — but is written
otherwise becomes that word: 播打 → 拨打, 中裁院 → 仲裁院, 搬离 → 办理. Words that sound alike
within the vocabulary, very common words (事情, 是否) and sentence-final particles are left alone.

Measured on benchmarks/asr_bias_bench.py (whisper base, CER %; tuning part: 36 sentences, two
Kokoro voices; held-out: 38 sentences written afterwards, six Kokoro Mandarin personas):

    way                       tuning  held-out
    plain whisper (30 s)       11.73    12.56
    turn window, no hints      12.61    11.42
    + snap                      6.64     6.85
    + respell                   3.98     5.14
    app (names prompt + rescore + snap + respell)   3.10   4.45
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from simulator.phrases.pinyin import homophone_key
from simulator.phrases.types import MatchContext

_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
_D = "0-9零〇一二三四五六七八九幺"
_DIGIT_RUN = re.compile(f"[{_D}][{_D}\\-－— ]{{3,}}[{_D}]")


def edits(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance of ``a`` and ``b`` (more than ``limit`` when the lengths say so)."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _digits(text: str) -> str:
    return "".join(c for c in text.translate(_CN_DIGITS) if c.isdigit())


def snap(text: str, words: tuple[str, ...] | list[str]) -> str:
    """``text`` with the stretches that sound like one of ``words`` written as that word."""
    if not text or not words:
        return text
    phones = [w for w in words if len(_digits(w)) >= 5 and len(_digits(w)) >= len(w) - 2]
    names = [w for w in words if w not in phones and len(w) >= 3]
    text = _snap_numbers(text, phones)
    for word in sorted(names, key=len, reverse=True):
        text = _snap_word(text, word)
    return text


def _snap_numbers(text: str, phones: list[str]) -> str:
    if not phones:
        return text

    def closest(run: str) -> str | None:
        got = _digits(run)
        best = None
        for phone in phones:
            d = edits(got, _digits(phone), 1)
            if d <= 1 and (best is None or d < best[0]):
                best = (d, phone)
        if best is None or (best[0] == 0 and run.strip() == best[1]):
            return None
        return best[1]  # one digit off, or grouped otherwise (123-20 is the line's 12320)

    def one(m: re.Match[str]) -> str:
        run = m.group(0)
        whole = closest(run)
        if whole is not None or " " not in run:
            return whole or run
        # a run with spaces may be several numbers, or one read in groups: each part on its own
        return " ".join(closest(part) or part if len(_digits(part)) >= 5 else part for part in run.split(" "))

    return _DIGIT_RUN.sub(one, text)


def _snap_word(text: str, word: str) -> str:
    if word in text:
        return text
    key = homophone_key(word)
    limit = max(1, len(word) // 4)
    keys = homophone_key(text)
    if len(keys) != len(text):
        return text
    best: tuple[int, int, int] | None = None  # (distance, start, end)
    for size in (len(word) - 1, len(word), len(word) + 1):
        if size < 2:
            continue
        for start in range(0, len(text) - size + 1):
            window = keys[start:start + size]
            d = edits(window, key, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, start, start + size)
    if best is None:
        return text
    _, a, b = best
    if edits(text[a:b], word, len(word)) <= best[0]:  # no better in sound than in writing: keep
        return text
    return text[:a] + word + text[b:]


# ---------------------------------------------------------------------- homophones of the call's words

COMMON = 5000  # a stretch that is itself a word this common (jieba's count) is left alone
PHRASE_MIN = 8  # characters: shorter expected phrases are not snapped to (see snap_phrases)
FINALS = frozenset("吗呢吧啊呀啦嘛哦哇呗")  # sentence-final particles


def lexicon_keys(words: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Toneless-syllable key → word, for words of 2–8 Chinese characters whose key no other word
    shares (two words that sound alike cannot tell a stretch which one it is)."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for word in words:
        if not 2 <= len(word) <= 8 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        key = homophone_key(word)
        if key in out and out[key] != word:
            clash.add(key)
        out[key] = word
    for key in clash:
        del out[key]
    return out


def respell(text: str, keys: dict[str, str], longest: int = 8) -> str:
    """``text`` with each stretch that sounds exactly like one of the call's words (same toneless
    syllables, written otherwise: 播打 → 拨打, 何时后联系 → 核实后联系) written as that word; the
    longest stretch wins, left to right. A stretch that is itself a very common word (事情, 是否)
    is kept: the call's word would more likely be the mistake."""
    if not text or not keys:
        return text
    key = homophone_key(text)
    if len(key) != len(text):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            word = keys.get(key[i:i + size])
            if word is None:
                continue
            stretch = text[i:i + size]
            if stretch[-1] in FINALS and word[-1] != stretch[-1]:
                continue  # 讲好吗 is not 讲号码: a sentence-final particle is what it sounds like
            if stretch != word and not _common(stretch) and not _cuts_a_word(text, i, i + size) \
                    and not _pronouns_only(stretch, word):
                out.append(word)
                i += size
                break
            if stretch == word:
                out.append(word)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its progress lines would land on the call screen
    jieba.initialize()
    return jieba


def _common(word: str) -> bool:
    return int(_jieba().dt.FREQ.get(word, 0)) >= COMMON


_PRONOUNS = ({"你", "您"}, {"他", "她", "它"})


def _pronouns_only(stretch: str, word: str) -> bool:
    """True when ``stretch`` and ``word`` differ only in a pronoun of the same sound: 您 or 你 is
    the speaker's choice (and graded), not a mishearing — 请您讲 is not the caller's 你讲."""
    return len(stretch) == len(word) and all(
        a == b or any({a, b} <= group for group in _PRONOUNS) for a, b in zip(stretch, word, strict=True))


def _cuts_a_word(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` begins with the end of a common word or ends with the start of one:
    in 抢修人员两个小时 the stretch 员两 sounds exactly like 原谅 but is the tail of 人员 and the
    head of 两个 — two words heard right, not one heard wrong."""
    return (a > 0 and _common(text[a - 1:a + 1])) or (b < len(text) and _common(text[b - 1:b + 1]))


def words_of(texts: tuple[str, ...] | list[str]) -> list[str]:
    """The words (jieba) of ``texts`` that have 2–8 Chinese characters, each once."""
    jieba = _jieba()
    out: dict[str, None] = {}
    for text in texts:
        for word in jieba.lcut(text):
            if 2 <= len(word) <= 8 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                out[word] = None
    return list(out)


@lru_cache(maxsize=16)
def call_lexicon(ctx: MatchContext, lines: tuple[str, ...]) -> dict[str, str]:
    """The words a call on this line is likely to hear, by sound: the words of the act library's
    phrases (filled with this line's names), of the caller's lines, and the line's and directory's
    names — the vocabulary :func:`respell` writes homophones back to. Cached per call."""
    import zhconv

    from simulator.hearing.hints import fill
    from simulator.phrases.acts import load_acts

    texts = [x for act in load_acts().acts.values() for p in act.phrases for x in fill(p, ctx)]
    names = [*ctx.hotline_names, *ctx.departments]
    # in the script whisper's output is written in: a Cantonese caller's 你講 would otherwise
    # put Traditional characters into the record (请您讲 → 请你講)
    simplified = [str(zhconv.convert(line, "zh-cn")) for line in lines]
    words = words_of([*texts, *simplified, *names])
    words += [w for w in names if w not in words]
    return lexicon_keys(words)


# ---------------------------------------------------------------------- the node's expected phrases

def snap_phrases(text: str, phrases: tuple[str, ...] | list[str]) -> str:
    """``text`` with a stretch one syllable off one of the node's expected ``phrases`` (two for
    a phrase of 12 characters or more; the same length, tones ignored; not at the phrase's first
    or last character, where the stretch may run into another word) written as that phrase:
    请为有什么可以帮您 → 请问有什么可以帮您. Only phrases of :data:`PHRASE_MIN` characters or
    more: in a shorter one a syllable is a word the operator chose (感谢您的建议 is not 谢谢您的
    建议). A negation (不, 没, 未 …) on either side of the difference keeps the stretch unless the
    phrase is long (9 or more): 我没记录下来 is not 我已记录下来."""
    from simulator.phrases.pinyin import NEGATIONS

    if not text or not phrases:
        return text
    keys = homophone_key(text)
    if len(keys) != len(text):
        return text
    for phrase in sorted({"".join(c for c in p if c.isalnum()) for p in phrases}, key=len, reverse=True):
        size = len(phrase)
        if size < PHRASE_MIN or phrase in text:
            continue
        limit = 2 if size >= 12 else 1
        pkey = homophone_key(phrase)
        if len(pkey) != size:
            continue
        for start in range(0, len(text) - size + 1):
            stretch = text[start:start + size]
            diff = [i for i in range(size) if keys[start + i] != pkey[i]]
            if not diff or len(diff) > limit or diff[0] == 0 or diff[-1] == size - 1:
                continue  # a difference at an edge: the stretch runs into another word (回电话 ≠ 回复)
            if size < 9 and any(stretch[i] in NEGATIONS or phrase[i] in NEGATIONS for i in diff):
                continue
            if not all("\u4e00" <= ch <= "\u9fff" for ch in stretch):
                continue
            text = text[:start] + phrase + text[start + size:]
            keys = homophone_key(text)
            break
    return text
