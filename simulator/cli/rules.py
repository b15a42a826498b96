"""``hotline rules [CODE]``: list every grading rule, or show one rule's documentation."""

from __future__ import annotations

import argparse
import inspect
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "rules",
        help="列出评分规则，或查看某条规则的说明",
        description="列出每条评分规则（代码、类别、程度、条款）；给出 CODE 时显示该规则的说明文档。",
    )
    p.add_argument("code", nargs="?", metavar="CODE", help="规则代码，如 OPN001")
    p.add_argument("--policy", nargs="?", const="", metavar="HOTLINE",
                   help="显示评分政策：每种程度扣几分、哪些规则一票否决或另定程度、依据的条款和理由"
                        "（给出热线名称或 id 时显示该热线的政策）")
    p.set_defaults(func=run)


def _citation(clause_id: str) -> str:
    from grading.data import clauses

    entry = clauses().get(clause_id)
    return entry.citation if entry is not None else f"{clause_id}（条款表中没有）"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """Cells padded to display widths (a Chinese character takes two columns)."""
    padded = [c + " " * max(1, w - _width(c)) for c, w in zip(cells, widths, strict=False)]
    return "".join(padded) + "".join(cells[len(widths):])


def _policy(which: str) -> int:
    """The weight policy of one hotline (or the common one) with the clause of each decision."""
    from grading.data import policy_for, profile_for, profiles
    from grading.model import SEVERITY_NAMES
    from grading.rules import all_rules

    table = profiles()
    profile = table.get(which) or profile_for(which) if which else None
    pid = profile.id if profile is not None else "default"
    policy = policy_for(pid)
    common = profile is None or profile.is_default
    title = "所有热线（通用）" if common else f"{profile.name}（{pid}）"  # type: ignore[union-attr]
    print(f"评分政策：{title}")
    weights = "，".join(f"{SEVERITY_NAMES[k]}（{k}）扣 {v} 分" for k, v in policy.weights.items())
    print(f"每个问题：{weights}；有一票否决的问题，或得分低于及格线，即不合格。")
    print("\n逐条决定（按顺序取第一条符合的）：")
    for d in policy.decisions:
        when = []
        if d.cited:
            when.append(f"引用 {d.cited} 时")
        if d.from_:
            when.append(f"规则定为 {d.from_} 时")
        where = f"（{'，'.join(when)}）" if when else ""
        own = f" [{d.line}]" if d.line else ""
        print(f"  {d.rule}{where} → {SEVERITY_NAMES[d.severity]}  依据 {d.clause} {_citation(d.clause)}{own}")
        print(f"      {d.why}")
    decided = {d.rule for d in policy.decisions}
    rest = [r for r in all_rules() if r.code not in decided]
    print("\n其余规则按规则本身的程度：")
    for r in rest:
        print(f"  {r.code} → {SEVERITY_NAMES[r.severity]}  依据 {r.clause} {_citation(r.clause)}")
    return 0


def run(args: argparse.Namespace) -> int:
    from grading.model import CATEGORY_NAMES, SEVERITY_NAMES
    from grading.rules import all_rules, get_rule

    if args.policy is not None:
        return _policy(args.policy)

    if args.code:
        try:
            rule = get_rule(args.code)
        except KeyError:
            codes = " ".join(r.code for r in all_rules())
            print(f"错误：没有规则 {args.code.upper()}\n提示：可用的规则：{codes}", file=sys.stderr)
            return 2
        print(f"{rule.code}  {getattr(rule, 'title', '')}")
        print(f"类别：{rule.category}（{CATEGORY_NAMES.get(rule.category, '')}）")
        print(f"程度：{rule.severity}（{SEVERITY_NAMES.get(rule.severity, '')}）")
        print(f"条款：{rule.clause}  {_citation(rule.clause)}")
        if rule.families:
            print(f"适用场景类型：{' '.join(rule.families)}")
        print()
        print(inspect.cleandoc(type(rule).__doc__ or "（没有说明）"))
        return 0
    rules = all_rules()
    widths = (8, 12, 9, 22)
    print(_row(("代码", "类别", "程度", "条款", "标题"), widths))
    for r in rules:
        print(_row((r.code, r.category, r.severity, r.clause, getattr(r, "title", "")), widths))
    print(f"\n共 {len(rules)} 条规则。用 hotline rules CODE 查看说明，"
          "hotline rules --policy [热线] 查看评分政策。")
    return 0
