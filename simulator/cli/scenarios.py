"""``hotline scenarios``: list, lint, graph, test and describe the scenario library.

The library is the built-in folder plus the trainers' own (``HOTLINE_SCENARIOS``, the user data
folder's ``scenarios/``: :mod:`simulator.scenario.library`); every command that takes a scenario
takes its id or the path of its file.

Only argparse is imported at module level (``hotline --help`` must stay fast); everything else is
imported inside the ``run_*`` functions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "scenarios",
        help="场景库：列出、检查、画流程图、输出 JSON Schema",
        description="管理场景库：内置的 scenarios/，用户数据目录下的 scenarios/，以及 HOTLINE_SCENARIOS "
        "列出的文件夹（用 : 分隔）。场景是 YAML 文件，可放在子文件夹里；"
        "与内置场景同 id 的用户场景会覆盖内置场景。",
    )
    p.set_defaults(func=lambda args: _help(p))
    ss = p.add_subparsers(dest="scenarios_command", metavar="子命令")

    lp = ss.add_parser(
        "list", help="列出全部场景及其来源",
        description="列出场景：id、难度、标题、热线、来源（内置场景库/用户场景库/HOTLINE_SCENARIOS）、标签。",
    )
    lp.add_argument(
        "--json",
        action="store_true",
        help="输出 JSON 列表（id, title, difficulty, tags, hotline, brief, file, origin）",
    )
    lp.add_argument("--dir", type=Path, metavar="DIR", help="场景文件夹（默认为安装的场景库）")
    lp.set_defaults(func=run_list)

    li = ss.add_parser(
        "lint",
        help="检查场景文件，列出全部问题",
        description="检查场景文件的全部问题，格式为 path:line:col: CODE 说明。"
        "有错误时退出码为 1，只有警告时为 0。",
    )
    li.add_argument("paths", nargs="*", metavar="ID|PATH",
                    help="场景 id、场景文件或文件夹（默认为整个场景库，包括用户的场景文件夹）")
    li.add_argument("--codes", action="store_true", help="列出全部诊断代码及示例")
    li.add_argument("--no-source", action="store_true", help="不显示源代码行和 ^ 标记")
    li.set_defaults(func=run_lint)

    gp = ss.add_parser(
        "graph", help="输出场景流程图（Mermaid 或 Graphviz DOT）", description="输出场景的节点和转移图。"
    )
    gp.add_argument("id", metavar="ID|PATH", help="场景 id 或场景文件路径")
    gp.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="输出格式（默认 mermaid）"
    )
    gp.add_argument("--dir", type=Path, metavar="DIR", help="场景文件夹（默认为安装的场景库）")
    gp.set_defaults(func=run_graph)

    sp = ss.add_parser(
        "schema", help="输出场景文件的 JSON Schema", description="输出场景文件的 JSON Schema。"
    )
    sp.add_argument("--write", action="store_true", help="同时写入 scenarios/scenario.schema.json")
    sp.set_defaults(func=run_schema)

    sp = ss.add_parser("spec", help="输出场景格式的完整说明", description="输出场景 YAML 格式的完整说明。")
    sp.set_defaults(func=run_spec)


def _help(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 0


def run_lint(args: argparse.Namespace) -> int:
    from simulator.scenario import diagnostics as dg

    if args.codes:
        print(dg.render_catalogue())
        return 0
    from simulator.scenario.lint import lint, lint_library

    result = lint(_lint_targets(args.paths)) if args.paths else lint_library()
    for note in result.notes:
        print(f"警告：{note}", file=sys.stderr)
    out = sys.stdout
    for d in result.diagnostics:
        print(dg.render_diagnostic(d, source=not args.no_source), file=out)
    print(dg.summary(result.diagnostics, len(result.files)), file=out)
    return 1 if result.errors else 0


def _lint_targets(given: list[str]) -> list[Path]:
    """Paths as given; a name that is not a path is a scenario id of the library."""
    from simulator.scenario.library import resolve

    return [Path(g) if Path(g).exists() else resolve(g) for g in given]


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def run_list(args: argparse.Namespace) -> int:
    import json

    from simulator.scenario.context import tolerant_context
    from simulator.scenario.library import entries, override_warnings
    from simulator.scenario.loader import check_file

    context, notes = tolerant_context()
    for note in [*notes, *override_warnings(args.dir)]:
        print(f"警告：{note}", file=sys.stderr)
    rows, broken = [], []
    for entry in entries(args.dir):
        path = entry.path
        sc, diags = check_file(path, context)
        if sc is None or any(d.is_error for d in diags):
            broken.append(path)
            continue
        rows.append(
            {
                "id": sc.id,
                "title": sc.title,
                "difficulty": sc.difficulty,
                "tags": list(sc.tags),
                "hotline": sc.hotline.name,
                "brief": sc.brief,
                "file": str(path),
                "origin": entry.root.label,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        keys = ("id", "title", "hotline", "origin")
        widths = [max([_width(str(r[k])) for r in rows] + [len(k)]) for k in keys]
        for r in rows:
            cells = [_pad(str(r[k]), w) for k, w in zip(keys, widths, strict=True)]
            stars = "★" * int(r["difficulty"])  # type: ignore[call-overload]
            print(f"{cells[0]}  {_pad(stars, 5)}  {cells[1]}  {cells[2]}  {cells[3]}  {' '.join(r['tags'])}")  # type: ignore[arg-type]
        print(f"共 {len(rows)} 个场景。")
        if not args.dir:
            from simulator.scenario.library import roots

            for root in roots():
                print(f"  {root.label}：{root.path}{'' if root.path.is_dir() else '（尚未创建）'}")
    if broken:
        names = "、".join(p.name for p in broken)
        print(
            f"有 {len(broken)} 个场景文件有错误，未列出：{names}（运行 hotline scenarios lint 查看）",
            file=sys.stderr,
        )
    return 0


def run_graph(args: argparse.Namespace) -> int:
    from simulator.scenario.graph import to_dot, to_mermaid
    from simulator.scenario.library import load

    sc = load(args.id, args.dir)
    sys.stdout.write(to_mermaid(sc) if args.format == "mermaid" else to_dot(sc))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from simulator.paths import scenarios_dir
    from simulator.scenario.context import default_context
    from simulator.scenario.schema import SCHEMA_FILE, schema_text

    ctx = default_context()
    text = schema_text(ctx.act_ids or (), ctx.personas or ())
    sys.stdout.write(text)
    if args.write:
        target = scenarios_dir() / SCHEMA_FILE
        from simulator.fsio import atomic_write_text

        atomic_write_text(target, text)
        print(f"已写入 {target}", file=sys.stderr)
    return 0


def run_spec(args: argparse.Namespace) -> int:
    from simulator.scenario import loader

    print(loader.__doc__)
    return 0
