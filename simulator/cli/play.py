"""``hotline play ID --script FILE | --typed [--record OUT.json] [--seed N] [--save [--trainee T]] [--json]``.

``--live`` (with ``--script``) plays the call through the real live runtime in real time with the
real caller voice (speakers, or ``--out call.wav``); ``--speak-replies PERSONA`` also speaks the
operator's lines with a caller-voice persona into the real recogniser (:mod:`simulator.play.live`);
``--fast`` runs the same chain on a fake call clock that moves as fast as the recogniser hears.

Plays a scenario headless with a scripted (or typed) trainee, prints the timed dialogue and ends
with :func:`finish`, which receives the finished record. ``--record`` writes the ``hotline-call/1``
record to a file; ``--save`` stores the call in the records store like the app does — journaled
step by step, so a call killed half-way (``--pace`` plays it in real time) is recovered as
interrupted with every turn before the kill, and SIGTERM, SIGHUP or Ctrl+C close it as interrupted
at once. Without either, the record goes to a file in the user data folder as before. Exits 0
whenever the call ran, whatever its outcome. ``ID`` may also be the path of a scenario file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.call.ports import CallJournal
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
    p.add_argument("--save", action="store_true",
                   help="像培训界面一样把这通电话存入通话记录库（边通话边记录；hotline calls list 可查看）")
    p.add_argument("--trainee", metavar="T", default="", help="--save 时记在哪位学员名下（姓名或工号）")
    p.add_argument("--exam", action="store_true", help="--save 时保存为考核模式的通话")
    p.add_argument("--pace", type=float, metavar="X", default=0.0,
                   help="按通话时间实时播放，X 倍速（1 为真实速度；默认不等待，立刻完成）")
    p.add_argument("--live", action="store_true",
                   help="实时演示：用真实的通话运行时和来电者语音（扬声器或 --out）按真实时间跑完脚本")
    p.add_argument("--out", metavar="CALL.wav", help="（--live）来电者声音写入这个 WAV 文件，不从扬声器播放")
    p.add_argument("--speak-replies", metavar="PERSONA",
                   help="（--live）用这个角色的声音说出话务员的台词，经文件麦克风送入真实的语音识别；"
                        "角色后可加 @语速百分比，如 m-adult-mandarin@-30（慢 30%%）")
    p.add_argument("--fast", action="store_true",
                   help="快速模式（与实时演示同用）：同样的语音、识别和评分，但通话时钟随识别进度前进，不按真实时间等待"
                        "（用于批量核对黄金脚本）")
    p.add_argument("--json", action="store_true", help="最后输出 JSON：通话记录和评分报告（代替文字报告）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.errors import ScriptError
    from simulator.fsio import describe_os_error, shown
    from simulator.limits import LIMITS
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.play.typed import PROMPT, play_typed

    scenario = _load(args.scenario)
    _check_record_folder(args.record)
    if (args.out or args.speak_replies or args.fast) and not args.live:
        raise ScriptError("--out、--speak-replies 和 --fast 只能与 --live 一起使用。")
    if args.live and (args.typed or args.save):
        raise ScriptError("--live 需要 --script 脚本，且不能与 --save 同用。")
    # --json: stdout is the JSON only; what would be printed goes to stderr
    say = _stderr if args.json else print
    say(f"场景：{scenario.title}（{scenario.id}），种子 {args.seed}")
    if args.typed:
        interactive = sys.stdin.isatty()

        def prompt() -> None:
            if interactive:
                print(PROMPT, end="", flush=True)

        result = play_typed(scenario, _bounded_lines(sys.stdin, LIMITS.script_line_chars), print, args.seed,
                            prompt=prompt)
    else:
        try:
            if args.script == "-":
                text, source = sys.stdin.read(LIMITS.script_file_bytes + 1), "<标准输入>"
                if len(text) > LIMITS.script_file_bytes:
                    raise ScriptError(f"标准输入上的脚本超过 {LIMITS.script_file_bytes:,} 个字符的上限")
            else:
                with Path(args.script).open("rb") as fh:
                    data = fh.read(LIMITS.script_file_bytes + 1)
                if len(data) > LIMITS.script_file_bytes:
                    limit = f"{LIMITS.script_file_bytes:,}"
                    raise ScriptError(f"脚本 {shown(args.script)} 超过 {limit} 字节的上限")
                text, source = data.decode("utf-8-sig"), args.script
        except UnicodeDecodeError as exc:
            raise ScriptError(f"无法读取脚本 {shown(args.script)}：第 {exc.start + 1} 字节起不是 UTF-8",
                              hint="请用 UTF-8 编码保存脚本") from exc
        except OSError as exc:
            message, hint = describe_os_error(exc, args.script, action="读取脚本")
            raise ScriptError(message, hint=hint) from exc
        script = parse_script(text, source)
        if args.live:
            return _live(args, scenario, script)
        if args.save:
            return _play_saved(args, scenario, script)
        if args.pace > 0:
            result = _paced(scenario, script, args.seed, args.pace)
        else:
            result = play_script(scenario, script, args.seed)
            for line in result.lines():
                say(line)
        for note in result.notes:
            say(f"注：{note}")
    if args.save:  # a typed call: stored when it ends
        from simulator.cli.calls import open_for

        with open_for(args) as store:
            journal = store.begin(scenario=scenario.id, title=scenario.title, trainee=args.trainee,
                                  mode="exam" if args.exam else "practice", seed=args.seed)
            row, report = journal.finish(result.record)
        print()
        finish(result.record, report)
        print(f"已保存到通话记录库：通话 #{row.id}（hotline calls show {row.id}）")
        return 0
    path = _write(result.record, args.record)
    if args.json:
        _print_json(result.record, path)
        return 0
    print()
    finish(result.record)
    print(f"记录文件：{path}")
    return 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _live(args: argparse.Namespace, scenario: Scenario, script: Any) -> int:
    """``--live``: the script through the live runtime in real time (:mod:`simulator.play.live`)."""
    from simulator.play.live import play_live

    say = _stderr if args.json else (lambda line: print(line, flush=True))
    out = Path(args.out) if args.out else None
    result = play_live(scenario, script, args.seed, out=out, speak_replies=args.speak_replies,
                       echo=say, fast=args.fast)
    say(f"来电者声音：{result.voice}；话务员：{result.ear}；用时 {result.wall:.0f} 秒")
    for note in result.notes:
        say(f"注：{note}")
    path = _write(result.record, args.record)
    if args.json:
        _print_json(result.record, path)
        return 0
    print()
    finish(result.record)
    if out is not None:
        print(f"来电者声音文件：{out}")
    print(f"记录文件：{path}")
    return 0


def _print_json(record: dict[str, Any], path: Path) -> None:
    import json

    from grading import GradingError, grade

    try:
        report: Any = grade(record).to_json()
    except GradingError as exc:
        report = {"error": exc.message}
    print(json.dumps({"record": record, "report": report, "path": str(path)}, ensure_ascii=False, indent=1))


def _paced(scenario: Scenario, script: Any, seed: int, pace: float,
           journal: CallJournal | None = None) -> Any:
    """Play ``script`` step by step, printing each line when its call time comes (``pace`` × real
    speed; 0: at once); the runner hands the record so far to ``journal`` after every step."""
    from simulator.play.runner import Runner

    runner = Runner(scenario, seed, journal=journal)
    start = time.monotonic()

    def emit(entries: list[Any]) -> None:
        for entry in entries:
            if pace > 0:
                delay = start + entry.t / pace - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            print(entry.render(), flush=True)

    emit(runner.ring(script.answer_after))
    for step in script.actions:
        emit(runner.apply(step))
    if runner.unplayed:
        first = runner.unplayed[0].line
        runner.notes.append(f"通话已结束，脚本第 {first} 行起的 {len(runner.unplayed)} 个动作没有执行。")
    emit(runner.finish())
    return runner.result()


class _Kept:
    """The store's journal, remembering the last record handed to it (an interrupted call closes with it)."""

    def __init__(self, journal: CallJournal) -> None:
        self.journal = journal
        self.last: dict[str, Any] = {}

    def sync(self, record: dict[str, Any]) -> None:
        self.last = record
        self.journal.sync(record)


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _play_saved(args: argparse.Namespace, scenario: Scenario, script: Any) -> int:
    """``--save``: the call is journaled as it is played; a signal or Ctrl+C closes it as
    interrupted (kept, graded, listed), a kill -9 leaves it for ``calls recover``."""
    import signal

    from simulator.cli.calls import open_for
    from simulator.engine import Engine

    def stop(signum: int, frame: Any) -> None:
        raise _Stopped(signum)

    with open_for(args) as store:
        journal = store.begin(scenario=scenario.id, title=scenario.title, trainee=args.trainee,
                              mode="exam" if args.exam else "practice", seed=args.seed,
                              head={k: v for k, v in Engine(scenario, args.seed).record().items()
                                    if k != "events"})
        kept = _Kept(journal)
        old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
        try:
            result = _paced(scenario, script, args.seed, args.pace, kept)
        except (_Stopped, KeyboardInterrupt) as exc:
            for sig, handler in old.items():
                signal.signal(sig, handler)
            row, _ = journal.finish(dict(kept.last), interrupted=True)
            why = signal.Signals(exc.signum).name if isinstance(exc, _Stopped) else "Ctrl+C"
            print(f"\n通话被中断（{why}）：已保存为“中断”的通话 #{row.id}"
                  f"（{row.score if row.score is not None else '—'} 分，"
                  f"{'通过' if row.passed else '不通过'}）",
                  file=sys.stderr)
            return 128 + exc.signum if isinstance(exc, _Stopped) else 130
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
        for note in result.notes:
            print(f"注：{note}")
        row, report = journal.finish(result.record)
    if args.record:
        _write(result.record, args.record)
    print()
    finish(result.record, report)
    print(f"已保存到通话记录库：通话 #{row.id}（hotline calls show {row.id}）")
    return 0


