"""Snapping a transcript to the call's own words (what whisper base really wrote, on Kokoro speech)."""

from __future__ import annotations

import pytest

from simulator.engine import match_context
from simulator.hearing.hints import call_words
from simulator.hearing.vocabulary import snap
from simulator.scenario.library import find


def words(scenario: str) -> tuple[str, ...]:
    return call_words(match_context(find(scenario).hotline))


@pytest.mark.parametrize(("scenario", "heard", "meant"), [
    ("angry-complainant", "我会转给视为建委一正义管处他们何时后联系您", "市卫健委医政医管处"),
    ("misrouted-call", "请制电是医疗保障局电话122393", "12393"),
    ("misrouted-call", "请您播打9558公电服务热线自选", "95598供电服务热线"),
    ("misrouted-call", "疫苗的事您问疾病预防控制中心，电话是025-83787001", "025-83787000"),
])
def test_what_sounds_like_a_call_word_is_written_as_it(scenario: str, heard: str, meant: str) -> None:
    assert meant in snap(heard, words(scenario))


@pytest.mark.parametrize(("scenario", "heard"), [
    ("angry-complainant", "您慢慢讲，我在听。"),
    ("misrouted-call", "我家电话是12345678，您记一下"),  # not one digit off any directory number
    ("info-query", "养老保险的问题，您可以联系市社保局养老保险科。"),  # already right
    ("misrouted-call", "医院周末有门诊吗"),
])
def test_ordinary_words_are_left_alone(scenario: str, heard: str) -> None:
    assert snap(heard, words(scenario)) == heard
