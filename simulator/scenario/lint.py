"""The linter: every problem of every scenario file in one run (``hotline scenarios lint``).

:func:`lint_paths` checks each file on its own (:func:`simulator.scenario.loader.check_file`) and
then across files (duplicate ids, HT030). It never raises for a bad file: unreadable or unparsable
files are diagnostics too. Paths that do not exist are user errors (:class:`LintPathError`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.errors import HotlineError
from simulator.scenario.context import CheckContext
from simulator.scenario.diagnostics import Diagnostic, attach_lines, diag
from simulator.scenario.library import SUFFIXES, scenario_files
from simulator.scenario.loader import check_file
from simulator.scenario.model import Pos, Scenario


class LintPathError(HotlineError):
    """A path given to the linter does not exist."""


@dataclass(slots=True)
class LintResult:
    files: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks that could not run, and why

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """The scenario files named by ``paths`` (folders are searched recursively), without repeats."""
    out: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.update(dict.fromkeys(scenario_files(p)))
        elif p.is_file():
            out[p] = None
        else:
            raise LintPathError(f"找不到 {p}", hint="给出场景文件或文件夹的路径")
    return list(out)


def _duplicate_ids(scenarios: list[Scenario], file_text: dict[str, list[str]]) -> list[Diagnostic]:
    first: dict[str, Scenario] = {}
    out = []
    for sc in scenarios:
        if not sc.id:
            continue
        if sc.id in first:
            other = first[sc.id]
            d = diag(
                "HT030",
                f"场景 id “{sc.id}” 已在 {other.source}:{other.id_pos.line} 用过",
                sc.id_pos,
                length=len(sc.id),
            )
            out += attach_lines([d], file_text.get(sc.source, []))
        else:
            first[sc.id] = sc
    return out


def lint(paths: Iterable[Path | str], context: CheckContext | None = None) -> LintResult:
    """Lint ``paths``. Without a ``context``, a broken act library or persona file only skips that
    check (see :attr:`LintResult.notes`) so the scenario files still get checked."""
    files = discover(paths)
    result = LintResult(files)
    if context is None and files:
        from simulator.scenario.context import tolerant_context

        context, result.notes = tolerant_context()
    lines: dict[str, list[str]] = {}
    for path in files:
        scenario, diags = check_file(path, context)
        result.diagnostics += diags
        if scenario is not None:
            result.scenarios.append(scenario)
            if scenario.id:
                lines[str(path)] = _read_lines(path)
    dups = _duplicate_ids(result.scenarios, lines)
    result.diagnostics += dups
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def lint_paths(paths: Iterable[Path | str], context: CheckContext | None = None) -> list[Diagnostic]:
    """Every diagnostic of every scenario file under ``paths``, sorted by file and position."""
    return lint(paths, context).diagnostics


__all__ = ["SUFFIXES", "LintPathError", "LintResult", "Pos", "discover", "lint", "lint_paths"]
