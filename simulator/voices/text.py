"""Caller lines as the engines should read them.

Scenario lines are written for people: ``我打12345投诉你``. A synthesiser reads a run of digits as
a quantity (一万两千三百四十五); on the phone, numbers of three digits or more (hotlines, phone
numbers, house numbers) are read digit by digit, with 1 as 幺 in the long ones. Only the spoken
form changes; the cache is keyed on the line as written.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_RUN = re.compile(r"(?<![0-9.])[0-9]{3,}(?![0-9.]|\s*(?:元|块|度|米|个|号楼|平|斤|公里|岁|%))")
_SENTENCE = re.compile(r"(?<=[。！？!?；;…])")


def _spell(run: str) -> str:
    yao = len(run) >= 5
    return "".join("幺" if (d == "1" and yao) else _DIGITS[int(d)] for d in run)


def speakable(text: str, language: str = "mandarin") -> str:
    """``text`` with hotline and phone numbers spelled digit by digit (not for English lines)."""
    if language == "english":
        return text.strip()
    return _RUN.sub(lambda m: _spell(m.group()), text).strip()


def sentences(text: str, limit: int) -> list[str]:
    """Split ``text`` after sentence punctuation into pieces of at most ``limit`` characters."""
    out: list[str] = []
    for piece in _SENTENCE.split(text):
        piece = piece.strip()
        while len(piece) > limit:
            cut = max(piece.rfind(c, 0, limit) for c in "，,、 ")
            cut = cut + 1 if cut > 0 else limit
            out.append(piece[:cut])
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out
