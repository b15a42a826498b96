"""Loading and linting exam files — and the specification of the exam format.

An exam is what a certification sitting is opened from: which scenarios a candidate may be given,
how many, how they are drawn, and what counts as a pass. ``hotline exam lint`` checks files against
everything below (``file:line:col: EXnnn …`` with the source line, like ``hotline scenarios lint``);
``hotline exam schema`` prints the JSON Schema editors use.

File
====
One UTF-8 YAML file per exam, ``exams/<id>.yaml``; the first line names the schema::

    # yaml-language-server: $schema=exam.schema.json

Fields
======
``id`` (required)      lowercase letters, digits, hyphens; equals the file name (EX013, EX015).
``title`` (required)   the exam's name, printed on reports.
``description``        what the exam tests and for whom.
``pools`` (required)   a list of ``{name, draw, scenarios}``: draw ``draw`` different scenarios from
                       ``scenarios`` (scenario ids of the library). ``draw`` may not exceed the
                       pool's size (EX010); unknown ids (EX011) and broken scenario files (EX017)
                       are errors; a scenario may appear only once in the whole exam (EX012).
``seed``               how the draw is seeded: ``per-candidate`` (default; each candidate draws with
                       the sitting's seed and their own name, so neighbours get different calls) or
                       ``same-for-all`` (everyone gets the same calls). Either way the same exam,
                       candidate and sitting seed always draw the same scenarios and caller seeds.
``pass``               ``call`` (a call passes with this score and no blocker; default 80),
                       ``overall`` (the mean of the counted calls; default 80), ``calls`` (how
                       many calls must pass: a number or ``all``, the default; EX019 if more
                       than are drawn).
``blockers``           grading categories (opening, closing, forbidden, …) in which any finding
                       fails the call whatever the score. Findings of severity ``blocker``
                       (一票否决) fail a call in any case.
``attempts``           attempts allowed per drawn call (default 1: no retry; at most 9).
``counts``             with several attempts, which counts: ``best`` (default) or ``last``.
``show_report``        whether the candidate sees a call's report when it ends (default true).
``start_codes``        every attempt starts only after the invigilator typed its start code
                       (default false): the witness a single SQLite machine needs against a candidate
                       restoring an earlier copy of the store (``exam open --start-codes FILE``
                       writes the sheet; :mod:`simulator.exams.startcodes`).

An interrupted call, or one where the operator never answered or never spoke, is an attempt used
and failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from simulator.exams import codes as _codes  # noqa: F401  (registers the EX codes)
from simulator.exams.model import Exam, PassRule, Pool
from simulator.exams.schema import ID_PATTERN, OBJECTS, SCHEMA_COMMENT, SCHEMA_FILE
from simulator.scenario.diagnostics import Diagnostic, attach_lines, diag, did_you_mean
from simulator.scenario.model import Pos
from simulator.scenario.reader import FieldReader
from simulator.scenario.yamlpos import YMap, YNode, YScalar, YSeq, compose

_YAML_CODES = {"HT001": "EX001", "HT002": "EX002", "HT004": "EX004"}

# scenario id → None when usable, else the reason it is not (for EX011 / EX017)
ScenarioCheck = Callable[[str], "tuple[str, str] | None"]


class _Reader(FieldReader):
    """The scenario reader's field checks with the exam's spec and EX codes."""

    CODES: ClassVar[dict[str, str]] = {"coerced": "EX003", "wrong": "EX004", "missing": "EX005",
                                       "unknown": "EX006"}
    objects: ClassVar[Mapping[str, Mapping[str, Any]]] = OBJECTS

    def integer(self, node: YNode | None, what: str, low: int | None = None,
                high: int | None = None) -> int | None:
        if node is None:
            return None
        if not (isinstance(node, YScalar) and node.tag == "int" and isinstance(node.value, int)):
            self.wrong(node, "整数", what)
            return None
        value = int(node.value)
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low}–{high}" if high is not None else f"不小于 {low}"
            self.report("EX008", f"{what} {value} 超出范围（应为 {span}）", node)
            return None
        return value

    def choice(self, node: YNode | None, allowed: Iterable[str], what: str) -> str | None:
        allowed = tuple(allowed)
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if value not in allowed:
            self.report("EX007", f"{what} “{value}” 不在可选值里：{' '.join(allowed)}", node,
                        suggestion=did_you_mean(value, allowed))
            return None
        return value

    def items(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node, YSeq):
            self.wrong(node, "列表", what)
            return []
        return node.items


def _lines(text: str) -> list[str]:
    return text.splitlines()


def check_text(text: str, file: str, scenario_check: ScenarioCheck | None = None, *,
               expected_id: str | None = None,
               schema_comment: bool = True) -> tuple[Exam | None, list[Diagnostic]]:
    """Parse and check one exam; returns ``(exam or None, every diagnostic)`` and never raises."""
    tree, ydiags = compose(text, file)
    diags = [replace(d, code=_YAML_CODES.get(d.code, "EX001")) for d in ydiags]
    r = _Reader(file, diags)
    if schema_comment:
        first = text.splitlines()[0] if text else ""
        if not first.strip().startswith(SCHEMA_COMMENT):
            r.report("EX014", "第一行应为 JSON Schema 注释（编辑器靠它补全和检查字段）", Pos(file, 1, 1),
                     hint=f"在文件开头加一行：{SCHEMA_COMMENT}{SCHEMA_FILE}")
    exam: Exam | None = None
    if tree is None and not diags:
        r.report("EX005", "文件是空的：考试至少要有 id、title 和 pools", Pos(file, 1, 1))
    elif tree is not None:
        exam = _build(r, tree, file, scenario_check, expected_id)
    diags = attach_lines(sorted(r.diags, key=Diagnostic.sort_key), _lines(text))
    if any(d.is_error for d in diags):
        return (exam if exam is not None else None), diags
    return exam, diags


def _build(r: _Reader, tree: YNode, file: str, scenario_check: ScenarioCheck | None,
           expected_id: str | None) -> Exam | None:
    top = r.fields(tree, "exam", "考试文件")
    if top is None:
        return None
    spec = OBJECTS["exam"]
    ident = r.text(top.get("id"), "id")
    if ident is not None and "id" in top:
        if not re.match(ID_PATTERN, ident):
            r.report("EX015", f"考试 id “{ident}” 只能用小写字母、数字和连字符", top["id"])
        elif expected_id is not None and ident != expected_id:
            r.report("EX013", f"考试 id “{ident}” 与文件名 {expected_id} 不一致", top["id"],
                     hint=f"改成 id: {expected_id}，或把文件改名为 {ident}.yaml")
    title = r.text(top.get("title"), "title")
    description = r.text(top.get("description"), "description") or ""
    pools = _pools(r, top.get("pools"), scenario_check)
    seed = r.choice(top.get("seed"), spec["seed"].enum, "seed") if "seed" in top else None
    passing = _passing(r, top.get("pass"))
    blockers = _blockers(r, top.get("blockers"))
    f = spec["attempts"]
    attempts = r.integer(top.get("attempts"), "attempts", f.low, f.high)
    counts = r.choice(top.get("counts"), spec["counts"].enum, "counts") if "counts" in top else None
    if attempts is not None and attempts > 1 and "counts" not in top:
        r.report("EX022", f"允许作答 {attempts} 次，但没写算哪一次（默认取最好一次）", top["attempts"],
                 hint="加一行 counts: best 或 counts: last")
    show = r.boolean(top.get("show_report"), "show_report")
    codes = r.boolean(top.get("start_codes"), "start_codes")
    if ident is None or title is None or pools is None:
        return None
    exam = Exam(
        id=ident, title=title, pools=pools, description=description,
        seed=seed or "per-candidate",  # type: ignore[arg-type]
        passing=passing or PassRule(), blockers=blockers,
        attempts=attempts or 1, counts=counts or "best",  # type: ignore[arg-type]
        show_report=True if show is None else show, start_codes=bool(codes), source=file,
    )
    if passing is not None and passing.calls is not None and passing.calls > exam.calls:
        at = top["pass"]
        node = at.get("calls") if isinstance(at, YMap) else None
        r.report("EX019", f"要求至少 {passing.calls} 通及格，但每位考生只抽 {exam.calls} 通", node or at)
    return exam


def _pools(r: _Reader, node: YNode | None, check: ScenarioCheck | None) -> tuple[Pool, ...] | None:
    if node is None:
        return None
    items = r.items(node, "pools")
    if isinstance(node, YSeq) and not items:
        r.report("EX020", "pools 是空的：至少要有一个题池", node)
    pools: list[Pool] = []
    seen: dict[str, Pos] = {}
    spec = OBJECTS["pool"]
    ok = True
    for i, item in enumerate(items, 1):
        what = f"第 {i} 个题池"
        fields = r.fields(item, "pool", what)
        if fields is None:
            ok = False
            continue
        name = r.text(fields.get("name"), f"{what}的 name")
        draw = r.integer(fields.get("draw"), f"{what}的 draw", spec["draw"].low, spec["draw"].high)
        ids = _pool_ids(r, fields.get("scenarios"), what, seen, check)
        listed = fields.get("scenarios")
        size = len(listed.items) if isinstance(listed, YSeq) else 0
        if draw is not None and size and draw > size:
            r.report("EX010", f"题池 “{name or i}” 要抽 {draw} 个场景，但只列了 {size} 个", fields["draw"])
            ok = False
            continue
        if name is None or draw is None or ids is None:
            ok = False
            continue
        pos = item.pos
        pools.append(Pool(name, draw, ids, pos))
    return tuple(pools) if ok and pools else None


def _pool_ids(r: _Reader, node: YNode | None, what: str, seen: dict[str, Pos],
              check: ScenarioCheck | None) -> tuple[str, ...] | None:
    if node is None:
        return None
    items = r.items(node, f"{what}的 scenarios")
    if isinstance(node, YSeq) and not items:
        r.report("EX020", f"{what}没有场景", node)
        return None
    ids: list[str] = []
    ok = isinstance(node, YSeq)
    for item in items:
        sid = r.text(item, "场景 id")
        if sid is None:
            ok = False
            continue
        if sid in seen:
            first = seen[sid]
            r.report("EX012", f"场景 “{sid}” 已在第 {first.line} 行出现过，同一场景不能抽两次", item)
            ok = False
            continue
        seen[sid] = item.pos
        problem = check(sid) if check is not None else None
        if problem is not None:
            code, message = problem
            suggestion = (message or None) if code == "EX011" else None
            text = f"没有 id 为 “{sid}” 的场景" if code == "EX011" else f"场景 “{sid}” 有错误：{message}"
            r.report(code, text, item, suggestion=suggestion,
                     hint="hotline scenarios list 列出可用场景" if code == "EX011"
                     else "运行 hotline scenarios lint 查看")
            ok = False
            continue
        ids.append(sid)
    return tuple(ids) if ok else None


def _passing(r: _Reader, node: YNode | None) -> PassRule | None:
    fields = r.fields(node, "pass", "pass ")
    if fields is None:
        return None
    spec = OBJECTS["pass"]
    call = r.integer(fields.get("call"), "pass.call", spec["call"].low, spec["call"].high)
    overall = r.integer(fields.get("overall"), "pass.overall", spec["overall"].low, spec["overall"].high)
    calls: int | None = None
    n = fields.get("calls")
    if isinstance(n, YScalar) and n.tag == "str" and n.raw == "all":
        calls = None
    elif n is not None:
        calls = r.integer(n, "pass.calls", 1)
    return PassRule(80 if call is None else call, 80 if overall is None else overall, calls)


def _blockers(r: _Reader, node: YNode | None) -> tuple[str, ...]:
    from grading.model import CATEGORIES

    out: list[str] = []
    for item in r.items(node, "blockers"):
        cat = r.choice(item, CATEGORIES, "类别")
        if cat is None:
            continue
        if cat in out:
            r.report("EX021", f"类别 “{cat}” 写了两次", item)
            continue
        out.append(cat)
    return tuple(out)


def library_scenario_check(root: Path | str | None = None) -> ScenarioCheck:
    """EX011 for ids no scenario file has (with a did-you-mean), EX017 for files with errors."""
    from simulator.scenario.library import scenario_files
    from simulator.scenario.loader import check_file

    files = {p.name[: -len(p.suffix)]: p for p in scenario_files(root)}
    cache: dict[str, tuple[str, str] | None] = {}

    def check(sid: str) -> tuple[str, str] | None:
        if sid in cache:
            return cache[sid]
        path = files.get(sid)
        result: tuple[str, str] | None
        if path is None:
            result = ("EX011", did_you_mean(sid, files) or "")
        else:
            sc, diags = check_file(path)
            errors = [d for d in diags if d.is_error]
            result = None if sc is not None and not errors else (
                "EX017", f"{errors[0].code} {errors[0].message}" if errors else "无法加载")
        cache[sid] = result
        return result

    return check


def check_file(path: Path | str,
               scenario_check: ScenarioCheck | None = None) -> tuple[Exam | None, list[Diagnostic]]:
    """Like :func:`check_text` for a file; unreadable files give EX016."""
    file = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [diag("EX016", f"无法读取：{exc}", Pos(file, 1, 1))]
    stem = Path(path).name.rsplit(".", 1)[0]
    if scenario_check is None:
        scenario_check = library_scenario_check()
    return check_text(text, file, scenario_check, expected_id=stem)


def load_exam(path: Path | str, scenario_check: ScenarioCheck | None = None) -> Exam:
    """Load and check one exam file; raises :class:`ExamFileError` listing every error."""
    from simulator.exams.errors import ExamFileError

    exam, diags = check_file(path, scenario_check)
    errors = [d for d in diags if d.is_error]
    if errors or exam is None:
        raise ExamFileError(errors or diags, hint="运行 hotline exam lint 查看全部问题")
    return exam
