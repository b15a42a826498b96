"""Diagnostic codes of exam files (``EX…``), registered into the scenario linter's one catalogue.

Exam files are linted with the same machinery as scenarios — :class:`Diagnostic`, ``file:line:col``,
the source line with a ``^`` marker, "did you mean" — so a trainer reads one kind of message. The
codes are stable like the ``HT`` ones: once published a code keeps its meaning. Importing this module
adds them to :data:`simulator.scenario.diagnostics.CATALOGUE` (``hotline exam lint --codes`` prints
them).
"""

from __future__ import annotations

from simulator.scenario.diagnostics import CATALOGUE, CodeInfo

EXAM_CODES: dict[str, CodeInfo] = {
    c.code: c
    for c in (
        CodeInfo("EX001", "error", "YAML 语法错误", "pools: [没有闭合的括号"),
        CodeInfo("EX002", "error", "同一映射里键重复", "attempts: 1\nattempts: 2"),
        CodeInfo("EX003", "error", "文本被 YAML 1.1 悄悄转换成布尔/数字/空值（需加引号）", "title: no"),
        CodeInfo("EX004", "error", "值的类型不对（应为文本/整数/列表/映射……）", "attempts: 两次"),
        CodeInfo("EX005", "error", "缺少必填字段", "pools: [{draw: 1}]   # 缺 scenarios"),
        CodeInfo("EX006", "error", "未知字段", "pass: {cal: 80}   # call"),
        CodeInfo("EX007", "error", "取值不在允许的范围内", "seed: random"),
        CodeInfo("EX008", "error", "数值超出范围", "pass: {call: 120}"),
        CodeInfo("EX010", "error", "抽题数超过题池里的场景数", "- {draw: 3, scenarios: [a, b]}"),
        CodeInfo("EX011", "error", "题池里的场景不存在", "scenarios: [silnet-caller]"),
        CodeInfo("EX012", "error", "同一场景在题池里出现了不止一次", "scenarios: [a, a]"),
        CodeInfo("EX013", "error", "考试 id 与文件名不一致", "id: basic   # 文件 basic-exam.yaml"),
        CodeInfo(
            "EX014", "warning", "文件第一行缺少 JSON Schema 注释",
            "# yaml-language-server: $schema=exam.schema.json"
        ),
        CodeInfo("EX015", "error", "考试 id 写法不对（应为小写字母、数字和连字符）", "id: Basic_Exam"),
        CodeInfo("EX016", "error", "文件无法读取或不是 UTF-8 文本", "(二进制文件)"),
        CodeInfo("EX017", "error", "题池里的场景文件有错误，无法用于考试", "scenarios: [broken-scenario]"),
        CodeInfo("EX018", "error", "多个文件使用同一个考试 id", "id: basic-exam   # 两个文件"),
        CodeInfo("EX019", "error", "及格所需通数多于抽出的通数，没人能通过", "pass: {calls: 9}"),
        CodeInfo("EX020", "error", "题池没有场景", "- {name: 空, draw: 1, scenarios: []}"),
        CodeInfo("EX021", "warning", "一票否决的类别重复", "blockers: [forbidden, forbidden]"),
        CodeInfo("EX022", "warning", "多次机会却没说算哪一次（counts: best / last）", "attempts: 2"),
    )
}
CATALOGUE.update(EXAM_CODES)


def render_codes() -> str:
    lines = []
    for c in EXAM_CODES.values():
        sev = "错误" if c.severity == "error" else "警告"
        lines.append(f"{c.code}  {sev}  {c.title}")
        lines.extend(f"        {ex}" for ex in c.example.splitlines())
    return "\n".join(lines)
