"""``hotline exam``: exam files, sittings, headless takes, closing, verifying, reports and appeals.

Parsing only; the work is in :mod:`simulator.exams`. The trainer's secret (open, close, verify,
appeal) comes from a prompt, ``--key-file`` (outside the data folder) or ``--key-stdin`` — never
from an environment variable (see :mod:`simulator.exams.keys`). The store is ``--db``, else
``HOTLINE_DB``, else the local ``records.db``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _key_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--key-file", type=Path, metavar="FILE",
                   help="考官密钥文件（必须在用户数据目录以外，如考官的U盘）；不给则在终端提示输入")
    g.add_argument("--key-stdin", action="store_true", help="从标准输入的第一行读取考官密钥")


def _issued_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--issued", type=Path, metavar="FILE",
                   help="监考员发出的开考码清单：每发一次写一行开考码（同一个码发了两次就写两行），"
                        "或 姓名=发出的个数；发出的码在记录库里没有对应作答（作答被回滚或删除）"
                        "时会指出，退出码为 1")


def _issued(args: argparse.Namespace) -> Any:
    from simulator.exams.errors import ExamError
    from simulator.exams.startcodes import parse_issued

    if getattr(args, "issued", None) is None:
        return None
    try:
        text = args.issued.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExamError(f"无法读取开考码发出清单 {args.issued}：{exc}") from exc
    return parse_issued(text, str(args.issued))


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="通话记录库（默认：环境变量 HOTLINE_DB，否则本机 records.db）")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "exam", help="考试：考试文件、开考、作答、结束、校验、成绩报告、申诉",
        description="考试（认证考核）：考官用考试文件开考（抽题并用考官密钥签名），考生作答，"
        "考官结束考场（封存）、校验（重新评分并核对签名）并出成绩报告。单机 SQLite 考场开考时加"
        " --start-codes，每次作答前由监考员输入开考码，结束和校验时用 --issued 核对，"
        "可以查出考生把记录库恢复到早先的副本后重考。",
    )
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])
    ss = p.add_subparsers(dest="exam_command", metavar="子命令")

    x = ss.add_parser("list", help="列出考试文件和考场", description="列出考试库里的考试和记录库里的考场。")
    _db_arg(x)
    x.add_argument("--dir", type=Path, metavar="DIR", help="考试文件夹（默认为安装的 exams/）")
    x.set_defaults(func=run_list)

    x = ss.add_parser("lint", help="检查考试文件", description="检查考试文件的全部问题（"
                                                         "path:line:col: EXnnn 说明）。"
                      "有错误时退出码为 1。")
    x.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="文件或文件夹（默认为考试库）")
    x.add_argument("--codes", action="store_true", help="列出全部诊断代码及示例")
    x.add_argument("--no-source", action="store_true", help="不显示源代码行和 ^ 标记")
    x.set_defaults(func=run_lint)

    x = ss.add_parser("schema", help="输出考试文件的 JSON Schema", description="输出考试文件的 JSON Schema。")
    x.add_argument("--write", action="store_true", help="同时写入 exams/exam.schema.json")
    x.set_defaults(func=run_schema)

    x = ss.add_parser("keygen", help="生成考官密钥文件", description="生成一个随机的考官密钥文件（请放在U"
                                                             "盘上，用完带走）。")
    x.add_argument("--out", type=Path, required=True, metavar="FILE", help="密钥文件路径（不能在用户数据目"
                                                                           "录里）")
    x.set_defaults(func=run_keygen)

    x = ss.add_parser("open", help="开考：为每位考生抽题并签名",
                      description="按考试文件开一个考场：为每位考生抽定考题和作答次数，用考官密钥签名后写入记录库。"
                      "加 --start-codes 文件：每次作答响铃前都要监考员输入这次作答的开考码，"
                      "开考码表写到考官的U盘上；单机 SQLite 考场用它查出“把记录库恢复成早先的副本再重考”"
                      "（见 README 考试的可信度）。")
    x.add_argument("exam", metavar="EXAM", help="考试 id（hotline exam list）或考试文件路径")
    x.add_argument("--sitting", required=True, metavar="NAME", help="考场名称，如 2026冬季上岗考核-1")
    x.add_argument("--candidates", required=True, metavar="FILE|LIST",
                   help="考生名单：每行一个姓名的文本文件，或用逗号分隔的姓名")
    x.add_argument("--seed", type=int, help="抽题种子（默认随机；同一考试、考生和种子抽到同样的题）")
    x.add_argument("--by", default="", metavar="NAME", help="考官姓名（写进考场记录）")
    x.add_argument("--start-codes", type=Path, metavar="FILE",
                   help="使用开考码，并把开考码表（每位考生每通每次作答一个码）写到这里：考官的U盘，不能在用户数据"
                        "目录里；打印后交给监考员")
    _key_args(x)
    _db_arg(x)
    x.set_defaults(func=run_open)

    x = ss.add_parser("codes", help="重新输出考场的开考码表",
                      description="用考官密钥重新算出并输出开考码表（开考时用了 --start-codes 的考场）。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--out", type=Path, metavar="FILE", help="写到文件（考官的U盘）；不给则打印到屏幕")
    _key_args(x)
    _db_arg(x)
    x.set_defaults(func=run_codes)

    x = ss.add_parser("status", help="考场状态：名单、考题、已作答次数", description="显示考场的考生、考题"
                                                                     "和作答进度。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    _db_arg(x)
    x.set_defaults(func=run_status)

    x = ss.add_parser("take", help="无界面作答（试运行、测试）",
                      description="用脚本无界面地作答：每通考题用 DIR/<场景 id>.txt，与"
                                  " hotline play --script 相同。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--candidate", required=True, metavar="NAME", help="考生（姓名或工号）")
    x.add_argument("--script-dir", required=True, type=Path, metavar="DIR",
                   help="考生的演练脚本所在文件夹（每通考题一个脚本：<场景 id>.txt）")
    x.add_argument("--slot", type=int, metavar="N", help="只作答（或重考）第 N 通")
    x.add_argument("--start-code", action="append", default=[], metavar="CODE", dest="start_codes",
                   help="监考员给的开考码（考场用开考码时必填；作答几通就给几个，按作答顺序）")
    _db_arg(x)
    x.set_defaults(func=run_take)

    x = ss.add_parser("close", help="结束考场并封存",
                      description="结束考场：把仍在进行的通话记为中断，核对全部作答，用考官密钥签名封存。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--by", default="", metavar="NAME", help="考官姓名")
    x.add_argument("--receipt", type=Path, metavar="FILE",
                   help="把签名的封存回执写到这里（考官的U盘，不能在用户数据目录里）；校验时用它能查出封存被删除")
    _issued_arg(x)
    _key_args(x)
    _db_arg(x)
    x.set_defaults(func=run_close)

    x = ss.add_parser("verify", help="校验考场：签名、封存、重新评分",
                      description="校验考场：核对签名和封存，重新评分每一通并与存档比较。有任何问题退出码"
                                  "为 1。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--json", action="store_true", help="输出 JSON")
    x.add_argument("--receipt", type=Path, metavar="FILE", help="结束考场时保存的封存回执")
    x.add_argument("--seal-code", metavar="CODE", help="结束考场时打印的封存码")
    _issued_arg(x)
    _key_args(x)
    _db_arg(x)
    x.set_defaults(func=run_verify)

    x = ss.add_parser("report", help="成绩报告（文本、CSV、HTML）",
                      description="按考生和类别汇总成绩；--csv 供 Excel 打开，--html 可打印（含图表）。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--csv", type=Path, metavar="FILE", help="另存为 CSV（UTF-8 带 BOM，Excel 可直接打开）")
    x.add_argument("--html", type=Path, metavar="FILE", help="另存为可打印的 HTML 报告")
    _db_arg(x)
    x.set_defaults(func=run_report)

    x = ss.add_parser("appeal", help="申诉：考官撤销或维持某条评分问题（附理由，签名保存）",
                      description="考官对某次作答的某条评分问题作出决定（撤销或维持），写明理由，用考官密钥签名；"
                      "原评分保留不变，报告里同时显示原分和复核后的分数。")
    x.add_argument("sitting", metavar="SITTING", help="考场名称（开考时 --sitting 给的名字）")
    x.add_argument("--candidate", required=True, metavar="NAME", help="考生（姓名或工号）")
    x.add_argument("--slot", required=True, type=int, metavar="N", help="第几通")
    x.add_argument("--attempt", type=int, metavar="K", help="第几次作答（默认最后一次）")
    x.add_argument("--rule", required=True, metavar="CODE", help="评分问题的规则代码，如 CMP002")
    x.add_argument("--at", type=float, metavar="T", help="同一规则有多条时，问题发生的时间（秒）")
    d = x.add_mutually_exclusive_group(required=True)
    d.add_argument("--withdraw", action="store_true", help="撤销这条问题（不再扣分）")
    d.add_argument("--uphold", action="store_true", help="维持这条问题")
    x.add_argument("--reason", required=True, metavar="TEXT", help="理由")
    x.add_argument("--by", default="", metavar="NAME", help="考官姓名")
    _key_args(x)
    _db_arg(x)
    x.set_defaults(func=run_appeal)

    x = ss.add_parser("setup-roles", help="PostgreSQL：建立只能插入的考站角色和考官角色",
                      description="在培训中心的 PostgreSQL 上建立两个角色：考站（只能插入和读取，不能修改"
                                  "或删除）"
                      "和考官（开考、结束、申诉）。需要用数据库所有者连接（--db 或 HOTLINE_DB）。")
    x.add_argument("--station-role", default="hotline_station", metavar="NAME",
                   help="考站使用的数据库角色名（默认 hotline_station）")
    x.add_argument("--trainer-role", default="hotline_trainer", metavar="NAME",
                   help="培训师使用的数据库角色名（默认 hotline_trainer）")
    x.add_argument("--print", action="store_true", dest="print_only", help="只打印 SQL，不执行")
    _db_arg(x)
    x.set_defaults(func=run_setup_roles)


def _store(args: argparse.Namespace) -> Any:
    from simulator.records import open_store

    return open_store(getattr(args, "db", None))


def _secret(args: argparse.Namespace, confirm: bool = False) -> str:
    from simulator.exams.keys import read_secret

    return read_secret(key_file=args.key_file, stdin=args.key_stdin, confirm=confirm)


def run_list(args: argparse.Namespace) -> int:
    from simulator.exams.library import exam_files
    from simulator.exams.loader import check_file

    files = exam_files(args.dir)
    print(f"考试（{len(files)} 个）：")
    for path in files:
        exam, diags = check_file(path)
        if exam is None or any(d.is_error for d in diags):
            print(f"  {path.name}  （有错误：hotline exam lint {path}）")
        else:
            print(f"  {exam.id}  {exam.title}　每人 {exam.calls} 通，每通 {exam.attempts} 次")
    from simulator.exams.tables import ExamTables

    with _store(args) as store:
        names = ExamTables(store.db).sitting_names()
        closed = {n for n, _ in names if ExamTables(store.db).seal(n) is not None}
    print(f"考场（{len(names)} 个，{store.where}）：")
    for name, created in names:
        print(f"  {name}  开考于 {created}　{'已结束' if name in closed else '进行中'}")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    from simulator.exams import codes
    from simulator.scenario import diagnostics as dg

    if args.codes:
        print(codes.render_codes())
        return 0
    from simulator.exams.library import lint
    from simulator.paths import exams_dir

    result = lint(args.paths or [exams_dir()])
    for d in result.diagnostics:
        print(dg.render_diagnostic(d, source=not args.no_source))
    print(dg.summary(result.diagnostics, len(result.files)))
    return 1 if result.errors else 0


def run_schema(args: argparse.Namespace) -> int:
    from simulator.exams.schema import SCHEMA_FILE, schema_text
    from simulator.paths import exams_dir

    text = schema_text()
    sys.stdout.write(text)
    if args.write:
        from simulator.fsio import atomic_write_text as write_text

        write_text(exams_dir() / SCHEMA_FILE, text)
        print(f"已写入 {exams_dir() / SCHEMA_FILE}", file=sys.stderr)
    return 0


def run_keygen(args: argparse.Namespace) -> int:
    from simulator.exams.keys import generate_key_file

    generate_key_file(args.out)
    print(f"已生成考官密钥文件 {args.out}。开考、结束、校验和申诉时用 --key-file {args.out}；"
          "请把它留在考官的U盘上，不要拷到考试电脑里。")
    return 0


def _candidates(value: str) -> list[str]:
    from simulator.exams.errors import ExamError
    from simulator.exams.sitting import parse_candidates

    path = Path(value)
    if path.is_file():
        try:
            return parse_candidates(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ExamError(f"无法读取考生名单 {path}：{exc}") from exc
    return parse_candidates(value)


def run_open(args: argparse.Namespace) -> int:
    import secrets

    from simulator.exams.keys import check_key_location
    from simulator.exams.library import find
    from simulator.exams.trainer import open_sitting_in_store, start_code_sheet
    from simulator.fsio import atomic_write_text

    exam = find(args.exam)
    candidates = _candidates(args.candidates)
    if args.start_codes is not None:
        check_key_location(args.start_codes, "开考码表")
    elif exam.start_codes:
        from simulator.exams.errors import ExamError

        raise ExamError(f"考试 {exam.id} 要求每次作答前由监考员输入开考码，需要写出开考码表",
                        hint="加 --start-codes 文件（考官的U盘，不能在用户数据目录里）")
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    secret = _secret(args, confirm=True)
    with _store(args) as store:
        sitting = open_sitting_in_store(store, exam, args.sitting, candidates, seed, secret, args.by,
                                        start_codes=args.start_codes is not None)
        where = store.where
        sheet = start_code_sheet(store, sitting.name, secret) if sitting.start_codes else ""
    print(f"已开考：考场 {sitting.name}（{exam.title}），{len(candidates)} 位考生，抽题种子 {seed}，记录库"
          f" {where}")
    for name, slots in sitting.candidates.items():
        print(f"  {name}：" + "、".join(f"{s.index}.{s.scenario}" for s in slots))
    if sheet:
        atomic_write_text(args.start_codes, sheet + "\n", make_parents=True)
        print(f"开考码表已写入 {args.start_codes}：请打印后交给监考员，不要留在考试电脑上。"
              "每次作答响铃前由监考员输入这次作答的开考码；结束和校验考场时用 --issued 给出发出过的码。")
    print("结束考场时用同一把考官密钥：hotline exam close " + sitting.name)
    return 0


def run_codes(args: argparse.Namespace) -> int:
    from simulator.exams.keys import check_key_location
    from simulator.exams.trainer import start_code_sheet
    from simulator.fsio import atomic_write_text

    if args.out is not None:
        check_key_location(args.out, "开考码表")
    secret = _secret(args)
    with _store(args) as store:
        sheet = start_code_sheet(store, args.sitting, secret)
    if args.out is None:
        print(sheet)
    else:
        atomic_write_text(args.out, sheet + "\n", make_parents=True)
        print(f"开考码表已写入 {args.out}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from simulator.exams.station import load_sitting, used_attempts
    from simulator.exams.tables import ExamTables

    with _store(args) as store:
        tables = ExamTables(store.db)
        sitting, _ = load_sitting(tables, args.sitting)
        closed = tables.seal(sitting.name) is not None
        codes = "，每次作答前由监考员输入开考码" if sitting.start_codes else ""
        print(f"考场 {sitting.name}：{sitting.exam.title}，{'已结束' if closed else '进行中'}，"
              f"每通最多作答 {sitting.attempts} 次{codes}")
        for name, slots in sitting.candidates.items():
            used = used_attempts(tables, sitting.name, name)
            cells = "　".join(f"{s.index}.{s.scenario} {used.get(s.index, 0)}/{sitting.attempts}"
                             for s in slots)
            print(f"  {name}：{cells}")
    return 0


def run_take(args: argparse.Namespace) -> int:
    from simulator.exams.take import take

    with _store(args) as store:
        done = take(store, args.sitting, args.candidate, args.script_dir, slot=args.slot,
                    start_codes=args.start_codes)
    print(f"完成 {len(done)} 通。")
    return 0


def run_close(args: argparse.Namespace) -> int:
    from simulator.exams.keys import check_key_location
    from simulator.exams.trainer import close_sitting, seal_code, seal_receipt
    from simulator.fsio import atomic_write_json

    if args.receipt is not None:
        check_key_location(args.receipt, "封存回执")
    issued = _issued(args)
    secret = _secret(args)
    with _store(args) as store:
        seal, problems = close_sitting(store, args.sitting, secret, args.by, issued=issued)
        uses_codes = _uses_codes(store, args.sitting)
        code = seal_code(store, args.sitting)
        receipt = seal_receipt(store, args.sitting)
    print(f"考场 {seal.sitting} 已结束并封存：{len(seal.attempts)} 次作答，{len(seal.not_taken)} 通未作答。")
    print(f"封存码：{code}（请记下；校验时 --seal-code {code}）")
    if args.receipt is not None:
        atomic_write_json(args.receipt, receipt, make_parents=True)
        print(f"封存回执已写入 {args.receipt}（校验时 --receipt {args.receipt}）")
    if issued is None and uses_codes:
        print("注：本考场使用开考码，但没有给出监考员的发出清单（--issued）：被回滚的作答现在查不出来；"
              "校验时加上 --issued 文件 仍可核对。")
    for c, s in seal.not_taken:
        print(f"  未作答：{c} 第 {s} 通")
    for msg in problems:
        print(f"  ⚠ {msg}")
    if problems:
        print("发现问题，已记入封存；hotline exam verify 会列出它们。")
        return 1
    return 0


def _uses_codes(store: Any, name: str) -> bool:
    from simulator.exams.station import load_sitting
    from simulator.exams.tables import ExamTables

    return load_sitting(ExamTables(store.db), name)[0].start_codes


def run_verify(args: argparse.Namespace) -> int:
    from simulator.exams.verify import verify_sitting

    receipt = None
    if args.receipt is not None:
        from simulator.exams.errors import ExamError

        try:
            receipt = json.loads(args.receipt.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ExamError(f"无法读取封存回执 {args.receipt}：{exc}") from exc
    issued = _issued(args)
    secret = _secret(args)
    with _store(args) as store:
        result = verify_sitting(store, args.sitting, secret, receipt=receipt, seal_code=args.seal_code,
                                issued=issued)
    if args.json:
        print(json.dumps({"sitting": result.sitting, "closed": result.closed, "ok": result.ok,
                          "problems": [p.to_json() for p in result.problems], "notes": list(result.notes)},
                         ensure_ascii=False, indent=2))
    else:
        for note in result.notes:
            print(f"注：{note}")
        for p in result.problems:
            print(f"✗ [{p.code}] {p.message}")
        if result.ok:
            print(f"考场 {result.sitting}：{result.checked_calls} 次作答全部重新评分并核对，签名和封存完"
                  f"好，没有发现问题。")
        else:
            print(f"考场 {result.sitting}：发现 {len(result.problems)} 个问题。")
    return 0 if result.ok else 1


def run_report(args: argparse.Namespace) -> int:
    from simulator.exams.report import render_csv, render_text
    from simulator.exams.report_html import render
    from simulator.exams.results import sitting_results
    from simulator.fsio import atomic_write_text as write_text

    with _store(args) as store:
        res = sitting_results(store, args.sitting)
    sys.stdout.write(render_text(res))
    if args.csv:
        write_text(args.csv, render_csv(res), make_parents=True)
        print(f"已写入 CSV：{args.csv}", file=sys.stderr)
    if args.html:
        write_text(args.html, render(res), make_parents=True)
        print(f"已写入 HTML 报告：{args.html}", file=sys.stderr)
    return 0


def run_appeal(args: argparse.Namespace) -> int:
    from simulator.exams.trainer import add_appeal

    secret = _secret(args)
    decision = "withdraw" if args.withdraw else "uphold"
    with _store(args) as store:
        appeal = add_appeal(store, args.sitting, secret, candidate=args.candidate, slot=args.slot,
                            attempt=args.attempt, rule=args.rule, at=args.at, decision=decision,
                            reason=args.reason, by=args.by)
    word = "撤销" if decision == "withdraw" else "维持"
    print(f"已记录申诉：{appeal.candidate} 第 {appeal.slot} 通第 {appeal.attempt} 次作答的 {appeal.rule}"
          f" {word}，"
          f"理由：{appeal.reason}。原评分保留，报告中同时显示。")
    return 0


def run_setup_roles(args: argparse.Namespace) -> int:
    from simulator.exams.roles import role_sql, setup_roles

    if args.print_only:
        print(role_sql(args.station_role, args.trainer_role, tables=None))
        return 0
    with _store(args) as store:
        done = setup_roles(store, args.station_role, args.trainer_role)
    print(done)
    return 0
