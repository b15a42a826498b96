"""The exam library: ``exams/*.yaml`` beside ``scenarios/`` (or any file a trainer names), and lint.

An exam id equals its file name (EX013), so :func:`find` looks the file up by name. :func:`lint`
checks every file named and then across files (one id, one file: EX018); it never raises for a bad
file, whose problems are diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.exams.errors import ExamError, UnknownExamError
from simulator.exams.loader import check_file, library_scenario_check, load_exam
from simulator.exams.model import Exam
from simulator.scenario.diagnostics import Diagnostic, diag, did_you_mean
from simulator.scenario.model import Pos

SUFFIXES = (".yaml", ".yml")


def _root(root: Path | str | None) -> Path:
    if root is not None:
        return Path(root)
    from simulator.paths import exams_dir

    return exams_dir()


def exam_files(root: Path | str | None = None) -> list[Path]:
    base = _root(root)
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(base).parts))


def find_path(ident: str, root: Path | str | None = None) -> Path:
    """The file of exam ``ident`` (an id of the library, or a path to a YAML file)."""
    path = Path(ident)
    if path.suffix in SUFFIXES and path.is_file():
        return path
    files = exam_files(root)
    for p in files:
        if p.name[: -len(p.suffix)] == ident:
            return p
    known = [p.name[: -len(p.suffix)] for p in files]
    guess = did_you_mean(ident, known)
    hint = f"你是不是想找 {guess}？" if guess else "hotline exam list 列出全部考试，或直接给出考试文件的路径"
    raise UnknownExamError(f"没有 id 为 “{ident}” 的考试（在 {_root(root)} 下）", hint=hint)


def find(ident: str, root: Path | str | None = None) -> Exam:
    return load_exam(find_path(ident, root))


@dataclass(slots=True)
class LintResult:
    files: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)


def lint(paths: Iterable[Path | str], scenarios: Path | str | None = None) -> LintResult:
    """Every problem of every exam file under ``paths`` (folders searched recursively)."""
    files: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.update(dict.fromkeys(exam_files(p)))
        elif p.is_file():
            files[p] = None
        else:
            raise ExamError(f"找不到 {p}", hint="给出考试文件或文件夹的路径")
    check = library_scenario_check(scenarios)
    result = LintResult(list(files))
    owners: dict[str, Exam] = {}
    for path in files:
        exam, diags = check_file(path, check)
        result.diagnostics.extend(diags)
        if exam is None:
            continue
        first = owners.setdefault(exam.id, exam)
        if first is not exam:
            result.diagnostics.append(diag("EX018", f"考试 id “{exam.id}” 已在 {first.source} 里用过",
                                           Pos(str(path), 1, 1)))
    return result
