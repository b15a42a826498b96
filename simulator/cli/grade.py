"""``hotline grade FILE ... [--json] [--html OUT.html] [--pass-mark N]``: grade call records.

Exit 0 when every file was graded (whatever the verdict), 2 when a record is unreadable or breaks
the contract (the reason and the place on stderr; the other files are still graded), 1 when a
rule crashed (a bug). Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "grade",
        help="按服务规范给通话记录评分",
        description="按服务规范逐条给通话记录（hotline-call/1，JSON 或 YAML）评分，按通话顺序列出问题。",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="通话记录文件")
    p.add_argument("--evaluate", metavar="DIR", type=Path,
                   help="与标注通话（带 expect 的记录，如 tests/data/labelled-calls）比对："
                        "结论、应报和不应报类别的一致率")
    p.add_argument("--json", action="store_true", help="输出约定格式的评分结果 JSON（多个文件时为列表）")
    p.add_argument("--html", metavar="OUT.html", type=Path, help="另存为可打印的 HTML 报告")
    p.add_argument("--pass-mark", type=_pass_mark, metavar="N",
                   help="及格线，0–100 的整数（考试用；默认取热线配置，通常为 80）")
    p.set_defaults(func=run)


def _pass_mark(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"及格线应为 0–100 的整数，而不是 “{text[:20]}”") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"及格线应在 0–100 之间，这里是 {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from grading.errors import GradingError
    from grading.grader import grade
    from grading.record import load_record
    from simulator.errors import HotlineError

    if args.evaluate is not None:
        return _evaluate(args)
    if not args.files:
        print("请给出要评分的通话记录文件，或用 --evaluate DIR 比对标注通话", file=sys.stderr)
        return 2
    reports = []
    status = 0
    for name in args.files:
        try:
            reports.append(grade(load_record(name), pass_mark=args.pass_mark))
        except HotlineError as exc:
            print(exc.render(), file=sys.stderr)
            status = max(status, 1 if isinstance(exc, GradingError) and exc.exit_code == 1 else 2)
    if args.json:
        payload: Any = [r.to_json() for r in reports]
        if len(args.files) == 1:
            payload = payload[0] if payload else None
        if payload is not None:
            print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from grading.report_text import render

        print("\n".join(render(r) for r in reports), end="")
    if args.html and reports:
        from grading.report_html import render as render_html
        from simulator.fsio import WriteError, atomic_write_text

        try:
            atomic_write_text(args.html, render_html(reports))
        except WriteError as exc:
            print(exc.render(), file=sys.stderr)
            return 2
        print(f"已写入 HTML 报告：{args.html}", file=sys.stderr)
    return status


def _evaluate(args: argparse.Namespace) -> int:
    """Agreement with a folder of labelled calls; exit 0 when graded (whatever the figures)."""
    from grading.evaluate import evaluate, labelled_files

    folder: Path = args.evaluate
    if not folder.is_dir():
        print(f"找不到文件夹：{folder}", file=sys.stderr)
        return 2
    result = evaluate(labelled_files(folder), root=folder)
    if result.calls == 0:
        print(f"{folder} 里没有标注通话（带 expect 字段的记录）", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(result.lines()))
    return 0
