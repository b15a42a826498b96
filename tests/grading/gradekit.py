"""Helpers shared by the grading tests: where the dev calls are, and recogniser noise.

Imported as a plain module (pytest puts this folder on sys.path; there is deliberately no
``__init__.py`` here, a ``tests/grading`` package would shadow the real ``grading`` package).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import zhconv

REPO = Path(__file__).resolve().parents[2]
DEV_CALLS = REPO.parent / "shared" / "dev-calls"

# One homophone per character, as a recogniser might write it (same toneless pinyin).
HOMOPHONES = {
    "等": "登", "吧": "罢", "抱": "报", "声": "生", "是": "事", "在": "再", "道": "到",
    "知": "之", "问": "闻", "管": "馆", "找": "照", "去": "趣", "里": "理", "们": "门",
    "吗": "嘛", "他": "她", "话": "化", "电": "店", "己": "几", "样": "洋", "快": "块",
    "烦": "凡", "做": "作", "那": "纳", "没": "梅", "有": "友", "事": "是",
    "再": "在", "还": "孩", "就": "旧", "想": "响", "看": "砍", "叫": "较",
}
DIGITS = dict(zip("零一二三四五六七八九", "0123456789", strict=True))
_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


def strip_punct(text: str) -> str:
    return _PUNCT.sub("", text)


def spaced(text: str) -> str:
    """No punctuation, a space between every character (as some recognisers print)."""
    return " ".join(strip_punct(text))


def traditional(text: str) -> str:
    return zhconv.convert(text, "zh-tw")


def digits(text: str) -> str:
    return "".join(DIGITS.get(ch, ch) for ch in text)


def homophone(text: str, count: int = 1) -> str | None:
    """Replace the first ``count`` characters that have a homophone; None when none has one."""
    out, done = [], 0
    for ch in text:
        if done < count and ch in HOMOPHONES:
            out.append(HOMOPHONES[ch])
            done += 1
        else:
            out.append(ch)
    return "".join(out) if done else None


def noise_forms(text: str) -> dict[str, str]:
    """Recogniser-noise variants of a phrase, by name (only those that change the text)."""
    forms = {
        "无标点": strip_punct(text),
        "字间空格": spaced(text),
        "繁体": traditional(text),
        "数字": digits(text),
        "繁体空格": spaced(traditional(text)),
    }
    h = homophone(strip_punct(text))
    if h is not None:
        forms["同音字"] = h
    return {k: v for k, v in forms.items() if v != text}


def call(turns: list[dict[str, Any]], **case: Any) -> dict[str, Any]:
    """A contract record from case-style turns (see grading.casebuild)."""
    from grading.casebuild import build_call

    return build_call({"name": "t", "expect": "pass", "turns": turns, **case})


GOOD_OPENING = "您好，12320卫生热线，请问有什么可以帮您？"
