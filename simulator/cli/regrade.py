"""``hotline regrade [--since DATE] [--jobs N] [--dry-run]``: grade stored calls again.

After the standards data or the rules change, every stored call (or those since a date) is graded
again on all cores (:mod:`simulator.records.regrade`); a grade that changed is stored beside the
old one (which stays) and printed: score and result before → after, rules added and gone.
"""

from __future__ import annotations

import argparse
import time
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "regrade", help="按当前评分规则重新评分已保存的通话（保留原成绩，列出变化）",
        description="评分规则或规范数据更新后，按当前规则重新给已保存的通话评分。原来的成绩保留不动，"
        "变化的成绩另存为“复评”，并列出每通电话得分、结果和触发规则的变化。使用全部 CPU 核心。")
    p.add_argument("--since", metavar="DATE", help="只复评这一天（YYYY-MM-DD）及以后的通话")
    p.add_argument("--trainee", metavar="T", help="只复评这位学员的通话")
    p.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认为 CPU 核心数）")
    p.add_argument("--dry-run", action="store_true", help="只列出变化，不保存")
    from simulator.cli.calls import _common

    _common(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.calls import _since, open_for
    from simulator.records import text as tx
    from simulator.records.regrade import regrade

    start = time.monotonic()
    with open_for(args) as store:
        calls = store.calls(since=_since(args.since), trainee=args.trainee)
        done = changed = failed = 0
        for call, change in regrade(store, calls, jobs=args.jobs, save=not args.dry_run):
            done += 1
            if change is None:
                continue
            who = (f"#{call.id} {tx.when_text(call.started_at)} {tx.scenario_text(call)} "
                   f"学员 {call.trainee or '—'}")
            if change.new is None:
                failed += 1
                print(f"{who}：无法评分（{change.error}）")
                continue
            changed += 1
            old = f"{tx.score_text(change.old_score)} 分 {tx.result_text(change.old_passed)}"
            new = f"{change.new.get('score')} 分 {tx.result_text(bool(change.new.get('passed')))}"
            rules = []
            if change.added:
                rules.append("新增 " + "、".join(change.added))
            if change.removed:
                rules.append("不再有 " + "、".join(change.removed))
            print(f"{who}：{old} → {new}" + (f"（{'；'.join(rules)}）" if rules else ""))
        took = time.monotonic() - start
        saved = "（--dry-run：没有保存）" if args.dry_run else "（原成绩保留，新成绩另存为复评）"
        print(f"复评 {done} 通，{changed} 通成绩有变化{saved}" + (f"，{failed} 通无法评分" if failed else "")
              + f"，用时 {took:.1f} 秒")
    return 0
