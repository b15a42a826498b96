"""Numbers in figures and in characters are the same words to the matcher.

Whisper writes 15个工作日 where the scenario and the seeds write 十五个工作日; the caller (a
``said:`` transition) and the grader must hear both. Live play found seven playthroughs that went
astray on this alone (colleagues-background, heating-pipe-burst, power-line-fire,
elderly-repeat-slowly).
"""

from __future__ import annotations

import pytest

from simulator.phrases.normalize import normalise, normalise_map


@pytest.mark.parametrize(
    ("words", "figures"),
    [
        ("十五个工作日", "15个工作日"),
        ("三十分钟内", "30分钟内"),
        ("二十分钟内", "20分钟内"),
        ("八十六块四", "86块4"),
        ("一百零五号", "105号"),
        ("两千块", "2000块"),
        ("十分钟", "10分钟"),
        ("二十四小时", "24小时"),
        ("十点半", "10点半"),
        ("一百二十元", "120元"),
    ],
)
def test_numerals_with_places_read_as_figures(words: str, figures: str) -> None:
    assert normalise(words) == normalise(figures)


@pytest.mark.parametrize("text", ["十分抱歉", "老百姓", "千万别挂", "一二三九三", "说了一遍", "第十"])
def test_words_that_only_look_like_numbers_stay(text: str) -> None:
    assert "零" not in normalise(text) or "零" in text


def test_a_quote_of_a_rewritten_number_is_the_trainee_s_own_words() -> None:
    n = normalise_map("大概三十分钟内到")
    start = n.text.index("三零")
    assert n.quote(start, start + 4) == "三十分钟"


def test_the_caller_hears_a_reply_time_in_figures() -> None:
    from simulator.phrases import default_matcher

    matcher = default_matcher()
    said = matcher.detect("居住证受理后15个工作日内可以办好。")
    spelled = matcher.detect("居住证受理后十五个工作日内可以办好。")
    assert {h.act for h in said} == {h.act for h in spelled}
