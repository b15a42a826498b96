"""The CER the recognition benchmarks report: both sides normalised the same way."""

from __future__ import annotations

import pytest

from simulator.hearing.cer import cer, norm, numerals


@pytest.mark.parametrize(("text", "same"), [
    ("您可以拨打一二三九三", "您可以拨打12393"),
    ("二十四小时都开着", "24小时都开着"),
    ("工号是一零二五", "工号是1025"),
    ("一百零五", "105"),
    ("三万五千", "35000"),
    ("电话０８７１－６３０１１２３４", "电话0871 63011234"),
    ("請稍等，我幫您查一下。", "请稍等我帮您查一下"),
    ("两个小时", "2个小时"),
])
def test_spellings_of_the_same_words_are_equal(text: str, same: str) -> None:
    assert norm(text) == norm(same)
    assert cer(text, same) == (0, len(norm(text)))


def test_numerals_and_real_errors() -> None:
    assert numerals("第十一") == "第11"
    assert numerals("十") == "10"
    assert cer("请稍等", "请稍登") == (1, 3)
    assert cer("拨打12393", "拨打122393")[0] == 1
    assert cer("", "多余") == (2, 0)
