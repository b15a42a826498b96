"""``hotline play ID --script FILE | --typed [--record OUT.json] [--seed N]``.

Plays a scenario headless with a scripted (or typed) trainee, prints the timed dialogue, writes
the ``hotline-call/1`` record (default: a new file in the calls folder of the user data dir) and
ends with :func:`finish`, which receives the finished record. Exits 0 whenever the call ran,
whatever its outcome. ``ID`` may also be the path of a scenario file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.scenario.model import Scenario


def register(sub: Any) -> None:
    p = sub.add_parser(
        "play",
        help="用脚本（或逐行输入）扮演话务员，无界面地跑完一通模拟来电",
        description="用脚本（或逐行输入）扮演话务员，跑完一通模拟来电，打印带时间的对话并保存通话记录。",
    )
    p.add_argument("scenario", metavar="ID", help="场景 id（hotline scenarios list 可列出），或场景文件路径")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--script", metavar="FILE", help="话务员脚本文件（- 表示从标准输入读取）")
    how.add_argument("--typed", action="store_true", help="在标准输入上逐行输入话务员的动作")
    p.add_argument("--record", metavar="OUT.json",
                   help="通话记录写到这里（默认：用户数据目录下的 calls 文件夹）")
    p.add_argument("--seed", type=int, default=0, help="随机种子，决定来电者的说法和时间（默认 0）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.errors import ScriptError
    from simulator.fsio import describe_os_error, shown
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.play.typed import PROMPT, play_typed

    scenario = _load(args.scenario)
    print(f"场景：{scenario.title}（{scenario.id}），种子 {args.seed}")
    if args.typed:
        interactive = sys.stdin.isatty()

        def prompt() -> None:
            if interactive:
                print(PROMPT, end="", flush=True)

        result = play_typed(scenario, sys.stdin, print, args.seed, prompt=prompt)
    else:
        try:
            if args.script == "-":
                text, source = sys.stdin.read(), "<标准输入>"
            else:
                text, source = Path(args.script).read_text(encoding="utf-8-sig"), args.script
        except UnicodeDecodeError as exc:
            raise ScriptError(f"无法读取脚本 {shown(args.script)}：第 {exc.start + 1} 字节起不是 UTF-8",
                              hint="请用 UTF-8 编码保存脚本") from exc
        except OSError as exc:
            message, hint = describe_os_error(exc, args.script, action="读取脚本")
            raise ScriptError(message, hint=hint) from exc
        result = play_script(scenario, parse_script(text, source), args.seed)
        for line in result.lines():
            print(line)
        for note in result.notes:
            print(f"注：{note}")
    path = _write(result.record, args.record)
    print()
    finish(result.record)
    print(f"记录文件：{path}")
    return 0


def finish(record: dict[str, Any]) -> None:
    """What ``hotline play`` prints about the finished call: the outcome, then the grade."""
    from grading import GradingError, grade, render_text
    from simulator.play.transcript import summary_lines

    for line in summary_lines(record):
        print(line)
    print()
    try:
        report = grade(record)
    except GradingError as exc:  # e.g. a scenario file outside the library: play still counts
        print(f"（未评分：{exc.message}）")
        return
    print(render_text(report))


def _load(ident: str) -> Scenario:
    from simulator.scenario import library
    from simulator.scenario.loader import load_scenario

    path = Path(ident)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_scenario(path)
    return library.find(ident)


def _write(record: dict[str, Any], out: str | None) -> Path:
    from simulator.engine.record import record_json
    from simulator.errors import HotlineError
    from simulator.fsio import WriteError, atomic_write_text

    if out is not None:
        path = Path(out)
    else:
        from datetime import datetime

        from simulator.paths import calls_dir

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = calls_dir() / f"{stamp}-{record['scenario']}-seed{record['seed']}"
        path, n = base.with_suffix(".json"), 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}.json")
    try:
        atomic_write_text(path, record_json(record), make_parents=True)
    except WriteError as exc:
        raise HotlineError(f"通话记录没有保存：{exc.message}", hint=exc.hint) from exc
    return path
