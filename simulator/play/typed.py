"""The typed driver: ``hotline play ID --typed`` — the script format, typed line by line.

The phone rings; the first line may be ``/answer N`` or empty (pick up after 2 s of ringing);
any other first line picks up after 2 s and is then played. Each following line is one trainee
action, with the same simulated timing as a script (:mod:`simulator.play.runner`); the caller's
reactions are printed right away. A bad line prints its error and is ignored. End of input
(Ctrl-D) ends the script: the runner then finishes the call like at the end of a script file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from simulator.errors import ScriptError
from simulator.play.runner import PlayResult, Runner
from simulator.play.script import DEFAULT_ANSWER, OrderChecker, parse_line
from simulator.play.transcript import Entry
from simulator.scenario.model import Scenario

SOURCE = "<输入>"
PROMPT = "话务员> "


def play_typed(scenario: Scenario, lines: Iterable[str], out: Callable[[str], None], seed: int = 0,
               *, prompt: Callable[[], None] | None = None, **options: Any) -> PlayResult:
    """Play with actions read from ``lines``; print with ``out``; ``prompt`` before each read."""
    runner = Runner(scenario, seed, **options)
    checker = OrderChecker(SOURCE)

    def show(entries: list[Entry]) -> None:
        for entry in entries:
            out(entry.render())

    out("—— 电话响铃 —— 输入 /answer N 在响铃 N 秒后接听，直接回车则 2 秒后接听。")
    out("之后每行一个动作：直接输入要说的话，或 /wait N、/hold、/unhold、/transfer 部门、/hangup；"
        "Ctrl-D 结束。")
    answered = False
    number = 0
    source = iter(lines)
    while not runner.ended:
        if prompt is not None:
            prompt()
        raw = next(source, None)
        if raw is None:
            break
        number += 1
        try:
            step = parse_line(raw, number, SOURCE)
            if step is not None:
                checker.check(step)
        except ScriptError as exc:
            out(exc.render())
            continue
        if not answered:
            answered = True
            if step is None or step.kind == "answer":
                show(runner.ring(step.seconds if step is not None else DEFAULT_ANSWER))
                continue
            show(runner.ring(DEFAULT_ANSWER))
        if step is not None and not runner.ended:
            show(runner.apply(step))
    if not answered:
        show(runner.ring(DEFAULT_ANSWER))
    show(runner.finish())
    for note in runner.notes:
        out(f"注：{note}")
    return runner.result()
