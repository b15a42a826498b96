"""argparse in Chinese: ``hotline --help`` and every subcommand's help and errors.

argparse looks its own words up through ``gettext`` at the moment it prints them (``usage:``,
``options``, ``show this help message and exit``, ``the following arguments are required``…);
the program ships no compiled message catalogue, so :func:`install` points argparse's ``_`` and
``ngettext`` at the table below. Words without an entry stay as argparse has them.
"""

from __future__ import annotations

import argparse

ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s（用 --help 查看用法）",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "expected one argument": "后面需要一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected at most one argument": "后面最多一个值",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "one of the arguments %s is required": "必须给出 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用：%(choices)s）",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}
ZH_PLURAL = {"expected %s argument": "后面需要 %s 个值"}


def _(message: str) -> str:
    return ZH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return ZH_PLURAL.get(singular, singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese (idempotent)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
