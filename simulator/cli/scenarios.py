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
        help="场景库：列出、检查、运行标准演练、画流程图、输出格式说明和 JSON Schema",
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

    tp = ss.add_parser(
        "test",
        help="运行场景的标准演练（golden playthroughs），每条一行 ✓/✗",
        description="按场景文件里的 playthroughs 演一遍：检查路径、结局、是否成功、最终情绪，以及写明的"
        "评分预期（passed、must_flag、must_not_flag）。每条演练一行 ✓/✗，失败的写出在哪里走偏；"
        "有任何失败时退出码为 1。",
    )
    tp.add_argument("targets", nargs="*", metavar="ID|PATH",
                    help="场景 id、场景文件或文件夹（默认为整个场景库）")
    tp.add_argument("--junit", type=Path, metavar="FILE", help="另存 JUnit XML 报告（供持续集成读取）")
    tp.add_argument("-v", "--verbose", action="store_true", help="失败时显示完整的通话记录")
    tp.set_defaults(func=run_test)

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


def _test_files(targets: list[str]) -> list[Path]:
    from simulator.scenario.library import resolve, scenario_files

    if not targets:
        return scenario_files()
    out: list[Path] = []
    for t in targets:
        p = Path(t)
        out += scenario_files(p) if p.is_dir() else [resolve(t)]
    return list(dict.fromkeys(out))


def run_test(args: argparse.Namespace) -> int:
    from simulator.errors import HotlineError
    from simulator.play.golden import ScenarioRun, junit_xml, run_scenario
    from simulator.scenario.context import default_context
    from simulator.scenario.loader import load_scenario

    context = default_context()
    runs: list[ScenarioRun] = []
    for path in _test_files(args.targets):
        try:
            scenario = load_scenario(path, context=context)
        except HotlineError as exc:
            run = ScenarioRun(path.stem, str(path), error=exc.message)
            print(f"✗ {path}：场景无法加载")
            print("\n".join(f"    {line}" for line in exc.message.splitlines()))
            runs.append(run)
            continue
        run = run_scenario(scenario)
        runs.append(run)
        for r in run.results:
            print(r.line())
            if not r.ok:
                more = [f"  - {p}" for p in r.problems[1:]]
                details = r.report().splitlines()[1:] if args.verbose else more
                print("\n".join(f"    {line}" for line in details if line.strip()))
    results = [r for run in runs for r in run.results]
    broken = sum(1 for run in runs if run.error)
    failed = sum(not r.ok for r in results)
    summary = (f"共 {len(results)} 条标准演练（{len(runs)} 个场景）："
               f"{len(results) - failed} 条通过，{failed} 条失败")
    print(summary + (f"，{broken} 个场景无法加载。" if broken else "。"))
    if not results and not broken:
        print("提示：场景文件里的 playthroughs 写的就是标准演练（hotline scenarios spec 有格式说明）。")
    if args.junit:
        from simulator.fsio import atomic_write_text

        atomic_write_text(args.junit, junit_xml(runs))
        print(f"已写入 JUnit 报告：{args.junit}", file=sys.stderr)
    return 1 if failed or broken else 0


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
