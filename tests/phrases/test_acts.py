"""The speech-act library (grading/standards/acts.yaml + forbidden.yaml) and its loader."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.errors import HotlineError
from simulator.paths import standards_dir
from simulator.phrases import MatchContext, PhraseMatcher
from simulator.phrases.acts import (
    ActLibrary,
    StandardsError,
    act_ids,
    load_acts,
    load_forbidden,
)
from simulator.phrases.library import expand

REPO = Path(__file__).resolve().parents[2]
CTX = MatchContext(
    hotline_names=("12320卫生热线", "12320"), departments=("医政处",), phones=("025-83620000",)
)


def _architecture_act_ids() -> list[str]:
    """The ids in the speech-act table of docs/architecture.md."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Speech acts", 1)[1].split("\n## ", 1)[0]
    ids = [i for i in re.findall(r"^\| ([a-z_]+) \|", section, flags=re.M) if i != "id"]  # not the header
    assert len(ids) > 30, "architecture.md 的行为表没读出来"
    return ids


def test_every_act_of_the_architecture_table_exists() -> None:
    missing = [a for a in _architecture_act_ids() if a not in act_ids()]
    assert not missing, f"acts.yaml 缺少行为：{missing}"


def test_library_has_no_act_outside_the_architecture_table() -> None:
    extra = act_ids() - set(_architecture_act_ids())
    assert not extra, f"acts.yaml 有 architecture.md 里没有的行为：{sorted(extra)}"


def test_library_shape() -> None:
    lib = load_acts()
    assert isinstance(lib, ActLibrary)
    assert lib.ids == act_ids() == frozenset(lib.acts)
    assert lib.get("greet").name == "问候"
    assert "greet" in lib and len(lib) == len(lib.acts)
    for act in lib:
        assert act.name and act.description, act.id
        if act.id != "forbidden":
            assert act.phrases, f"{act.id} 没有短语"
            assert not act.forbidden


def test_unknown_act_is_a_hotline_error() -> None:
    with pytest.raises(StandardsError) as info:
        load_acts().get("no_such_act")
    assert isinstance(info.value, HotlineError)
    assert "no_such_act" in info.value.message


def test_default_moods_follow_the_architecture() -> None:
    lib = load_acts()
    expected = {
        "apologise": -1,
        "empathise": -1,
        "soothe": -1,
        "escalation_line": -1,
        "argue": 1,
        "forbidden": 2,
    }
    for act in lib:
        assert act.mood == expected.get(act.id, 0), act.id


def test_forbidden_act_carries_every_entry() -> None:
    act = load_acts().get("forbidden")
    assert act.forbidden == load_forbidden()
    assert len(act.forbidden) >= 80


def test_examples_from_the_architecture_table_are_library_phrases() -> None:
    lib = load_acts()
    for act_id, phrase in [
        ("offer_help", "请讲"),
        ("offer_help", "请说"),
        ("offer_help", "您有什么事"),
        ("anything_else", "请问还有什么可以帮您"),
        ("anything_else", "您还想咨询其他问题吗"),
        ("anything_else", "您看我还能帮助您做些什么"),
        ("anything_else", "还有其他问题吗"),
        ("silent_notice", "我听不到您的声音请您重新拨打"),
        ("escalation_line", "为您服务帮您解决问题是我的工作职责"),
        ("state_line", "我这里是{hotline}"),
        ("refer", "请致电{department}"),
        ("refer", "请拨打{phone}"),
    ]:
        assert phrase in lib.get(act_id).phrases, (act_id, phrase)


# --------------------------------------------------------------------------- with the matcher


@pytest.fixture(scope="module")
def matcher() -> PhraseMatcher:
    return PhraseMatcher(load_acts())


@pytest.mark.parametrize("text", ["有什么可以帮您", "有什么可以帮到您", "有什么可以帮助您",
                                  "您好，12320卫生热线，有什么可以帮到您？"])