def finish(record: dict[str, Any], report: Any = None) -> None:
    """What ``hotline play`` prints about the finished call: the outcome, then the grade."""
    from grading import GradingError, grade, render_text
    from simulator.play.transcript import summary_lines

    for line in summary_lines(record):
        print(line)
    print()
    if report is None:
        try:
            report = grade(record)
        except GradingError as exc:  # e.g. a scenario file outside the library: play still counts
            print(f"（未评分：{exc.message}）")
            return
    print(render_text(report))


def _load(ident: str) -> Scenario:
    from simulator.scenario import library

    return library.load(ident)


def _bounded_lines(stream: Any, limit: int) -> Iterator[str]:
    """Lines of ``stream`` read at most ``limit + 1`` characters at a time: a line longer than that
    is passed on cut (the script parser reports it as too long) and the rest of it skipped, so a
    gigabyte without a newline on stdin never sits in memory."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(1 << 16)) and not rest.endswith("\n"):
                pass
        yield line


def _check_record_folder(out: str | None) -> None:
    """Refuse before the call, not after it, when its record could not be saved (a read-only
    HOTLINE_DATA, a folder that is a file): a typed call of ten minutes must not be lost."""
    from simulator.errors import HotlineError
    from simulator.fsio import writable_problem
    from simulator.paths import calls_dir

    folder = Path(out).parent if out is not None else calls_dir()
    if problem := writable_problem(folder, what="通话记录的文件夹"):
        raise HotlineError(f"{problem.message}，通话记录无法保存，没有开始", hint=problem.hint)


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
