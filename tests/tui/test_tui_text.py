"""Text helpers of the app: briefs written for ``hotline play`` name the app's keys."""

from __future__ import annotations

from simulator.scenario.library import find
from simulator.tui.screens.brief import brief_text
from simulator.tui.text import on_keys


def test_commands_in_a_brief_are_named_by_their_keys() -> None:
    assert on_keys("为他转接（/transfer 部门名称），或者报号。") == "为他转接（F4 转接），或者报号。"
    assert on_keys("使用保留功能（/hold、/unhold）。") == "使用保留功能（F3 保持、F3 取消保持）。"
    assert on_keys("/hangup") == "F8 挂机" and on_keys("没有命令") == "没有命令"


def test_the_brief_screen_text_has_no_typed_commands() -> None:
    for sid in ("transfer-consent", "lookup-hold"):
        text = brief_text(find(sid), "practice")
        assert "/transfer" not in text and "/hold" not in text and "F3" in text