def test_offer_help_without_still_is_offer_help(matcher: PhraseMatcher, text: str) -> None:
    assert matcher.find(text, "offer_help", CTX) is not None, text
    assert matcher.find(text, "anything_else", CTX) is None, text


@pytest.mark.parametrize("text", ["请问还有什么可以帮您？", "还有什么可以帮到您", "请问还有什么可以帮助您",
                                  "请闻孩有什么可以帮您", "好的请问孩有什么可以帮您", "請問還有什麼可以幫您"])
def test_anything_else_is_not_also_an_offer_of_help(matcher: PhraseMatcher, text: str) -> None:
    """有什么可以帮您 sits inside 请问还有什么可以帮您: the library keeps the two acts apart (the
    offer of help is the pick-up's 询问声, the anything-else question the closing's), also when the
    recogniser writes 还 as a homophone."""
    assert matcher.find(text, "anything_else", CTX) is not None, text
    assert matcher.find(text, "offer_help", CTX) is None, text


def test_every_library_phrase_is_found_as_its_own_act(matcher: PhraseMatcher) -> None:
    lost = []
    for act in load_acts():
        if act.id == "forbidden":
            continue
        for phrase in act.phrases:
            for text, _ in expand(phrase, CTX):
                if matcher.find(text, act.id, CTX) is None:
                    lost.append((act.id, text))
    assert not lost, f"这些短语单独说出来却认不出本行为：{lost}"


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("您好，12320卫生热线，请讲。", "self_identify"),
        ("您 好 1 2 3 2 0 卫 生 热 线 请 问 有 什 么 可 以 帮 您", "offer_help"),
        ("请稍登，我帮您查一下", "announce_lookup"),
        ("我正在为您查询，还需要二十秒，请您稍等", "still_looking"),
        ("市社保局的电话是0871-63216688，上午九点到下午五点办公", "answer"),
        ("电费二百五十三元", "answer"),
        ("我们的办公时间是周一到周五", "answer"),
        ("门诊时间为上午八点到十二点", "answer"),
        ("我已经纪录下来了，三个工作日内给您回复", "give_time"),
        ("对不起，这里是12320卫生热线，请您拨打95598供电服务热线", "state_line"),
        ("我为您转接到市人社局失业保险科，您看可以吗？", "offer_transfer"),
        ("对不起，您的问题与我们的服务无关，我将挂断您的电话。", "harassment_line"),
        ("对不起，我们对来电者的资料包括您的资料都是保密的，请您见谅。", "privacy_refusal"),
        ("先生，不是这样的，我们的做法没有错。", "argue"),
        ("哈哈，谢谢夸奖，您平时都喜欢干点什么？", "chat"),
        ("跟您开个玩笑，别当真。", "chat"),
        ("Sorry, one moment please. I will transfer you to an English-speaking colleague.", "offer_transfer"),
        ("Sorry, please speak slowly.", "ask_slow"),
        ("Sorry, please speak slowly.", "apologise"),
        ("You're welcome. Thank you for calling. Goodbye.", "goodbye"),
        ("You're welcome. Thank you for calling. Goodbye.", "thanks"),
        ("Hello, 96128 government information line.", "greet"),
        ("Is there anything else I can help you with?", "anything_else"),
        ("女士，您是说您母亲想接种流感疫苗，对吗？", "confirm"),
        ("感谢来电，再见。", "thanks"),
        ("不用客气。", "accept_praise"),
        ("您还有其他需要咨询的吗？", "anything_else"),
        ("还有别的需要帮助的吗？", "anything_else"),
        ("还有什么问题吗？", "anything_else"),
        ("好的，我帮您转到医政处。", "offer_transfer"),
        ("这个情况我可以帮您登记。", "record_problem"),
        ("我帮您登记一下。", "record_problem"),
        # bare requests (CRT001 checks them for 请/您)
        ("再说一遍。", "ask_repeat"),
        ("你再说一遍？", "ask_repeat"),
        ("说慢点。", "ask_slow"),
        ("你慢点说。", "ask_slow"),
        ("叫什么名字？", "ask_name"),
        ("你叫什么名字？", "ask_name"),
        ("怎么称呼？", "ask_name"),
        ("电话多少？", "ask_contact"),
        ("好的，你电话多少？", "ask_contact"),
    ],
)
def test_real_operator_wording_is_recognised(matcher: PhraseMatcher, text: str, act: str) -> None:
    assert matcher.find(text, act, CTX) is not None, f"「{text}」没有认出 {act}"


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("请问您贵姓？您家的详细地址是哪里？", "answer"),  # a question, not an answer
        ("您好，12320卫生热线，请讲。", "answer"),  # the line's number is not information
        ("您反映的情况我已经记录下来，会转给相关部门核实处理，您看这样可以吗？", "offer_transfer"),
        ("这种情况需要尽快处理，请您先冲洗伤口。", "give_time"),
        ("对不起，请您讲普通话好吗？", "ask_slow"),
        ("不客气，感谢您的来电，请您在听到提示音后对我的服务做出评价，再见。", "answer"),
        ("感谢您的来电请您再听到提示音后对我的服务做出评价再见", "answer"),
        ("工作人员上门前会先给您打电话，和您约好时间，您在约好的时间在家就行。", "answer"),
        ("这可不是开玩笑的事，请您马上带孩子去最近的医院急诊。", "chat"),
        ("我没开玩笑，燃气泄漏要马上开窗通风。", "chat"),
        ("您看这个问题我理解得对不对", "empathise"),
        # the operator repeating or slowing down themselves is no request to the caller
        ("好的，我再说一遍，地址是人民路八号。", "ask_repeat"),
        ("我给您再说一遍。", "ask_repeat"),
        ("我说慢一点，您记一下。", "ask_slow"),
        ("社保局的电话多少我帮您查一下。", "ask_contact"),
        ("那种药叫什么名字我不清楚，我帮您查一下。", "ask_name"),
        # 医院 (yi yuan) is no amount 一元 through homophones
        ("您去哪家医院看的病？", "answer"),
        ("您可能需要去医院看看。", "answer"),
    ],
)
def test_lookalikes_are_not_the_act(matcher: PhraseMatcher, text: str, act: str) -> None:
    hit = matcher.find(text, act, CTX)
    assert hit is None, f"「{text}」被误认成 {act}（{hit}）"


