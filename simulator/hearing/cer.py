"""Character error rate, measured the same way on both sides: what the recognition benchmarks use.

A recogniser may write the same words in several correct ways — 一二三九三 or 12393, 二十四小时
or 24小时, 請 or 请, full-width ０８７１ or 0871, with or without punctuation — and the reference
is written in one of them. Counting those as errors measures spelling, not hearing, so both the
reference and the hypothesis go through :func:`norm`:

* NFKC (full-width digits and letters become ASCII), Traditional → Simplified, lower case;
* Chinese numerals become Arabic ones: digit by digit for a run without place words (一零二五 →
  1025, 幺 → 1, 两 → 2), by value for a run with them (二十四 → 24, 一百零五 → 105);
* punctuation, symbols and spaces are dropped (0871-63011234 and 0871 63011234 are the same).

:func:`cer` is the edit distance of the two normalised texts over the reference's length.
"""

from __future__ import annotations

import re
import unicodedata

_DIGIT = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}
_PLACE = {"十": 10, "百": 100, "千": 1000}
_RUN = re.compile("[零〇一幺二两三四五六七八九十百千万]+")
_DROP = re.compile(r"[\W_]+", re.UNICODE)


def _value(run: str) -> str:
    """One run of Chinese numerals as Arabic digits."""
    if not any(ch in _PLACE or ch == "万" for ch in run):
        return "".join(str(_DIGIT[ch]) for ch in run)
    total = section = digit = 0
    for ch in run:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _PLACE:
            section += (digit or 1) * _PLACE[ch]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10000
            section = digit = 0
    return str(total + section + digit)


def numerals(text: str) -> str:
    """``text`` with its Chinese numerals written as Arabic ones."""
    return _RUN.sub(lambda m: _value(m.group(0)), text)


def norm(text: str) -> str:
    """The form both sides of a CER are compared in (see the module docstring)."""
    import zhconv

    text = unicodedata.normalize("NFKC", text)
    text = str(zhconv.convert(text, "zh-cn"))
    return _DROP.sub("", numerals(text)).lower()


def cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(character edits, reference length) after :func:`norm` on both sides."""
    from simulator.hearing.vocabulary import edits

    ref = norm(reference)
    return edits(ref, norm(hypothesis)), len(ref)
