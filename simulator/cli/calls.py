"""``hotline calls list|show|export|verify|recover`` (``hotline history`` is the same command).

Every call, practice or exam, from the app or ``hotline play --save``, is in the records store
(:mod:`simulator.records`): SQLite in the user data folder, or the centre's PostgreSQL when
``HOTLINE_DB`` is set. ``--data DIR`` reads another data folder (e.g. copied from a training PC),
``--db URL`` another store. Calls left open by a killed program are closed as interrupted and
graded when the store is opened here (except by ``verify``, which only reads and reports them).

Parsing and printing only: the store, the chain check, export and recovery are the package's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.records.store import CallRow, Store


def _common(p: argparse.ArgumentParser, suppress: bool = False) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    p.add_argument("--data", type=Path, metavar="DIR", default=default,
                   help="数据目录（含 records.db，例如从培训电脑复制来的；"
                   "默认为 HOTLINE_DATA 或本机用户数据目录）")
    p.add_argument("--db", metavar="URL", default=default,
                   help="通话记录库地址（postgresql://… 或 SQLite 文件；默认为环境变量 HOTLINE_DB）")


def _filters(p: argparse.ArgumentParser, suppress: bool = False) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    p.add_argument("--trainee", metavar="T", default=default, help="只要这位学员的通话（姓名或工号）")
    p.add_argument("--exam", action="store_true", default=argparse.SUPPRESS if suppress else False,
                   help="只要考核模式的通话")
    p.add_argument("--since", metavar="DATE", default=default, help="只要这一天（YYYY-MM-DD）及以后的通话")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "calls", aliases=["history"],
        help="通话记录：列出、查看、导出、校验、恢复（history 是同一个命令）",
        description="通话记录库里的每一通电话（练习和考核，培训界面和 hotline play --save 保存的）。"
        "默认在用户数据目录的 records.db（SQLite）；设置 HOTLINE_DB=postgresql://… 时为培训中心的共享库。"
        "不带子命令时等同于 list。",
        epilog="例：hotline calls list --trainee 张三 --exam；hotline calls show 12；"
        "hotline calls export --csv -o 成绩.csv；hotline calls verify（有问题时退出码为 1）",
    )
    _common(p)
    _filters(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--verify", action="store_true",
                   help="同 hotline calls verify（兼容旧的 history --verify）")
    p.set_defaults(func=run_list)
    ss = p.add_subparsers(dest="calls_command", metavar="子命令")

    sl = ss.add_parser("list", help="列出通话（最新的在前）", description="列出通话记录（最新的在前）。")
    _common(sl, True)
    _filters(sl, True)
    sl.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    sl.set_defaults(func=run_list)

    sh = ss.add_parser("show", help="显示一通电话：信息、对话和评分报告",
                       description="显示一通电话：信息、校验状态、对话和评分报告（含复评）。")
    sh.add_argument("call", metavar="N", help="通话编号（hotline calls list 的第一列）")
    sh.add_argument("--regrade", action="store_true", help="按当前评分规则重新评分后显示（不保存）")
    sh.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    _common(sh, True)
    sh.set_defaults(func=run_show)

    se = ss.add_parser("export", help="导出：CSV（Excel 可直接打开）、JSON、录音",
                       description="导出通话记录：CSV（UTF-8 带 BOM，Excel 打开中文不乱码）"
                       "或 JSON（含完整记录和评分报告），"
                       "--audio 目录 另存每通电话的录音（WAV）。")
    fmt = se.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="CSV 格式（默认）")
    fmt.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="JSON 格式")
    se.add_argument("-o", "--out", type=Path, metavar="FILE", help="写到这个文件（默认输出到屏幕）")
    se.add_argument("--audio", type=Path, metavar="DIR", help="把录音另存为 WAV 文件到这个目录")
    _common(se, True)
    _filters(se, True)
    se.set_defaults(func=run_export)

    sv = ss.add_parser("verify", help="校验记录是否被删除、改动或插入（有问题时退出码为 1）",
                       description="校验通话记录库的校验链：每一通被删除、改动或从外部插入的通话都会列出。"
                       "全部通过时退出码为 0，有问题时为 1。只读，不修改任何记录。")
    sv.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    _common(sv, True)
    sv.set_defaults(func=run_verify)

    sr = ss.add_parser("recover", help="把程序被强行关闭时未结束的通话保存为“中断”并评分",
                       description="程序被强行关闭（kill -9、关闭终端、断电）时没有结束的通话："
                       "按已记下的内容保存为“中断”的通话并评分。打开培训界面时也会自动执行。")
    _common(sr, True)
    sr.set_defaults(func=run_recover)


# --- opening ------------------------------------------------------------------------------------


def open_for(args: argparse.Namespace, recover: bool = True) -> Store:
    from simulator.records import open_store

    data: Path | None = getattr(args, "data", None)
    db: str | None = getattr(args, "db", None)
    if data is not None:
        from simulator.errors import HotlineError
        from simulator.records.legacy import import_legacy

        if not data.is_dir():
            raise HotlineError(f"数据目录不存在：{data}", hint="--data 应指向含 records.db 的数据目录")
        store = open_store(str(data / "records.db"))
        import_legacy(store, data / "calls")
    else:
        store = open_store(db)
    if recover:
        from simulator.records.recover import recover as close_dead

        for call in close_dead(store):
            print(f"（通话 #{call.id} {call.title or call.scenario} 上次没有正常结束，已保存为“中断”并评分）",
                  file=sys.stderr)
    return store


def _since(text: str | None) -> str | None:
    if text is None:
        return None
    from datetime import UTC, datetime

    from simulator.errors import HotlineError

    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise HotlineError(f"日期格式不对：{text}", hint="请写成 YYYY-MM-DD，例如 2026-12-01") from None
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def selected(store: Store, args: argparse.Namespace) -> list[CallRow]:
    exam = True if getattr(args, "exam", False) else None
    return store.calls(trainee=getattr(args, "trainee", None), exam=exam,
                       since=_since(getattr(args, "since", None)))


# --- commands -----------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from simulator.records import text as tx

    if getattr(args, "verify", False):
        return run_verify(args)
    with open_for(args) as store:
        calls = selected(store, args)
        if getattr(args, "json", False):
            print(json.dumps([c.to_json() for c in calls], ensure_ascii=False, indent=1))
            return 0
        if not calls:
            print(_nothing(store, args))
            return 0
        rows: list[tuple[str, ...]] = [
            (str(c.id), tx.when_text(c.started_at), tx.scenario_text(c), c.trainee or "—", tx.mode_text(c),
             tx.status_text(c), tx.score_text(c.score),
             tx.result_text(c.passed) if c.status != "open" else "—")
            for c in calls]
        print(f"通话记录：{store.where}（最新的在前）")
        for line in tx.table(("编号", "日期", "场景", "学员", "模式", "状态", "得分", "结果"), rows):
            print(line)
        print(f"共 {len(calls)} 通。查看一通：hotline calls show 编号；校验：hotline calls verify")
    return 0


def _nothing(store: Store, args: argparse.Namespace) -> str:
    total = store.count()
    if not total:
        return (f"还没有通话记录（{store.where}）。在培训界面（hotline）里接听一通电话，"
                "或用 hotline play 场景 --script 脚本 --save 保存一通。")
    text = f"没有符合条件的通话（共 {total} 通）。"
    names = sorted({c.trainee for c in store.calls() if c.trainee})
    if getattr(args, "trainee", None) and names:
        text += f"已有的学员：{'、'.join(names)}"
    return text


def run_show(args: argparse.Namespace) -> int:
    from grading.report_text import render
    from simulator.play.transcript import outcome_name
    from simulator.records import text as tx
    from simulator.records.reports import grade_record, report_from_json

    with open_for(args) as store:
        c = store.call(args.call)
        record = store.record(c.id) or {}
        reports = store.reports(c.id)
        problems = [p for p in store.verify() if p.call_id == c.id]
        if getattr(args, "json", False):
            out = {"call": c.to_json(), "record": record, "problems": [p.to_json() for p in problems],
                   "reports": [{"kind": r.kind, "created_at": r.created_at, "note": r.note, "report": r.body}
                               for r in reports]}
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
        print(f"通话 #{c.id}：{tx.when_text(c.started_at)}　{tx.scenario_text(c)}（{c.scenario}）"
              f"　学员 {c.trainee or '—'}　{tx.mode_text(c)}　{tx.status_text(c)}　站点 {c.station}")
        if problems:
            for p in problems:
                print(f"校验：⚠ {p.message}")
        else:
            print("校验：✓ 与校验链一致，记录、报告和录音都没有被改动")
        if record:
            print(f"结局：{'中断·' if c.interrupted else ''}{outcome_name(record.get('outcome'))}")
            print()
            for line in _dialogue(record):
                print(line)
        print()
        for r in reports[1:]:
            print(f"{'复评' if r.kind == 'regrade' else r.kind}（{tx.when_text(r.created_at)}）："
                  f"{tx.score_text(r.score)} 分，{tx.result_text(r.passed)}"
                  + (f"　{r.note}" if r.note else ""))
        report = None
        if args.regrade:
            report, why = grade_record(record)
            print("（--regrade：以下是按当前评分规则重新评分的结果，没有保存）" if report
                  else f"无法评分：{why}")
        elif reports:
            report = report_from_json(reports[0].body)
        else:
            print("这通电话没有评分报告。")
        if report is not None:
            print(render(report), end="")
    return 0


def _dialogue(record: dict[str, Any]) -> list[str]:
    names = {"ring": "—— 电话响铃 ——", "answer": "—— 接听 ——", "hold": "—— 保持 ——",
             "unhold": "—— 取消保持 ——"}
    out = []
    for e in record.get("events") or []:
        t = float(e.get("t", 0.0))
        kind = e.get("type")
        if kind == "say":
            who = "话务员" if e.get("who") == "operator" else "来电者"
            text = f"{who}：{e.get('text', '')}"
        elif kind == "transfer":
            text = f"—— 转接至 {e.get('to', '')} ——"
        elif kind == "hangup":
            text = "—— 话务员挂机 ——" if e.get("who") == "operator" else "—— 来电者挂机 ——"
        else:
            text = names.get(str(kind), f"—— {kind} ——")
        out.append(f"[{int(t // 60):02d}:{t % 60:04.1f}] {text}")
    return out


def run_export(args: argparse.Namespace) -> int:
    from simulator.errors import HotlineError
    from simulator.fsio import describe_os_error
    from simulator.records.export import atomic_write, csv_bytes, export_audio, json_bytes

    with open_for(args) as store:
        calls = selected(store, args)
        data = json_bytes(store, calls) if getattr(args, "json", False) else csv_bytes(store, calls)
        try:
            if args.out is not None:
                atomic_write(args.out, data)
                print(f"已导出 {len(calls)} 通电话到 {args.out}", file=sys.stderr)
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            if args.audio is not None:
                files = export_audio(store, calls, args.audio)
                print(f"已另存 {len(files)} 个录音文件到 {args.audio}", file=sys.stderr)
        except OSError as exc:  # creating the audio folder; files themselves raise WriteError
            message, hint = describe_os_error(exc, args.audio or args.out, action="导出")
            raise HotlineError(message, hint=hint) from None
    return 0


def run_verify(args: argparse.Namespace) -> int:
    with open_for(args, recover=False) as store:
        problems = store.verify()
        count = store.count()
        if getattr(args, "json", False):
            print(json.dumps({"ok": not problems, "count": count, "store": store.where,
                              "problems": [p.to_json() for p in problems]}, ensure_ascii=False, indent=1))
        elif not problems:
            print(f"全部 {count} 通记录校验通过（{store.where}）")
        else:
            print(f"⚠ 校验发现 {len(problems)} 个问题（{store.where}，共 {count} 通记录）：")
            for p in problems:
                print(f"  - {p.message}")
            print("有问题的通话，其得分和结果不能作为考核成绩。")
    return 1 if problems else 0


def run_recover(args: argparse.Namespace) -> int:
    from simulator.records import text as tx
    from simulator.records.recover import recover

    with open_for(args, recover=False) as store:
        closed = recover(store)
        for c in closed:
            print(f"通话 #{c.id}（{tx.when_text(c.started_at)} {tx.scenario_text(c)}，"
                  f"学员 {c.trainee or '—'}）"
                  f"已保存为“中断”：{tx.score_text(c.score)} 分，{tx.result_text(c.passed)}")
        still = store.open_calls()
        print(f"恢复了 {len(closed)} 通未正常结束的通话。" +
              (f"另有 {len(still)} 通正在进行（其程序仍在运行），没有动。" if still else ""))
    return 0
