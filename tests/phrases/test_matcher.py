"""PhraseMatcher on small libraries built from the types: acts, 禁语 entries, placeholders, caches."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from simulator.phrases import (
    EMPTY_CONTEXT,
    Act,
    ForbiddenEntry,
    Hit,
    MatchContext,
    PhraseMatcher,
    default_matcher,
)

ENTRIES = (
    ForbiddenEntry(id="f-wen", text="您问我，我问谁？", clause="c", variants=("你问我我去问谁啊",)),
    ForbiddenEntry(id="f-gui", text="不归我管", clause="c", variants=("不关我的事",)),
    ForbiddenEntry(id="f-ji", text="您着急什么！", clause="c", variants=("急什么",)),
    ForbiddenEntry(id="f-tousu", text="您要投诉就投诉吧。", clause="c"),
    ForbiddenEntry(id="f-zhidao", text="不知道", clause="c", standalone=True),
    ForbiddenEntry(id="f-xiaban", text="下班了", clause="c", patterns=("我(们)?(要|快)下班了",)),
)
ACTS = (
    Act(id="greet", name="问候", phrases=("您好",)),
    Act(id="self_identify", name="自报家门", phrases=("您好{hotline}",)),
    Act(id="offer_help", name="询问需求", phrases=("请问有什么可以帮您", "请讲")),
    Act(id="anything_else", name="询问其他需求", phrases=("请问还有什么可以帮您",)),
    Act(id="announce_lookup", name="告知查询", phrases=("请稍等我帮您查一下", "请稍等")),
    Act(id="ask_details", name="询问细节", phrases=("请问您的具体地址",)),
    Act(id="soothe", name="安抚", phrases=("您别着急慢慢说",)),
    Act(id="refer", name="指引", phrases=("请致电{department}", "请拨打{phone}"), patterns=("拨打{phone}",)),
    Act(id="forbidden", name="禁语", phrases=(), forbidden=ENTRIES),
)
CTX = MatchContext(
    hotline_names=("12320卫生热线", "12320"), departments=("医政处",), phones=("025-83620000",)
)


@pytest.fixture
def m() -> PhraseMatcher:
    return PhraseMatcher(ACTS)


def acts(hits: tuple[Hit, ...]) -> set[str]:
    return {h.act for h in hits}


def forbidden(hits: tuple[Hit, ...]) -> set[str | None]:
    return {h.entry for h in hits if h.act == "forbidden"}


def test_detect_opening_with_placeholders(m: PhraseMatcher) -> None:
    hits = m.detect("您好，12320卫生热线，请讲。", CTX)
    assert acts(hits) == {"greet", "self_identify", "offer_help"}
    ident = next(h for h in hits if h.act == "self_identify")
    assert ident.phrase == "您好12320卫生热线"
    assert ident.quote == "您好，12320卫生热线"
    assert ident.score == 100


def test_placeholders_without_values_never_match(m: PhraseMatcher) -> None:
    assert "self_identify" not in acts(m.detect("您好，12320卫生热线", EMPTY_CONTEXT))
    assert "refer" not in acts(m.detect("请致电医政处", EMPTY_CONTEXT))


def test_placeholders_in_phrases_and_patterns_expand_from_context(m: PhraseMatcher) -> None:
    hit = m.find("您的问题请致电医政处咨询", "refer", CTX)
    assert hit is not None and hit.phrase == "请致电医政处"
    by_pattern = m.find("您可以拨打零二五八三六二零零零零", "refer", CTX)
    assert by_pattern is not None and by_pattern.phrase == "拨打{phone}" and by_pattern.score == 100
    by_phrase = m.find("请拨打025 8362 000", "refer", CTX)  # a digit lost: the pattern fails
    assert by_phrase is not None and by_phrase.phrase == "请拨打025-83620000"
    assert by_phrase.quote == "请拨打025 8362 000" and 90 < by_phrase.score < 100
    other = MatchContext(hotline_names=("95598供电服务热线",))
    assert m.find("您好，12320卫生热线", "self_identify", other) is None


def test_a_wrong_prefix_is_not_made_up_for_by_a_long_hotline_name(m: PhraseMatcher) -> None:
    lib = PhraseMatcher([Act(id="state_line", name="说明本线", phrases=("我这里是{hotline}",))])
    ctx = MatchContext(hotline_names=("96128政务信息查询专线",))
    assert lib.find("您好，96128政务信息查询专线", "state_line", ctx) is None
    assert (
        lib.find("我这里是96128政务信息查询热线", "state_line", ctx) is not None
    )  # one wrong 字 in the name


def test_required_homophones_through_detect(m: PhraseMatcher) -> None:
    assert "announce_lookup" in acts(m.detect("请稍登", CTX))
    hit = m.find("青文您的句体地直", "ask_details")
    assert hit is not None and hit.quote == "青文您的句体地直" and 80 <= hit.score < 100


def test_forbidden_gives_one_hit_per_entry_with_its_id(m: PhraseMatcher) -> None:
    hits = m.detect("你问我我去问谁啊，这事不归我管。")
    assert forbidden(hits) == {"f-wen", "f-gui"}
    assert all(h.act == "forbidden" for h in hits)
    wen = next(h for h in hits if h.entry == "f-wen")
    assert wen.quote == "你问我我去问谁啊"
    assert m.find("您要投诉就投诉罢", "forbidden") == Hit(
        "forbidden", pytest.approx(99.3, abs=0.1), "您要投诉就投诉吧。", "您要投诉就投诉罢", "f-tousu"
    )


@pytest.mark.parametrize(
    "text",
    [
        "这个问题不归我们热线办理，我帮您转到12345。",
        "您别着急，慢慢说。",
        "我不知道您说的是哪家医院，请您再说一遍。",
        "不好意思，请问有什么可以帮您？",
    ],
)
def test_correct_sentences_give_no_forbidden_hit(m: PhraseMatcher, text: str) -> None:
    assert not forbidden(m.detect(text))


def test_standalone_entries_only_hit_a_bare_utterance(m: PhraseMatcher) -> None:
    assert forbidden(m.detect("不知道。")) == {"f-zhidao"}
    assert forbidden(m.detect("我不知道啊")) == {"f-zhidao"}
    assert forbidden(m.detect("喂，喂，我也不知道呀")) == {"f-zhidao"}  # 喂 and particles do not count
    assert forbidden(m.detect("这个我也不知道")) == set()  # 这个 也 我: three more characters
    assert forbidden(m.detect("这个我不知道，我帮您查一下。")) == set()


def test_patterns_run_on_normalised_text(m: PhraseMatcher) -> None:
    hit = m.find("我 快 下 班 了！", "forbidden")
    assert hit is not None and hit.entry == "f-xiaban" and hit.phrase == "我(们)?(要|快)下班了"
    assert hit.quote == "我 快 下 班 了"


def test_patterns_tolerate_homophones_a_little_less_than_exact(m: PhraseMatcher) -> None:
    hit = m.find("我快下般了", "forbidden")  # 班 → 般 (ban)
    assert hit is not None and hit.entry == "f-xiaban" and hit.score == 98
    assert m.find("我快下山了", "forbidden") is None


def test_a_near_exact_hit_explains_away_weaker_overlapping_ones(m: PhraseMatcher) -> None:
    assert acts(m.detect("请问还有什么可以帮您？")) == {"anything_else"}
    assert acts(m.detect("请问有什么可以帮您？")) == {"offer_help"}
    assert m.score("请问有什么可以帮您", "请问还有什么可以帮您") >= 80  # each alone would match


def test_threshold_per_matcher_and_per_call(m: PhraseMatcher) -> None:
    text = "请问您的具体住址"  # one wrong syllable in 8: 87.5
    assert m.find(text, "ask_details") is not None
    assert m.find(text, "ask_details", threshold=95) is None
    assert PhraseMatcher(ACTS, threshold=95).find(text, "ask_details") is None
    with pytest.raises(ValueError):
        m.detect(text, threshold=40)
    with pytest.raises(ValueError):
        PhraseMatcher(ACTS, threshold=101)


def test_find_unknown_act_raises(m: PhraseMatcher) -> None:
    with pytest.raises(KeyError, match="no_such_act"):
        m.find("您好", "no_such_act")


def test_detect_results_are_cached_per_text_context_and_threshold(m: PhraseMatcher) -> None:
    first = m.detect("您好，12320卫生热线，请讲。", CTX)
    assert m.detect("您好，12320卫生热线，请讲。", CTX) is first
    info = m.cache_info()
    assert getattr(info, "hits", 0) >= 1
    assert "self_identify" not in acts(m.detect("您好，12320卫生热线，请讲。", EMPTY_CONTEXT))
    assert m.detect("您好，12320卫生热线，请讲。", CTX, threshold=90) is not first
    m.cache_clear()
    again = m.detect("您好，12320卫生热线，请讲。", CTX)
    assert again == first and again is not first


@dataclass(frozen=True)
class _Library:
    acts: dict[str, Act]


def test_accepts_an_act_library_a_mapping_or_an_iterable() -> None:
    mapping = {a.id: a for a in ACTS}
    for lib in (_Library(mapping), mapping, list(ACTS), iter(ACTS)):
        assert acts(PhraseMatcher(lib).detect("请稍等")) == {"announce_lookup"}


def test_empty_and_punctuation_only_text(m: PhraseMatcher) -> None:
    assert m.detect("") == ()
    assert m.detect("……？！") == ()


NESTED = (
    Act(id="offer_help", name="询问需求", phrases=("请问有什么可以帮您", "有什么可以帮您")),
    Act(id="anything_else", name="询问其他需求", phrases=("请问还有什么可以帮您", "还有什么可以帮您")),
)


@pytest.mark.parametrize("text", ["请闻孩有什么可以帮您", "请问孩有什么可以帮您",
                                  "好的，请闻孩有什么可以帮您？"])
def test_a_longer_phrase_covering_a_shorter_exact_hit_is_not_explained_away(text: str) -> None:
    """Two homophones (问→闻, 还→孩) leave 请问还有什么可以帮您 at 99, while the shorter
    有什么可以帮您 of another act matches exactly inside it: the longer hit must survive."""
    hits = PhraseMatcher(NESTED).detect(text)
    assert "anything_else" in acts(hits), hits
    else_hit = next(h for h in hits if h.act == "anything_else")
    assert else_hit.phrase == "请问还有什么可以帮您"  # the near-exact longer phrase keeps its words
    assert else_hit.quote.startswith("请")


def test_a_shorter_fuzzy_hit_inside_a_better_one_is_still_explained_away() -> None:
    hits = PhraseMatcher(NESTED).detect("请问还有什么可以帮您")
    assert {h.phrase for h in hits if h.act == "offer_help"} <= {"有什么可以帮您"}  # exact: kept
    assert all(h.act != "offer_help" or h.score == 100 for h in hits)


def test_a_negative_lookbehind_holds_for_homophones_too() -> None:
    m = PhraseMatcher((Act(id="offer_help", name="询问需求", phrases=("请讲",),
                           patterns=("(?<!还)有什么可以帮(到|助)?(您|你)",)),))
    assert m.find("您好，有什么可以帮您？", "offer_help") is not None
    assert m.find("您好，有什么可以帮倒您？", "offer_help") is not None  # homophone inside: 98
    assert m.find("请问还有什么可以帮您？", "offer_help") is None
    assert m.find("请问孩有什么可以帮您", "offer_help") is None  # 孩 is a homophone of 还
    assert m.find("请问环有什么可以帮您", "offer_help") is not None  # 环 (huan) is not


def test_score_is_memoised_per_matcher(m: PhraseMatcher) -> None:
    first = m.score("请稍登，我帮您查一下", "请稍等")
    assert m.score("请稍登，我帮您查一下", "请稍等") == first
    info = m.score_cache_info()
    assert getattr(info, "hits", 0) >= 1 and getattr(info, "currsize", 0) >= 1
    m.cache_clear()
    assert getattr(m.score_cache_info(), "currsize", 1) == 0


NEGATED = [  # the act's words after a negation: not the act
    ("我们这边没法给您转接，您自己打过去吧", "offer_transfer"), ("不能帮您转接", "offer_transfer"),
    ("这个我不帮您转过去了", "offer_transfer"), ("没办法马上为您转接", "offer_transfer"),
    ("我们不会尽快回复的", "give_time"), ("我们不一定会改进", "thank_feedback"),
    ("我们不做记录", "record_problem"), ("这不是我们的错", "apologise"),
]
NOT_NEGATED = [  # a negation elsewhere, a pause after it, or one inside a word
    ("不，我帮您转接到医政处", "offer_transfer"), ("特别感谢您的耐心等待", "thank_waiting"),
    ("要不我帮您转接一下", "offer_transfer"), ("您不用着急，我马上帮您转接", "offer_transfer"),
    ("没问题，我帮您记录一下", "record_problem"), ("不客气，这是我们应该做的", "accept_praise"),
    ("别着急，我帮您查一下", "soothe"), ("分别给您转接到两个部门", "offer_transfer"),
    ("无论如何我们都会尽快给您回复", "give_time"), ("不需要，电话是96128", "answer"),
]


@pytest.mark.parametrize(("text", "act"), NEGATED)
def test_an_act_said_after_a_negation_is_not_done(text: str, act: str) -> None:
    assert act not in {h.act for h in default_matcher().detect(text)}


@pytest.mark.parametrize(("text", "act"), NOT_NEGATED)
def test_a_negation_elsewhere_leaves_the_act(text: str, act: str) -> None:
    assert act in {h.act for h in default_matcher().detect(text)}
