"""禁语 recognised by kind of speech (forbidden.yaml's k-* entries and their fragments).

The seeds list 禁语 as examples of kinds (000 服务禁忌 (一)(六)(七)(九)(十一); 003 忌语; 004 六 5):
each kind is checked here with wording no entry lists, in passing inside a polite sentence, in
colloquial words and in recogniser spelling — and against correct sentences sharing its words,
including the homophone traps the homophone-tolerant patterns must not fall into.
"""

from __future__ import annotations

import pytest
from probekit import HELDOUT3, HELDOUT4, HELDOUT5, load, score

from simulator.phrases import MatchContext, default_matcher

CTX = MatchContext(hotline_names=("12320卫生热线", "12320"), departments=("社保局",), phones=("12333",))

KINDS = [
    # 斥责 / 谩骂 (000 服务禁忌(六))
    ("k-insult", "你有病吧？没事别瞎打电话！"),
    ("k-insult", "你 有 病 吧 没 事 别 瞎 打 电 话"),
    ("k-insult", "你是不是吃饱了撑的"),
    ("k-insult", "好的好的，你这人怎么这么不讲理呢"),
    # 嘲讽 / 傲慢 (000 服务禁忌(七))
    ("k-mock", "这么简单的事你都搞不明白"),
    ("k-mock", "你以为你是谁啊"),
    # 反问：说了几遍、又问 (000 服务禁语(三)(十一))
    ("k-repeat", "跟你说了多少遍了"),
    ("k-repeat", "都说了3遍了你怎么还不明白"),
    ("k-repeat", "您好，这个我刚刚已经跟您解释过了呀，您还要我怎么说"),
    ("k-repeat", "你咋又来问了"),
    # 质问 (000 服务禁语(四)(五)(六))
    ("k-challenge", "那您这个到底是什么意思啊"),
    ("k-challenge", "谁告诉您可以这样办的"),
    ("k-challenge", "你听得懂不"),
    # 生硬的开口 (000 服务应答规范 1、3 忌)
    ("k-opening", "说吧，啥事"),
    ("k-opening", "喂喂 听得见吗 不说话我挂了啊"),
    # 说用户的话没用 (000 服务应答规范 8、10 忌)
    ("k-useless", "您骂我也没用，我又做不了主"),
    ("k-useless", "你提意见也没啥用"),
    # 回绝 (000 服务禁语(十六))
    ("k-refuse", "这个我们也没招"),
    ("k-refuse", "您这个情况呢我们这边确实没办法，就这样吧"),
    # 句尾冷话
    ("k-dismiss", "我给您登记了，至于啥时候修好，谁知道呢"),
    ("k-dismiss", "反正就这样，您自己看着办吧"),
    ("k-dismiss", "不信拉倒"),
    # 生硬地让等
    ("k-wait", "您的问题我记下了，回去等着"),
    # 嫌声音大
    ("k-volume", "你喊那么大声干嘛"),
    ("k-volume", "您先别吵吵，您这么喊我咋记啊"),
    # 打断
    ("k-impatient", "你别插嘴，听我说"),
    # 赶挂机
    ("k-hangup", "事情都说完了还不挂"),
    ("k-hangup", "您还有啥要问的？没有我就挂了啊"),
    # 怪用户
    ("k-blame", "谁让你不按时交费的"),
    ("k-blame", "早不说晚不说，现在才说"),
    # 推开
    ("k-notours", "您说的这个呢不归我们这边管，您别问我们了"),
    ("k-notours", "失业保险金这事儿俺们这儿不管，我给您转过去，您看可以吗"),
    ("k-notours", "我不清楚，你问医保中心吧"),
    ("k-leave", "我这要下班了，有事明儿再说"),
    ("k-provoke", "想投诉你就投呗"),
    ("k-phone", "先生，您这破电话能不能换一个"),
    ("k-selfservice", "你自己上网查"),
    # position: a topic, then a bare 不知道 / 不行 closing the utterance (004 六 5)
    ("f004-t5-8", "这个问题呀，我也不知道"),
    ("f004-t5-10", "那可不行"),
]

CLEAN = [
    "别着急，我马上帮您查",
    "您问的这个问题我帮您记下来了",
    "我不清楚的地方会先帮您核实",
    "请您稍等一下",
    "麻烦您大点声好吗",
    "您先别挂",
    "这个情况确实需要您去现场办理，我把地址告诉您",
    "您投诉的情况我已经记下来了，我们会认真处理",
    "如果您对处理结果不满意，可以拨打投诉电话12345",
    "这件事办好了，您不用再找我们了",
    "您可以自己在网上国网App里查",
    "请问您有病史吗？有没有药物过敏？",
    "请问您叫什么名字",
    "社保局下午五点就要下班了，您尽快过去",
    "我已经给您说了具体的地址了，在鼓楼区紫竹林二号",
    "我们不管多晚都会把电送上",
    "您不用着急，我们会在今天下午五点前给您回复",
    # homophone traps: 嚷 = 让, 吵 = 超 in the homophone key
    "您先找根干燥的木棍把电线挑开，别让它碰到草",
    "报销材料别超过三个月，不然就过期了",
    "您想让什么部门来处理呢",
    "我再给您说一遍，请您记一下",
    "不好意思打断您一下，我确认一下您的地址",
    "您说的没有用过的药可以退",
    "不知道您还有什么需要补充的吗",
    "您好，这里是12320卫生热线，这个问题需要您致电社保局，电话12333",
    "这个我不知道具体时间，我帮您查一下",
    "那不行的话您可以明天来",
    "不管您什么时候打来，我们都有人接听",
    "不好意思，让您说了好几遍，我这边信号不好",
]


def _forbidden(text: str) -> set[str]:
    return {h.entry or "" for h in default_matcher().detect(text, CTX) if h.act == "forbidden"}


@pytest.mark.parametrize(("entry", "text"), KINDS)
def test_each_kind_in_other_words(entry: str, text: str) -> None:
    assert entry in _forbidden(text), _forbidden(text)


@pytest.mark.parametrize("text", CLEAN)
def test_correct_speech_sharing_their_words_stays_clean(text: str) -> None:
    assert not _forbidden(text)


def test_every_kind_entry_cites_a_service_taboo_and_names_its_kind() -> None:
    entries = [e for e in default_matcher().acts["forbidden"].forbidden if e.id.startswith("k-")]
    assert len(entries) >= 15
    for e in entries:
        assert e.kind and e.tip and e.note, e.id
        assert e.clause.startswith("000-jinji-"), e.id
        assert not any("{{" in p for p in (*e.patterns, *e.unless)), f"{e.id}: fragment not expanded"


@pytest.mark.parametrize("files", [HELDOUT3, HELDOUT4, HELDOUT5])
def test_measured_then_tuned_probe_sets_meet_the_bar(files: tuple[str, ...]) -> None:
    # each was measured once before it was tuned on (heldout3 60.3 %, heldout4 67.8 %, heldout5
    # 46.7 %: benchmarks/probe_eval.py); now they guard the kinds against regressions
    s = score(default_matcher(), load(files))
    assert s.positives >= 100 and s.negatives >= 30
    assert s.detection >= 0.98 and s.false_alarm_rate <= 0.01
