"""``hotline history [--exam] [--trainee NAME] [--json] [--verify] [--data DIR]`` and
``hotline history show N|FOLDER``: the training-room app's sealed history on the command line.

Every call the app finished is a folder under ``calls/`` in the user data folder plus a line of
the HMAC-chained ``calls/index.jsonl`` (:mod:`simulator.tui.store.history`). This command lists
the calls with the result of checking each one, and ``--verify`` prints only the problems and
exits 1 when there is any, 0 when everything checks out — for a trainer to run before accepting
exam results, also on a data folder copied from a training PC (``--data DIR``).

Besides what :meth:`History.entries` flags, a call folder that holds a record or a report but has
no line in the index is a problem: removing the *last* index line leaves no broken link in the
chain, but its folder stays behind.

Read-only: the key (``HOTLINE_HISTORY_KEY``, else ``history.key`` next to ``calls/``) is never
created here. Imports only the store module (hashlib, json), never textual; grading is imported
by ``show`` alone. Errors are :class:`~simulator.errors.HotlineError` (exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.tui.store.history import Entry

INDEX = "index.jsonl"  # == simulator.tui.store.history.INDEX (not imported at registration)
KEY_FILE = "history.key"
KEY_ENV = "HOTLINE_HISTORY_KEY"
CALL_FILES = ("record.json", "report.json")
MODE_NAMES = {"exam": "考核", "practice": "练习"}
UNSEALED = "有通话记录，但不在封存的索引中（索引里这通电话的条目可能被删除了）"
WRONG_KEY_HINT = ("索引的全部条目都没有通过校验：除非整个索引都被改过，否则是用错了密钥。"
                  f"请使用那台培训电脑上的 history.key，或设置与它相同的环境变量 {KEY_ENV}。")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "history",
        usage="hotline history [--exam] [--trainee NAME] [--json] [--verify] [--data DIR]\n"
        "       hotline history show N|FOLDER [--data DIR] [--regrade]",
        help="列出培训界面保存的通话记录；--verify 校验考核结果是否被改动",
        description="列出培训界面保存的每通电话（最新的在前）：日期、场景、学员、模式、得分、结果和校验状态。"
        "通话记录保存在用户数据目录的 calls/ 下（环境变量 HOTLINE_DATA 可改位置），索引逐条用密钥签名封存"
        f"（密钥在 history.key，或环境变量 {KEY_ENV}）：记录、报告、录音或分数被改动，"
        "条目被删除或插入，都会标出 ⚠。",
        epilog="--verify 总是校验全部记录，有问题时退出码为 1，全部通过为 0，可在接受考核成绩前运行。"
        "查看某一通的评分报告：hotline history show 编号（编号见列表第一列）或 show 文件夹。",
    )
    p.add_argument("--exam", action="store_true", help="只列出考核模式的通话")
    p.add_argument("--trainee", metavar="NAME",
                   help="只列出这位学员的通话（姓名或工号，与培训界面填写的一致）")
    p.add_argument("--json", action="store_true", help="输出 JSON（含文件夹路径和校验问题）")
    p.add_argument("--verify", action="store_true",
                   help="只输出校验问题；有问题时退出码为 1，全部通过为 0")
    p.add_argument("--data", type=Path, metavar="DIR",
                   help="数据目录（含 calls/ 和 history.key，例如从培训电脑复制来的；"
                   "默认为 HOTLINE_DATA 或本机用户数据目录）")
    p.set_defaults(func=run_list)
    ss = p.add_subparsers(dest="history_command", metavar="子命令")
    sh = ss.add_parser("show", help="显示某一通电话的评分报告（开头是校验状态）",
                       description="显示某一通电话保存的评分报告，开头是这通电话的校验状态。")
    sh.add_argument("call", metavar="N|FOLDER",
                    help="列表里的编号（1 为最新一通），或通话文件夹（名称或路径）")
    sh.add_argument("--data", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="数据目录（同上）")
    sh.add_argument("--regrade", action="store_true", help="不用保存的报告，按当前评分规则重新给通话记录评分")
    sh.set_defaults(func=run_show)


# --- loading and checking ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    n: int  # number in the full list, 1 = newest (stable whatever the filters)
    entry: Entry
    folder: Path
    line: int | None  # line of index.jsonl (1-based); None: not in the index

    @property
    def sealed(self) -> bool:
        return self.line is not None


@dataclass(frozen=True)
class Loaded:
    calls: Path
    explicit: bool  # --data (or a folder path) named the data folder
    rows: list[Row]

    @property
    def problems(self) -> list[Row]:
        return [r for r in self.rows if r.entry.problem]


def locate(data: Path | None) -> tuple[Path, Path]:
    """``(calls folder, key file)`` for ``--data DIR`` (a data folder, or its ``calls/``), else the
    user data folder (``HOTLINE_DATA`` or the platform's)."""
    from simulator.errors import HotlineError

    if data is None:
        from simulator.paths import user_data_dir

        root = user_data_dir()
        return root / "calls", root / KEY_FILE
    if not data.is_dir():
        raise HotlineError(f"数据目录不存在：{data}",
                           hint="--data 应指向含 calls/ 文件夹和 history.key 的数据目录")
    if not (data / "calls").is_dir() and (data / INDEX).exists():  # the calls folder itself
        key = data / KEY_FILE if (data / KEY_FILE).exists() else data.parent / KEY_FILE
        return data, key
    return data / "calls", data / KEY_FILE


def read_key(key_file: Path) -> bytes:
    """The key as the store reads it; never created here (this command only reads)."""
    from simulator.errors import HotlineError

    if env := os.environ.get(KEY_ENV):
        return env.encode()
    hint = (f"密钥在环境变量 {KEY_ENV} 里，或数据目录的 history.key 文件里（培训界面第一次保存通话时创建）。"
            f"从培训电脑复制来的记录：把那台电脑数据目录里的 history.key 一起复制到 {key_file.parent}；"
            f"培训师用自己的密钥时：export {KEY_ENV}=密钥")
    try:
        key = key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise HotlineError(f"找不到校验密钥：没有设置环境变量 {KEY_ENV}，{key_file} 也不存在",
                           hint=hint) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = _os_reason(exc) if isinstance(exc, OSError) else "不是文本文件"
        raise HotlineError(f"无法读取校验密钥 {key_file}：{reason}", hint=hint) from None
    if not key:
        raise HotlineError(f"校验密钥文件是空的：{key_file}", hint=hint)
    return key.encode()


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or str(exc)


def read_index(index: Path) -> str | None:
    """The index's text; None when there is none yet."""
    from simulator.errors import HotlineError

    try:
        return index.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HotlineError(f"无法读取通话索引 {index}：{_os_reason(exc)}",
                           hint="检查文件权限；索引必须是培训界面写下的 index.jsonl") from None
    except UnicodeDecodeError:
        raise HotlineError(f"无法读取通话索引 {index}：不是 UTF-8 文本（文件已损坏或被替换）",
                           hint="找回原来的 index.jsonl；不能修复的索引无法证明考核结果未被改动") from None


def load(data: Path | None) -> Loaded:
    from simulator.tui.store.history import History

    calls, key_file = locate(data)
    text = read_index(calls / INDEX)
    rows: list[Row] = []
    ids: set[str] = set()
    if text is not None and text.strip():
        entries = History(calls, key=read_key(key_file)).entries()  # newest first
        for i, e in enumerate(entries):
            rows.append(Row(0, e, calls / e.id, len(entries) - i))
            ids.add(e.id)
    rows.extend(unsealed_rows(calls, ids))
    rows.sort(key=lambda r: r.entry.when, reverse=True)  # stable: index order among equal times
    rows = [Row(n, r.entry, r.folder, r.line) for n, r in enumerate(rows, 1)]
    return Loaded(calls, data is not None, rows)


def unsealed_rows(calls: Path, ids: set[str]) -> list[Row]:
    """Call folders with a record or report that no index line names (a folder with only audio
    is a call that never finished, and is left alone)."""
    from simulator.tui.store.history import Entry

    try:
        folders = sorted(p for p in calls.iterdir() if p.is_dir() and p.name not in ids)
    except OSError:
        return []
    out: list[Row] = []
    for folder in folders:
        if not any((folder / name).is_file() for name in CALL_FILES):
            continue
        record, report = _json(folder / "record.json"), _json(folder / "report.json")
        score, passed = report.get("score"), report.get("passed")
        entry = Entry(
            id=folder.name, when=_folder_time(folder), scenario=str(record.get("scenario", "")), title="",
            trainee="", mode="", score=score if type(score) is int else None,
            passed=passed if isinstance(passed, bool) else None,
            outcome=record.get("outcome") if isinstance(record.get("outcome"), str) else None,
            interrupted=record.get("interrupted") is True, problem=UNSEALED,
        )
        out.append(Row(0, entry, folder, None))
    return out


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _folder_time(folder: Path) -> str:
    """``20240501-093000-silent-caller`` → ``2024-05-01T09:30:00`` (else the folder's mtime)."""
    try:
        return datetime.strptime(folder.name[:15], "%Y%m%d-%H%M%S").isoformat(timespec="seconds")
    except ValueError:
        try:
            return datetime.fromtimestamp(folder.stat().st_mtime).isoformat(timespec="seconds")
        except OSError:
            return ""


# --- text ---------------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def when_text(e: Entry) -> str:
    return e.when.replace("T", " ")[:16] or "—"


def scenario_text(e: Entry) -> str:
    return e.title or e.scenario or "—"


def mode_text(e: Entry) -> str:
    return MODE_NAMES.get(e.mode, e.mode or "—")


def score_text(e: Entry) -> str:
    return "—" if e.score is None else str(e.score)


def result_text(e: Entry) -> str:
    if e.passed is None:
        return "未评分"
    return "通过" if e.passed else "不通过"


def check_text(e: Entry) -> str:
    return f"⚠ {e.problem}" if e.problem else "✓"


def call_text(e: Entry) -> str:
    """Time, scenario (title and id), trainee, mode."""
    parts = [when_text(e), scenario_text(e)]
    if e.scenario and e.title:
        parts[-1] += f"（{e.scenario}）"
    if e.trainee:
        parts.append(f"学员 {e.trainee}")
    if e.mode:
        parts.append(mode_text(e))
    return "　".join(parts)


def where_text(row: Row) -> str:
    """Which call, for a problem line: :func:`call_text`, the folder and the index line."""
    place = f"文件夹 {row.entry.id}" if row.sealed else f"文件夹 {row.folder}"
    if row.line is not None:
        place += f"，索引第 {row.line} 行"
    return f"{call_text(row.entry)}　{place}"


def no_history(loaded: Loaded) -> str:
    text = f"还没有通话记录（{loaded.calls} 下没有 {INDEX}）。"
    if loaded.explicit:
        return text + "请确认 --data 指向培训电脑的数据目录（含 calls/ 文件夹和 history.key）。"
    return text + ("在培训界面（hotline）里接听一通电话后就会保存；"
                   "查看从别的电脑复制来的记录请用 --data 目录。")


# --- commands -----------------------------------------------------------------------------------


def _filtered(rows: list[Row], args: argparse.Namespace) -> list[Row]:
    out = rows
    if args.exam:  # unsealed folders have no mode: they may be exams, so they stay
        out = [r for r in out if r.entry.mode == "exam" or not r.sealed]
    if args.trainee is not None:
        name = args.trainee.strip()
        out = [r for r in out if r.entry.trainee.strip() == name or not r.sealed]
    return out


def _json_row(row: Row) -> dict[str, Any]:
    e = row.entry
    return {"n": row.n, "id": e.id, "folder": str(row.folder.resolve()), "when": e.when,
            "scenario": e.scenario, "title": e.title, "trainee": e.trainee, "mode": e.mode,
            "score": e.score, "passed": e.passed, "outcome": e.outcome, "interrupted": e.interrupted,
            "sealed": row.sealed, "index_line": row.line, "verified": not e.problem, "problem": e.problem}


def run_list(args: argparse.Namespace) -> int:
    loaded = load(args.data)
    if args.verify:
        return _verify(loaded, args)
    rows = _filtered(loaded.rows, args)
    if args.json:
        print(json.dumps([_json_row(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not loaded.rows:
        print(no_history(loaded))
        return 0
    if not rows:
        print(_nothing_matches(loaded, args))
        return 0
    head = ("#", "日期", "场景", "学员", "模式", "得分", "结果", "校验")
    table = [(str(r.n), when_text(r.entry), scenario_text(r.entry), r.entry.trainee or "—",
              mode_text(r.entry), score_text(r.entry), result_text(r.entry), check_text(r.entry))
             for r in rows]
    widths = [max(_width(c[i]) for c in [head, *table]) for i in range(len(head) - 1)]
    print(f"通话记录：{loaded.calls}（最新的在前）")
    for cells in [head, *table]:
        print("  ".join([_pad(c, w) for c, w in zip(cells, widths, strict=False)] + [cells[-1]]).rstrip())
    bad = sum(1 for r in rows if r.entry.problem)
    print(f"共 {len(rows)} 通，" + (f"其中 {bad} 通校验失败（⚠：结果可能被改动过）" if bad
                                    else "全部校验通过"))
    print("查看某一通的评分报告：hotline history show 编号")
    return 0


def _nothing_matches(loaded: Loaded, args: argparse.Namespace) -> str:
    what = []
    if args.trainee is not None:
        what.append(f"学员“{args.trainee.strip()}”的")
    if args.exam:
        what.append("考核")
    text = f"没有{''.join(what)}通话记录（共 {len(loaded.rows)} 通）。"
    names = sorted({r.entry.trainee for r in loaded.rows if r.entry.trainee})
    if args.trainee is not None and names:
        text += f"已有的学员：{'、'.join(names)}"
    return text


def _verify(loaded: Loaded, args: argparse.Namespace) -> int:
    if args.exam or args.trainee is not None:
        print("注意：--verify 总是校验全部记录（删掉一条记录会让后面别人的记录报错），"
              "--exam 和 --trainee 不起作用。", file=sys.stderr)
    rows, bad = loaded.rows, loaded.problems
    all_edited = bool(rows) and all(r.entry.problem == "索引条目被改动" for r in rows if r.sealed) \
        and any(r.sealed for r in rows)
    if args.json:
        print(json.dumps({"ok": not bad, "count": len(rows), "calls": str(loaded.calls.resolve()),
                          "problems": [_json_row(r) for r in bad]}, ensure_ascii=False, indent=2))
    elif not rows:
        print(no_history(loaded))
    elif not bad:
        print(f"全部 {len(rows)} 通记录校验通过")
    else:
        print(f"⚠ {len(rows)} 通记录中有 {len(bad)} 通校验失败（{loaded.calls}）：")
        for r in bad:
            print(f"#{r.n}  {where_text(r)}")
            print(f"    问题：{r.entry.problem}")
        print("这些通话的得分或结果不能作为考核成绩（详见 hotline history show 编号）。")
        if all_edited:
            print(f"提示：{WRONG_KEY_HINT}")
    return 1 if bad else 0


def _pick(args: argparse.Namespace) -> Row:
    from simulator.errors import HotlineError
    from simulator.tui.store.history import Entry

    ref: str = args.call
    data: Path | None = args.data
    path = Path(ref)
    if not ref.isdigit() and data is None and path.is_dir() and path.parent != Path("."):
        data = path.parent  # a folder of another data folder: check it against that folder's index
    loaded = load(data)
    if ref.isdigit():
        n = int(ref)
        if not loaded.rows:
            raise HotlineError(no_history(loaded))
        if not 1 <= n <= len(loaded.rows):
            raise HotlineError(f"没有第 {n} 通电话：共 {len(loaded.rows)} 通（1 为最新一通）",
                               hint="编号见 hotline history 列表的第一列")
        return loaded.rows[n - 1]
    for row in loaded.rows:
        if row.entry.id == path.name:
            return row
    if path.is_dir() and any((path / name).is_file() for name in CALL_FILES):
        entry = Entry(id=path.name, when=_folder_time(path), scenario="", title="", trainee="", mode="",
                      score=None, passed=None, outcome=None,
                      problem=f"不在 {loaded.calls} 的封存索引中，无法校验")
        return Row(0, entry, path, None)
    raise HotlineError(f"找不到通话 {ref}（在 {loaded.calls} 里）",
                       hint="用 hotline history 列出的编号，或 calls/ 下的文件夹名")


def run_show(args: argparse.Namespace) -> int:
    from grading.report_text import render
    from simulator.play.transcript import OUTCOME_NAMES
    from simulator.tui.store.calls import grade_record
    from simulator.tui.store.reports import report_from_json

    row = _pick(args)
    e = row.entry
    if e.problem:
        print(f"校验：⚠ {e.problem} —— 此结果可能被改动过，不能作为考核成绩")
    else:
        print("校验：✓ 与封存的索引一致，记录、报告和录音都没有被改动")
    print(f"通话：{call_text(e)}")
    if row.sealed:
        print(f"成绩（索引中封存）：{score_text(e)} 分，{result_text(e)}")
    record, report_data = _json(row.folder / "record.json"), _json(row.folder / "report.json")
    if record:
        outcome = record.get("outcome")
        print(f"结局：{'中断·' if record.get('interrupted') else ''}"
              f"{OUTCOME_NAMES.get(outcome, outcome) if isinstance(outcome, str) else '通话未结束'}")
    print(f"文件夹：{row.folder}" + (f"（索引第 {row.line} 行）" if row.line is not None else ""))
    print()
    report = None
    if report_data and not args.regrade:
        try:
            report = report_from_json(report_data)
        except (TypeError, ValueError, AttributeError):
            print("（报告文件无法读取）")
    if report is None:
        if not record:
            print("无法读取这通电话的记录和报告。")
            return 0
        report, reason = grade_record(record)
        if report is None:
            print(f"无法评分：{reason}")
            return 0
        why = "--regrade" if args.regrade else "报告文件缺失或无法读取"
        print(f"（{why}：以下是按当前评分规则对通话记录重新评分的结果，不是保存的报告）")
    else:
        if row.sealed and (report.score != e.score or report.passed != e.passed):
            print(f"⚠ 报告里的成绩（{report.score} 分，{'通过' if report.passed else '不通过'}）"
                  f"与索引中的成绩（{score_text(e)} 分，{result_text(e)}）不一致")
        if e.problem and record:
            print("（以下是保存的报告；加 --regrade 可按通话记录重新评分对照）")
    print(render(report), end="")
    return 0
