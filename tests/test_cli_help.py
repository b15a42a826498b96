"""Every ``hotline`` command speaks Chinese in its ``--help`` and its usage errors: argparse's own
words are translated (simulator/cli/zh.py) and every argument and subcommand has a Chinese help."""

from __future__ import annotations

import argparse
import re

import pytest

from simulator.cli import build_parser, main

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "optional arguments")


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    todo = [("hotline", build_parser())]
    while todo:
        name, parser = todo.pop()
        out.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
    return out


PARSERS = _parsers()


@pytest.mark.parametrize(("name", "parser"), PARSERS, ids=[n for n, _ in PARSERS])
def test_help_is_chinese(name: str, parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    assert text.startswith("用法："), text
    assert not any(word in text for word in _ENGLISH), text
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help and _CJK.search(choice.help), f"{name} {choice.dest}：没有中文说明"
            continue
        what = action.option_strings or action.dest
        assert action.help and _CJK.search(action.help), f"{name} {what}：没有中文说明"


def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scenarios", "graph", "silent-caller", "--format", "png"])
    err = capsys.readouterr().err
    assert "错误：" in err and "无效的选择" in err and "error:" not in err
    with pytest.raises(SystemExit):
        main(["play"])
    assert "缺少必填参数" in capsys.readouterr().err
