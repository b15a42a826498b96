"""The play-script format: one trainee action per line (``hotline play ID --script FILE``).

::

    /answer 3            # first action only: pick up after 3 s of ringing (default 2)
    您好，12320卫生热线，请讲。   # plain text: say it
    /wait 4              # stay silent 4 s
    /hold                # put the caller on hold
    /unhold              # take them back
    /transfer 医政处      # transfer the call
    /hangup              # hang up
    /interrupt 2         # the next line starts 2 s before the caller's line ends (talking over)

A line may name the node it answers: ``@asks-date 好的，我帮您查一下。`` (or ``@asks-date /hold``).
Such a line is not played in order: it is played when the caller waits at that node (consecutive
lines naming one node form a group, played together; a node revisited gets the next group, or the
last one again). Plain lines are played in order as before, except that a group for the node the
caller waits at goes first. A golden call written this way follows the caller: it stays valid when
the caller's line variants, or the branches that lead to a node, change.

Blank lines and lines starting with ``#`` are skipped; commands are case-insensitive and may use a
full-width slash (／). Numbers may carry ``s`` or ``秒``. Besides the syntax, the parser checks the
order: ``/answer`` only first, no ``/hold`` while on hold, no ``/unhold`` or ``/interrupt`` out of
place, nothing said while the caller is on hold (for ``@node`` lines only within their group, as the
order they are played in depends on the caller). Errors raise
:class:`~simulator.errors.ScriptError` whose message is ``<source>:<line>: <what>`` (the scenario
linter, :mod:`simulator.scenario.scriptcheck`, relies on that shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal, cast

from simulator.errors import ScriptError
from simulator.limits import LIMITS

StepKind = Literal["say", "answer", "wait", "hold", "unhold", "transfer", "hangup", "interrupt"]

DEFAULT_ANSWER = 2.0
DEFAULT_INTERRUPT = 2.0
_UNDECODED = re.compile("[\udc80-\udcff]")
_NO_ARGS = {"hold", "unhold", "hangup"}
_COMMANDS = ("answer", "wait", "hold", "unhold", "transfer", "hangup", "interrupt")
HINT = ("脚本每行一个动作：直接写要说的话，或 /answer N、/wait N、/hold、/unhold、/transfer 部门、/hangup；"
        "# 开头为注释。")


@dataclass(frozen=True, slots=True)
class Step:
    kind: StepKind
    line: int  # 1-based line in the script
    text: str = ""  # what to say, or the transfer target
    seconds: float = 0.0  # /answer, /wait, /interrupt
    node: str = ""  # ``@node-id``: the node whose caller line this step answers ('' = in order)


@dataclass(frozen=True, slots=True)
class Script:
    steps: tuple[Step, ...]
    source: str = "<脚本>"

    @property
    def answer_after(self) -> float:
        """Seconds of ringing before the trainee picks up."""
        if self.steps and self.steps[0].kind == "answer":
            return self.steps[0].seconds
        return DEFAULT_ANSWER

    @property
    def actions(self) -> tuple[Step, ...]:
        """The steps after the pick-up."""
        return self.steps[1:] if self.steps and self.steps[0].kind == "answer" else self.steps

    @property
    def in_order(self) -> tuple[Step, ...]:
        """The plain steps after the pick-up, played in order."""
        return tuple(s for s in self.actions if not s.node)

    def groups(self) -> dict[str, list[tuple[Step, ...]]]:
        """node id → its groups of ``@node`` steps (consecutive lines naming the node), in order."""
        out: dict[str, list[tuple[Step, ...]]] = {}
        run: list[Step] = []
        for step in [*self.actions, None]:
            if run and (step is None or step.node != run[0].node):
                out.setdefault(run[0].node, []).append(tuple(run))
                run = []
            if step is not None and step.node:
                run.append(step)
        return out


def _error(source: str, line: int, message: str) -> ScriptError:
    return ScriptError(f"{source}:{line}: {message}", hint=HINT)


def _number(arg: str, source: str, line: int, command: str) -> float:
    text = arg.strip().lower().removesuffix("秒").removesuffix("s").strip()
    try:
        value = float(text)
    except ValueError:
        raise _error(source, line, f"/{command} 后面应是秒数，而不是 “{arg}”") from None
    if not value >= 0 or value == float("inf"):
        raise _error(source, line, f"/{command} 的秒数必须是非负数：{arg}")
    return value


def parse_line(raw: str, line: int, source: str = "<脚本>") -> Step | None:
    """One script line → a :class:`Step` (``None`` for blank lines and comments)."""
    text = raw.strip()
    if not text or text.startswith("#"):
        return None
    if len(text) > LIMITS.script_line_chars:
        raise _error(source, line, f"这一行太长：{len(text):,} 个字符，上限 {LIMITS.script_line_chars:,}"
                     "（一次说的话请分成几行）")
    if _UNDECODED.search(text):  # bytes that were not UTF-8, kept as lone surrogates by Python
        raise _error(source, line, "这一行有不是 UTF-8 的字节（文件编码不对？请用 UTF-8 保存后重试）")
    if text.startswith(("@", "＠")):
        node, _, rest = text[1:].partition(" ")
        node, rest = node.strip(), rest.strip()
        if not node:
            raise _error(source, line, "@ 后面要紧跟节点 id，例如 @asks-date 好的，我帮您查一下。")
        step = parse_line(rest, line, source) if rest else None
        if step is None:
            raise _error(source, line, f"@{node} 后面要写对这个节点说的话或动作")
        if step.kind == "answer":
            raise _error(source, line, "/answer 只能写在第一个动作，不能指定节点")
        return replace(step, node=node)
    if not text.startswith(("/", "／")):
        return Step("say", line, text=text)
    name, _, arg = text[1:].partition(" ")
    name, arg = name.strip().lower(), arg.strip()
    if name not in _COMMANDS:
        raise _error(source, line, f"未知的命令 /{name}（可用：{'、'.join('/' + c for c in _COMMANDS)}）")
    if name in _NO_ARGS:
        if arg:
            raise _error(source, line, f"/{name} 不带参数（多了 “{arg}”）")
        return Step(cast(StepKind, name), line)
    if name == "transfer":
        if not arg:
            raise _error(source, line, "/transfer 后面要写转接的部门，例如 /transfer 医政处")
        return Step("transfer", line, text=arg)
    if name == "wait":
        if not arg:
            raise _error(source, line, "/wait 后面要写沉默的秒数，例如 /wait 4")
        seconds = _number(arg, source, line, name)
        if seconds <= 0:
            raise _error(source, line, "/wait 的秒数必须大于 0")
        return Step("wait", line, seconds=seconds)
    default = DEFAULT_ANSWER if name == "answer" else DEFAULT_INTERRUPT
    seconds = _number(arg, source, line, name) if arg else default
    return Step(cast(StepKind, name), line, seconds=seconds)


class OrderChecker:
    """Checks that steps come in a possible order (shared by the parser and the typed driver)."""

    def __init__(self, source: str = "<脚本>") -> None:
        self.source = source
        self.count = 0
        self.held = False
        self.interrupting: int | None = None  # line of an /interrupt still waiting for its line

    def check(self, step: Step) -> None:
        def fail(message: str) -> ScriptError:
            return _error(self.source, step.line, message)

        first, self.count = self.count == 0, self.count + 1
        if step.kind == "answer" and not first:
            raise fail("/answer 只能写在第一个动作（接听前响铃的秒数）")
        if self.interrupting is not None and step.kind != "say":
            raise fail("/interrupt 后面的下一行必须是要说的话")
        if step.kind == "say" and self.held:
            raise fail("来电者正在保持中，听不到话务员说话；请先 /unhold")
        if step.kind == "interrupt" and self.held:
            raise fail("保持中不能打断来电者；请先 /unhold")
        if step.kind == "hold" and self.held:
            raise fail("来电已经在保持中，不能再次 /hold")
        if step.kind == "unhold" and not self.held:
            raise fail("来电不在保持中，/unhold 之前要先 /hold")
        self.interrupting = step.line if step.kind == "interrupt" else None
        if step.kind in ("hold", "unhold"):
            self.held = step.kind == "hold"

    def finish(self) -> None:
        if self.interrupting is not None:
            raise _error(self.source, self.interrupting, "脚本以 /interrupt 结尾，后面缺少要说的话")


def parse_script(text: str, source: str = "<脚本>") -> Script:
    """Parse a whole script; raises :class:`ScriptError` at the first bad line."""
    steps: list[Step] = []
    checker = OrderChecker(source)
    lines = text.splitlines()
    if len(lines) > LIMITS.script_lines:
        raise _error(source, LIMITS.script_lines + 1, f"脚本超过 {LIMITS.script_lines:,} 行的上限"
                     f"（共 {len(lines):,} 行）；一通电话用不了这么多动作")
    interrupting = 0  # an @node /interrupt still waiting for its line (in the same group)
    for number, raw in enumerate(lines, start=1):
        step = parse_line(raw, number, source)
        if step is None:
            continue
        same_group = bool(steps) and step.node != "" and steps[-1].node == step.node
        if interrupting and (not same_group or step.kind != "say"):
            raise _error(source, interrupting, "/interrupt 后面的下一行必须是对同一节点要说的话")
        if step.node:  # played when the caller waits there: hold/unhold order depends on the call
            interrupting = step.line if step.kind == "interrupt" else 0
        else:
            checker.check(step)
        steps.append(step)
    if interrupting:
        raise _error(source, interrupting, "脚本以 /interrupt 结尾，后面缺少要说的话")
    checker.finish()
    return Script(tuple(steps), source)