# --------------------------------------------------------------------------- loader errors


@pytest.fixture()
def tmp_standards(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(standards_dir(), root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return no
    raise AssertionError(needle)


def test_copy_of_the_data_loads(tmp_standards: Path) -> None:
    assert load_acts(tmp_standards).ids == act_ids()


def test_unknown_clause_in_an_act_names_file_and_line(tmp_standards: Path) -> None:
    acts = tmp_standards / "acts.yaml"
    _edit(acts, "clauses: [000-yingda-7, 001-yongyu-daoqian", "clauses: [000-yingda-77, 001-yongyu-daoqian")
    with pytest.raises(StandardsError) as info:
        load_acts(tmp_standards)
    assert f"acts.yaml:{_line_of(acts, '000-yingda-77')}:" in info.value.message
    assert "000-yingda-77" in info.value.message


def test_unknown_clause_in_a_forbidden_entry_names_file_and_line(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    _edit(path, "clause: 000-jinyu-9\n", "clause: 000-jinyu-99\n")
    with pytest.raises(StandardsError) as info:
        load_forbidden(tmp_standards)
    assert f"forbidden.yaml:{_line_of(path, '000-jinyu-99')}:" in info.value.message


def test_bad_regex_names_file_and_line(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    _edit(path, "patterns: ['问我.{0,3}问谁']", "patterns: ['问我(.{0,3}问谁']")
    with pytest.raises(StandardsError) as info:
        load_forbidden(tmp_standards)
    assert f"forbidden.yaml:{_line_of(path, '问我(.')}:" in info.value.message


def test_duplicate_forbidden_id_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    _edit(path, "- id: f000-02\n", "- id: f000-01\n")
    with pytest.raises(StandardsError, match="重复"):
        load_forbidden(tmp_standards)


def test_yaml_syntax_error_names_the_line(tmp_standards: Path) -> None:
    path = tmp_standards / "acts.yaml"
    _edit(path, "  greet:\n", "  greet: [\n")
    with pytest.raises(StandardsError) as info:
        load_acts(tmp_standards)
    assert "acts.yaml:" in info.value.message and "YAML" in info.value.message


def test_unknown_field_and_missing_phrases_are_errors(tmp_standards: Path) -> None:
    path = tmp_standards / "acts.yaml"
    _edit(path, "    name: 问候\n", "    name: 问候\n    phrase: [您好]\n")
    with pytest.raises(StandardsError, match="未知字段"):
        load_acts(tmp_standards)


def test_unknown_placeholder_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "acts.yaml"
    _edit(path, '"我这里是{hotline}"', '"我这里是{line}"')
    with pytest.raises(StandardsError, match="占位符"):
        load_acts(tmp_standards)


def test_a_trainer_can_add_a_forbidden_phrase_by_editing_data(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    text = path.read_text(encoding="utf-8")
    text += (
        "  - id: f-trainer-1\n"
        "    text: 你这人真难缠啊\n"
        "    clause: 000-jinji-6\n"
        "    variants: [真难缠]\n"
        "    tip: 您别着急，慢慢说。\n"
    )
    path.write_text(text, encoding="utf-8")
    lib = load_acts(tmp_standards)
    assert any(e.id == "f-trainer-1" for e in lib.get("forbidden").forbidden)
    # (the kind pattern k-insult knows 你这人真难缠 as well: the trainer's entry is one of the hits)
    hits = PhraseMatcher(lib).detect("你 这 人 真 难 缠 啊")
    assert "f-trainer-1" in {h.entry for h in hits if h.act == "forbidden"}


def test_patterns_anywhere_only_for_standalone_entries(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    old = "    variants: [你问我我问谁, "
    _edit(path, old, "    patterns_anywhere: ['问谁']\n" + old)
    with pytest.raises(StandardsError, match="patterns_anywhere") as info:
        load_forbidden(tmp_standards)
    line = _line_of(path, "patterns_anywhere: ['问谁']")
    assert f"forbidden.yaml:{line}:" in info.value.message


def test_patterns_anywhere_are_not_bounded_by_standalone(matcher: PhraseMatcher) -> None:
    """f004-t5-2 急什么 is standalone (不急，什么时候来都行 is fine), but its ^急什么 pattern opens
    any utterance."""
    hit = matcher.find("急什么，您先把地址报一下。", "forbidden")
    assert hit is not None and hit.entry == "f004-t5-2"
    assert matcher.find("不急，什么时候来都行。", "forbidden") is None
    assert matcher.find("您别着急，慢慢说。", "forbidden") is None


def _add_entry(path: Path, ident: str, line: str) -> None:
    """Append a 禁语 entry with one extra line (``variants:`` / ``patterns:``) to forbidden.yaml."""
    text = path.read_text(encoding="utf-8")
    text += (f"  - id: {ident}\n    text: 你这人真难伺候\n    clause: 000-jinji-6\n    {line}\n"
             "    tip: 您别着急，慢慢说。\n")
    path.write_text(text, encoding="utf-8")


def test_fragments_expand_in_patterns(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    _add_entry(path, "f-trainer-2", "patterns: ['{{YOU}}这人真难伺候']")
    entry = {e.id: e for e in load_forbidden(tmp_standards)}["f-trainer-2"]
    assert entry.patterns == ("(?:你|您)这人真难伺候",)


def test_an_unknown_fragment_names_its_line(tmp_standards: Path) -> None:
    path = tmp_standards / "forbidden.yaml"
    _add_entry(path, "f-trainer-3", "patterns: ['{{NOBODY}}这人']")
    with pytest.raises(StandardsError, match="NOBODY") as info:
        load_forbidden(tmp_standards)
    assert f"forbidden.yaml:{_line_of(path, '{{NOBODY}}')}:" in info.value.message
