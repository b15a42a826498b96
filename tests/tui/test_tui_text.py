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


def test_chinese_line_breaking_never_starts_a_line_with_closing_punctuation() -> None:
    import io
    import random

    from rich.console import Console
    from rich.text import Text

    from simulator.scenario.library import load_all
    from simulator.tui.text import NO_LINE_END, NO_LINE_START, chinese

    lines = [line for sc in load_all() for node in sc.nodes.values() for line in node.say]
    rng = random.Random(7)
    def sentence() -> str:  # words, each maybe quoted or bracketed, then one punctuation mark
        out = ""
        for _ in range(rng.randint(3, 12)):
            word = "".join(rng.choice("我想问一下办事大厅几点开门电话") for _ in range(rng.randint(1, 4)))
            word = rng.choice([word, word, f"“{word}”", f"（{word}）", "12345", "ABC"])
            out += word + rng.choice(["", "", "，", "。", "？", "！", "、", "……"])
        return out

    texts = lines + [sentence() for _ in range(300)]
    for width in (12, 17, 23, 31, 40):
        console = Console(width=width, file=io.StringIO(), color_system=None)
        for text in texts:
            options = console.options.update_width(width)
            rendered = console.render_lines(chinese(Text("来电者：" + text)), options)
            out = ["".join(seg.text for seg in line).rstrip() for line in rendered]
            for i, line in enumerate(out):
                assert console.measure(Text(line)).maximum <= width, (width, out)
                if i and line and line[0] in NO_LINE_START:
                    # only when the previous line is a single character long can the rule not hold
                    assert len(out[i - 1].rstrip()) <= 1, (width, out)
                if i < len(out) - 1 and line.rstrip() and line.rstrip()[-1] in NO_LINE_END:
                    assert len(line.rstrip()) <= 1, (width, out)
