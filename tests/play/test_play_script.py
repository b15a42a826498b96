"""The play-script parser: every command, comments, and errors that name file:line."""

from __future__ import annotations

import pytest

from simulator.errors import ScriptError
from simulator.play.script import Step, parse_line, parse_script

GOOD = """\
# 规范处理
/answer 3
您好，12320卫生热线，请讲。

/wait 4
  /HOLD
／unhold
/wait 3.5秒
/interrupt 1.5
对不起，我打断一下。
/interrupt
好的。
/transfer 市卫健委 医政处
/hangup
"""


def test_parses_every_kind_of_line() -> None:
    script = parse_script(GOOD, "good.txt")
    assert script.answer_after == 3.0
    assert [(s.kind, s.line) for s in script.steps] == [
        ("answer", 2), ("say", 3), ("wait", 5), ("hold", 6), ("unhold", 7), ("wait", 8),
        ("interrupt", 9), ("say", 10), ("interrupt", 11), ("say", 12), ("transfer", 13), ("hangup", 14),
    ]
    assert script.steps[1].text == "您好，12320卫生热线，请讲。"
    assert script.steps[5].seconds == 3.5 and script.steps[6].seconds == 1.5
    assert script.steps[8].seconds == 2.0
    assert script.steps[10].text == "市卫健委 医政处"
    assert script.actions[0].kind == "say" and script.source == "good.txt"


def test_default_answer_is_two_seconds_and_answer_without_number_too() -> None:
    assert parse_script("您好").answer_after == 2.0
    assert parse_script("/answer\n您好").answer_after == 2.0
    assert parse_script("").steps == () and parse_script("").answer_after == 2.0
    assert parse_script("/answer 0").answer_after == 0.0


def test_parse_line_skips_blanks_and_comments() -> None:
    assert parse_line("   ", 1) is None
    assert parse_line("# 注释 /hangup", 1) is None
    assert parse_line("  您好  ", 4) == Step("say", 4, text="您好")
    assert parse_line("/wait 4s", 2) == Step("wait", 2, seconds=4.0)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("您好\n/answer 3", 2, "只能写在第一个"),
    ("/answer 3\n/wait\n", 2, "秒数"),
    ("/answer 3\n\n/wait abc", 3, "abc"),
    ("/wait 0", 1, "大于 0"),
    ("/wait -2", 1, "非负"),
    ("/answer -1", 1, "非负"),
    ("/wait nan", 1, "非负"),
    ("/transfer", 1, "部门"),
    ("/hold now", 1, "不带参数"),
    ("/hangup 3", 1, "不带参数"),
    ("您好\n# c\n/dance", 3, "未知的命令 /dance"),
    ("/hold\n/hold", 2, "已经在保持"),
    ("/unhold", 1, "先 /hold"),
    ("/hold\n您好", 2, "/unhold"),
    ("/hold\n/interrupt", 2, "保持中"),
    ("/interrupt\n/wait 3", 2, "必须是要说的话"),
    ("您好\n/interrupt 2\n# 结束", 2, "缺少要说的话"),
])
def test_errors_name_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ScriptError) as info:
        parse_script(text, "练习.txt")
    err = info.value
    assert err.message.startswith(f"练习.txt:{line}: "), err.message
    assert message in err.message
    assert err.hint and "/answer" in err.hint
    assert "错误：练习.txt" in err.render()
