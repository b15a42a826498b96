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


# ---------------------------------------------------------------------- respelling homophones

def lexicon(scenario: str) -> dict[str, str]:
    from simulator.hearing.hints import caller_lines
    from simulator.hearing.vocabulary import call_lexicon

    sc = find(scenario)
    return call_lexicon(match_context(sc.hotline), caller_lines(sc))


@pytest.mark.parametrize(("scenario", "heard", "meant"), [
    ("misrouted-call", "用电的问题请您播打95598供电服务热线咨询。", "拨打"),  # the act library's word
    ("transfer-consent", "中裁院的电话是0871-63135588", "仲裁院"),  # the directory's name
    ("info-query", "搬离房产证要去市不动产登记中心", "办理"),
])
def test_what_sounds_exactly_like_a_word_of_the_call_is_written_as_it(scenario: str, heard: str,
                                                                       meant: str) -> None:
    from simulator.hearing.vocabulary import respell

    assert meant in respell(heard, lexicon(scenario))


@pytest.mark.parametrize("heard", [
    "这件事情我帮您登记好了。",  # 事情: a very common word is never respelled
    "医院周末有门诊吗？",
    "请您稍等，我查一下。",
    "",
])
def test_respelling_leaves_right_and_common_words_alone(heard: str) -> None:
    from simulator.hearing.vocabulary import respell

    assert respell(heard, lexicon("lookup-hold")) == heard


@pytest.mark.parametrize(("scenario", "heard"), [
    # 员两 sounds exactly like 原谅 (an apology word of the act library), but it is the tail of
    # 人员 and the head of 两个: whisper had it right, respelling made it 抢修人原谅个小时 and the
    # time promised was lost (OUT001 in hotline play --live)
    ("dialect-yunnan-elder", "抢修人员两个小时内到您家。"),
    ("dialect-yunnan-elder", "我们将立即派人前去修复，抢修人员两个小时内上门，请您家里留人。"),
])
def test_a_stretch_across_two_words_heard_right_is_not_respelled(scenario: str, heard: str) -> None:
    from simulator.hearing.vocabulary import respell

    assert respell(heard, lexicon(scenario)) == heard


def test_the_operators_pronoun_is_kept_and_a_cantonese_callers_words_are_simplified() -> None:
    """dialect-speaker's caller says 你講咩呀 (Cantonese, Traditional characters): its words were in
    the call's vocabulary as written, and 您 sounds like 你 to the homophone key, so the operator's
    请您讲普通话好吗 was respelled 请你講普通话好吗 — impolite, and not Simplified Chinese."""
    from simulator.hearing.vocabulary import respell

    words = lexicon("dialect-speaker")
    assert not any("講" in w for w in words.values())
    for heard in ("对不起，请您讲普通话好吗？", "对不起，没关系，请您慢点讲。"):
        assert respell(heard, words) == heard


def test_words_that_sound_alike_are_not_in_the_lexicon() -> None:
    from simulator.hearing.vocabulary import lexicon_keys

    keys = lexicon_keys(["您好", "你好", "核实", "热线", "hello", "一"])
    assert set(keys.values()) == {"核实", "热线"}  # 您好/你好 clash; not Chinese; too short


def test_rescoring_prefers_the_candidate_with_the_calls_words_among_near_ties() -> None:
    from simulator.hearing.hints import Hints
    from simulator.hearing.rescore import choose, covered

    hints = Hints(phrases=("请稍等我帮您查一下",), words=("市第一医院",))
    assert covered("市第一医院那边", ["市第一医院"]) == 5
    near = [("请稍登我帮您查一下", -0.30), ("请稍等我帮您查一下", -0.32)]
    assert choose(near, hints) == "请稍等我帮您查一下"
    far = [("医院那边会回访", -0.10), ("市第一医院", -1.50)]  # whisper is far surer: it wins
    assert choose(far, hints) == "医院那边会回访"
    assert choose([], hints) == ""


def test_the_prompt_names_the_line_and_its_directory_only() -> None:
    from simulator.hearing.hints import Hints
    from simulator.phrases.types import MatchContext

    ctx = MatchContext(("12320卫生热线", "12320"), ("市第一医院", "值班班长"), ("025-52271000", "8001"))
    assert Hints(ctx=ctx).names() == "12320卫生热线，市第一医院，值班班长。"
    assert Hints().names() is None


def test_a_question_particle_is_not_respelled_and_a_truncated_candidate_not_chosen() -> None:
    from simulator.hearing.hints import Hints
    from simulator.hearing.rescore import choose
    from simulator.hearing.vocabulary import lexicon_keys, respell

    assert respell("请您拿起话筒讲好吗？", lexicon_keys(["号码", "话筒"])) == "请您拿起话筒讲好吗？"
    hints = Hints(words=("城东供电营业厅",))
    whole = "电费发票可以到城东供电营业厅打印。营业厅电话是087163011234。"
    cut = "电费发票可以到城东供电营业厅打印。"  # the beam's candidate that stopped after one sentence
    assert choose([(whole, -0.20), (cut, -0.18)], hints) == whole


def test_a_call_number_grouped_otherwise_is_written_as_the_call_writes_it() -> None:
    assert snap("您好，123-20卫生热线", words("angry-complainant")).startswith("您好，12320")
    assert snap("电话是025836-20000", words("angry-complainant")) == "电话是025-83620000"


@pytest.mark.parametrize(("heard", "meant"), [
    ("您好95598供电服务热线,请未有什么可以帮您。", "您好95598供电服务热线,请问有什么可以帮您。"),  # live test
    ("我没记录下来了", "我没记录下来了"),  # a negation: kept
    ("感谢您的建议", "感谢您的建议"),  # a short phrase: the operator's own word is kept
    ("请问还有什么可以帮您", "请问还有什么可以帮您"),  # not the same length as any phrase
])
def test_a_stretch_one_syllable_off_an_expected_phrase_is_written_as_it(heard: str, meant: str) -> None:
    from simulator.hearing.vocabulary import snap_phrases

    assert snap_phrases(heard, ("请问有什么可以帮您", "我已记录下来了", "谢谢您的建议")) == meant


def test_a_stretch_that_differs_at_the_phrases_edge_is_another_word() -> None:
    from simulator.hearing.vocabulary import snap_phrases

    assert snap_phrases("五个工作日内给您回电话", ("工作日内给您回复",)) == "五个工作日内给您回电话"
