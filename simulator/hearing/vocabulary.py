"""Snapping a transcript to the call's own words: names, departments and phone numbers.

Whisper base writes the words a call turns on — 医政医管处, 12393, 95598供电服务热线 — as the
ordinary words they sound like (一正义管处, 122393, 9558公电服务热线). The call knows those words
(the line's names, its directory's departments and phones: :func:`simulator.hearing.hints.call_words`),
so a stretch of the transcript that *sounds* like one of them — the same toneless syllables, up to
one in four off — is written as that word; a run of digits one digit off a phone number (five
digits or more) becomes that number. Ordinary words are never touched: only stretches at least as
long as a call word minus one, close to it in sound, are replaced.
"""

from __future__ import annotations

import re

from simulator.phrases.pinyin import homophone_key

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
        return best[1] if best is not None and best[0] > 0 else None

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
