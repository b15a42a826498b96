"""The hints panel's phrases are said on the call's own line: its greeting first, its own standard
first, and no seed placeholder or other line's name where the line's name belongs."""

from __future__ import annotations

import re

import pytest

from grading.data.profile_data import profile_for
from simulator.scenario.library import find, load_all
from simulator.tui.hints import for_line, hints

LINE_WORDS = ("12320", "96128", "95598", "电业局", "恒源热力")


def all_phrases(scenario_id: str) -> list[tuple[str, str]]:
    sc = find(scenario_id)
    out = [(h.name, p) for h in hints(sc, sc.start, spoke=False, held=False) for p in h.phrases]
    for node in sc.nodes:
        for held in (False, True):
            out += [(h.name, p) for h in hints(sc, node, spoke=True, held=held) for p in h.phrases]
    return out


@pytest.mark.parametrize("scenario_id", sorted(sc.id for sc in load_all()))
def test_no_placeholder_or_other_line_where_the_name_goes(scenario_id: str) -> None:
    sc = find(scenario_id)
    own = {w for w in LINE_WORDS if w in sc.hotline.name}
    for situation, phrase in all_phrases(scenario_id):
        assert "XXXX" not in phrase and "*（市）" not in phrase and "**电业局" not in phrase, phrase
        assert not re.search(r"(您好[！，]|这里是)×××", phrase), phrase
        others = [w for w in LINE_WORDS if w in phrase and w not in own]
        assert not others, (situation, phrase)


def test_pickup_starts_with_the_lines_greeting() -> None:
    sc = find("dialect-speaker")  # 96128: the 000/001 greeting, not 12320's 请讲
    pickup = hints(sc, sc.start, spoke=False, held=False)[0]
    assert pickup.name == "接入"
    assert pickup.phrases[0] == "您好，96128政务信息查询专线，请问有什么可以帮您？"
    sc = find("misrouted-call")  # 12320: 002 附件1 1(1) 您好，*（市）12320（为您服务），请讲。
    assert hints(sc, sc.start, spoke=False, held=False)[0].phrases[0] == "您好，12320卫生热线，请讲。"


def test_own_standard_comes_first() -> None:
    sc = find("misrouted-call")  # 12320's own misroute phrase (002 附件2 2(1)) before 000's
    found = [h for n in sc.nodes for h in hints(sc, n, spoke=True, held=False)]
    situation = next(h for h in found if h.name == "错误接入")
    assert situation.phrases[0] == "对不起，这里是12320卫生热线，我们无法提供您所需要的服务，请拨打其他号码。"


@pytest.mark.parametrize(("text", "line", "said"), [
    ("您好！×××，请问有什么可以帮您？", "95598供电服务热线", "您好！95598供电服务热线，请问有什么可以帮您？"),
    ("同志，您打错了，这里是电业局。", "95598供电服务热线", "同志，您打错了，这里是95598供电服务热线。"),
    ("您好，*（市）12320（为您服务），请讲。", "12320卫生热线", "您好，12320卫生热线，请讲。"),
    # the number to dial stays a number; a name put in is not replaced again
    ("请您重新拨打96128转接。", "96128政务信息查询专线", "请您重新拨打96128转接。"),
    ("欢迎再次拨打12320，再见。", "95598供电服务热线", "欢迎再次拨打95598，再见。"),
    ("我这里是×××部门，请致电×××部门", "12320卫生热线", "我这里是12320卫生热线，请致电×××部门"),
])
def test_for_line(text: str, line: str, said: str) -> None:
    assert for_line(text, line, profile_for(line)) == said
