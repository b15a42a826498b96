"""The golden-playthrough check: passes what matches, explains what does not."""

from __future__ import annotations

from typing import Any

from enginekit import ACT_MOODS, KeywordMatcher, end, node, scenario, tr

from simulator.play.golden import check_playthrough, path_divergence
from simulator.scenario.model import Playthrough

OPTS: dict[str, Any] = {"matcher": KeywordMatcher(), "act_moods": ACT_MOODS}


def complaint() -> Any:
    return scenario(
        node("rant", "你们怎么回事，停电一天了！", on=[
            tr("act", "calmer", acts=["apologise"]),
            tr("act", "hangs-up", acts=["argue"]),
            tr("silence", "hangs-up", seconds=8),
        ]),
        node("calmer", "那什么时候能修好？", on=[tr("act", "bye", acts=["answer"]),
                                                tr("silence", "hangs-up", seconds=8)]),
        end("bye", "resolved", True, "好吧，谢谢。"),
        end("hangs-up", "caller_hung_up", False, "算了！"),
        ident="complaint", mood="angry",
    )


GOOD_SCRIPT = "/answer 2\n您好，对不起给您添麻烦了\n师傅周一到周五都能上门"


def test_a_matching_playthrough_passes() -> None:
    pt = Playthrough("规范", GOOD_SCRIPT, "resolved", True, ("rant", "calmer", "bye"), seed=1,
                     final_mood="impatient")
    result = check_playthrough(complaint(), pt, **OPTS)
    assert result.ok, result.report()
    assert result.report() == "场景 complaint 的演练“规范”：通过"


def test_a_mismatch_reports_each_difference_and_the_transcript() -> None:
    pt = Playthrough("写错了", GOOD_SCRIPT, "caller_hung_up", False, ("rant", "hangs-up"), final_mood="calm")
    result = check_playthrough(complaint(), pt, **OPTS)
    assert not result.ok
    text = result.report()
    assert "场景 complaint 的演练“写错了”与预期不符" in text
    assert "路径在第 2 步分叉（在 rant 之后）：预期 hangs-up，实际 calmer" in text
    assert "实际路径：rant → calmer → bye" in text
    assert "结局：预期 来电者挂机，实际 问题解决" in text
    assert "是否成功：预期 否，实际 是" in text
    assert "最终情绪：预期 平静，实际 不耐烦" in text
    assert "话务员：师傅周一到周五都能上门" in text and "来电者（不耐烦）：好吧，谢谢。" in text


def test_path_is_only_checked_when_given() -> None:
    pt = Playthrough("无路径", GOOD_SCRIPT, "resolved", True)
    assert check_playthrough(complaint(), pt, **OPTS).ok


def test_path_divergence_wording() -> None:
    assert path_divergence(("a", "b"), ("a", "b")) is None
    assert path_divergence(("a", "b", "c"), ("a", "b")) == "路径提前结束：实际只走到 b，预期接着是 c"
    assert path_divergence(("a",), ("a", "b", "c")) == "路径比预期长：预期在 a 结束，实际又走了 b → c"
    assert path_divergence(("a",), ()) == "路径提前结束：实际只走到 （未进入任何节点），预期接着是 a"
    assert path_divergence(("x", "b"), ("a", "b")) == "路径在第 1 步分叉：预期 x，实际 a"
