"""Toneless pinyin in context and the fuzzy syllable classes."""

from __future__ import annotations

import pytest

from simulator.phrases.pinyin import fuzzy_class, homophone_key, syllables


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("zhi", "zi"),
        ("chu", "cu"),
        ("shi", "si"),
        ("nan", "lan"),
        ("ning", "lin"),
        ("qing", "qin"),
        ("deng", "den"),
        ("zhang", "zan"),
        ("liang", "lian"),
        ("huang", "huan"),
    ],
)
def test_fuzzy_classes_merge(a: str, b: str) -> None:
    assert fuzzy_class(a) == fuzzy_class(b)


@pytest.mark.parametrize(
    ("a", "b"), [("zhi", "ji"), ("shi", "xi"), ("ba", "pa"), ("hu", "fu"), ("long", "lun")]
)
def test_fuzzy_classes_keep_apart(a: str, b: str) -> None:
    assert fuzzy_class(a) != fuzzy_class(b)


def test_heteronyms_resolve_in_context() -> None:
    assert syllables("干嘛还不挂机").strict[2] == "hai"
    assert syllables("长相").strict[0] == "zhang"
    assert syllables("重新拨打").strict[0] == "chong"


def test_nin_is_read_as_ni() -> None:
    assert syllables("您好").strict == syllables("你好").strict == ("ni", "hao")


def test_one_syllable_per_character_and_letters_are_not_syllables() -> None:
    s = syllables("用app缴费啊")
    assert len(s.strict) == len(s.tokens) == len(s.chars) == 7
    assert s.strict[1:4] == ("#a", "#p", "#p")
    assert s.tokens[1] != s.tokens[6]  # the letter a is not the syllable a (啊)
    assert s.particle == (False,) * 6 + (True,)


def test_homophone_texts_have_equal_tokens() -> None:
    assert syllables("请问您的具体地址").tokens == syllables("青文您的句体地直").tokens
    assert syllables("请稍等").tokens == syllables("请稍登").tokens


def test_syllables_are_cached() -> None:
    assert syllables("请稍等") is syllables("请稍等")


def test_homophone_key_merges_homophones_only() -> None:
    assert homophone_key("咨询") == homophone_key("咨寻") == homophone_key("资讯")
    assert homophone_key("请您再") == homophone_key("请你在")
    assert homophone_key("请稍等") != homophone_key("请稍候")
    assert homophone_key("app(是|在)") == "app(" + homophone_key("事") + "|" + homophone_key("再") + ")"


def test_numerals_are_not_homophones() -> None:
    """Numbers reach the matcher as digits (normalised to 一二三): 医院 is no amount 一元, 是 no 四."""
    assert homophone_key("医院") != homophone_key("一元")
    assert homophone_key("是") != homophone_key("四") and homophone_key("是") != homophone_key("十")
    assert homophone_key("一百元") == "一百" + homophone_key("元")
