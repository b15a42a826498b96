"""Normalisation: what recognisers do to Chinese text must not change what is matched."""

from __future__ import annotations

import pytest

from simulator.phrases import normalise, normalise_map


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("您好，12320卫生热线，请讲。", "您好一二三二零卫生热线请讲"),
        ("您 好 1 2 3 2 0 卫 生 热 线 请 讲", "您好一二三二零卫生热线请讲"),
        ("請問您的具體地址？", "请问您的具体地址"),
        ("１２３２０ 衛生熱線", "一二三二零卫生热线"),
        ("网上国网App、ＡＰＰ", "网上国网appapp"),
        ("幺二三二零", "一二三二零"),
        ("两个工作日", "二个工作日"),
        ("兩個工作日", "二个工作日"),
        ("〇八七一-六三二一", "零八七一六三二一"),
        ("“喂（嘿），讲话！”", "喂嘿讲话"),
        ("您好!!!\t\n", "您好"),
        ("，。？！…… ", ""),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_digits_equal_chinese_digits() -> None:
    assert normalise("12320") == normalise("一二三二零") == normalise("幺二三两零")


def test_quote_maps_back_to_the_original_text() -> None:
    n = normalise_map("喂，您 好！12320卫生热线")
    start = n.text.index("您好")
    assert n.quote(start, start + 2) == "您 好"
    k = n.text.index("一二三")
    assert n.quote(k, k + 5) == "12320"
    assert n.quote(3, 3) == ""


def test_traditional_quote_keeps_the_original_characters() -> None:
    n = normalise_map("請稍等，我幫您查一下")
    assert n.text == "请稍等我帮您查一下"
    assert n.quote(0, 3) == "請稍等"


def test_normalise_map_is_cached() -> None:
    assert normalise_map("请稍等一下。") is normalise_map("请稍等一下。")
