"""score(text, phrase): homophones, recogniser noise, and how many errors each length tolerates."""

from __future__ import annotations

import pytest

from simulator.phrases import DEFAULT_THRESHOLD, score

T = DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("请稍登", "请稍等"),
        ("请稍登我帮您查一下", "请稍等"),
        ("青文您的句体地直", "请问您的具体地址"),
        ("先生对于您这次不愉快的经历我感到非常报歉", "抱歉"),
        ("您好请问您能听到我的生音吗", "声音"),
        ("您要投诉就投诉罢", "您要投诉就投诉吧"),
        ("你好", "您好"),
        ("請稍等", "请稍等"),
        ("请 稍 等", "请稍等"),
        ("您好幺二三二零卫生热线", "您好12320卫生热线"),
    ],
)
def test_required_homophones_and_noise_match(text: str, phrase: str) -> None:
    assert score(text, phrase) >= T


def test_exact_character_containment_scores_100_and_homophones_a_little_less() -> None:
    assert score("好的，请稍等，我帮您查一下。", "请稍等") == 100
    assert T <= score("请稍登", "请稍等") < 100


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("这个问题不归我们热线办理，我帮您转到12345。", "不归我管"),
        ("您别着急，慢慢说。", "您着急什么"),
        ("您别着急，慢慢说。", "急什么"),
        ("处理好您的问题", "您好"),  # 理 li ≈ 您 ni only through n/l: not enough for a short phrase
        ("请您再说一遍", "请您再重复一遍"),
        ("我帮您查一下", "请稍等"),
        ("我不理解您的心情", "我理解您的心情"),
        ("我已经记录下来了", "我没有记录下来了"),
        ("这事与我们有关系", "这事与我们无关"),
    ],
)
def test_correct_sentences_sharing_words_do_not_match(text: str, phrase: str) -> None:
    assert score(text, phrase) < T


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("这个您问我，我去问谁啊？", "您问我，我问谁"),
        ("你问我我去问谁啊", "您问我我问谁"),
        ("暖气的事不归我们管", "不归我管"),
        ("您要投诉就投诉呗", "您要投诉就投诉吧"),
        ("你干嘛还不挂机呀", "干嘛还不挂机"),
        ("喂出声呀再不出声我就挂机啦", "再不出声就挂机"),
    ],
)
def test_light_paraphrases_with_particles_match(text: str, phrase: str) -> None:
    assert score(text, phrase) >= T


def test_short_phrases_need_every_syllable() -> None:
    assert score("请您讲", "请讲") <= 50  # an inserted syllable
    assert score("清将", "请讲") >= T  # homophones are fine
    assert score("请间", "请讲") <= 50  # jian/jiang: fuzzy class only, not enough when short
    assert score("急吗", "急什么") <= 50
    # Colloquial words are normalised to their standard form before matching (not a fuzzy match).
    assert score("急啥", "急什么") == 100


def test_error_tolerance_grows_with_length() -> None:
    # One wrong syllable: 4 syllables fail, 5 pass.
    assert score("请问您贵他", "请问贵姓") < T
    assert score("让您久等啊了", "让您久等了") >= T  # a particle is cheap
    assert score("让您多等了", "让您久等了") >= T
    assert score("让我久等了", "让您久等了") < T  # another person: never
    # Two wrong syllables pass at 10 syllables, not at 6.
    phrase = "请问还有什么可以帮您"
    assert score("请问还有啥么可以帮你", phrase) >= T
    assert score("请问还有哪些可以帮忙", phrase) < T
    assert score("我理您的心事", "我理解您的心情") < T


def test_fuzzy_classes_help_long_phrases() -> None:
    # zh/z, sh/s, n/l, in/ing as a southern speaker or recogniser confuses them
    assert score("为您服务帮您解决问题是我的工作资责", "为您服务帮您解决问题是我的工作职责") >= 95
    assert score("请问您需要咨询甚么问题", "请问您需要咨询什么问题") >= 95
    assert score("我听不到您的声音请您重新拨打", "我听不到您的生音请您从新拨打") >= 95


def test_score_is_in_range_and_unrelated_text_scores_low() -> None:
    assert score("", "请稍等") == 0
    assert score("请稍等", "") == 0
    assert score("今天天气很好", "请问有什么可以帮您") < 40


def test_score_with_a_threshold_is_the_score_or_zero() -> None:
    """score(text, phrase, threshold) skips hopeless texts but never a phrase that reaches it."""
    import random

    rng = random.Random(7)
    phrases = ["表扬", "刚才打电话的人", "请稍等", "我理解您的心情", "请问还有什么可以帮您", "speak slowly"]
    pool = "表扬刚才打电话的人请稍等我理解您的心情问还有什么可以帮登报生事闻孩他你们好spekalow"
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        phrase = rng.choice(phrases)
        if rng.random() < 0.5:
            k = rng.randrange(len(text) + 1)
            text = text[:k] + phrase + text[k:]
        full = score(text, phrase)
        for thr in (80.0, 95.0):
            assert score(text, phrase, thr) == (full if full >= thr else 0.0), (text, phrase, thr)
