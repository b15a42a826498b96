"""The linter: every problem of every scenario file in one run (``hotline scenarios lint``).

:func:`lint_paths` checks each file on its own (:func:`simulator.scenario.loader.check_file`) and
then across files (duplicate ids, HT030). Files without errors then have their playthroughs played
(HT043, :mod:`simulator.scenario.playcheck`). It never raises for a bad file: unreadable or
unparsable files are diagnostics too. Paths that do not exist are user errors (:class:`LintPathError`).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.errors import HotlineError
from simulator.fsio import describe_os_error, shown
from simulator.scenario.context import CheckContext
from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.library import SUFFIXES, scenario_files
from simulator.scenario.loader import check_file
from simulator.scenario.model import Pos


class LintPathError(HotlineError):
    """A path given to the linter does not exist."""


PARALLEL_MIN = 64  # files: below this a worker pool costs more than it saves


@dataclass(slots=True)
class LintResult:
    files: list[Path]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # checks that could not run, and why

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """The scenario files named by ``paths`` (folders are searched recursively), without repeats."""
    out: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        try:
            if p.is_dir():
                out.update(dict.fromkeys(scenario_files(p)))
            elif p.is_file():
                out[p] = None
            else:
                raise LintPathError(f"找不到 {shown(p)}", hint="给出场景文件或文件夹的路径")
        except OSError as exc:
            message, hint = describe_os_error(exc, p, action="读取")
            raise LintPathError(message, hint=hint) from None
    return list(out)


# (diagnostics of one file, (its id, where the id is, that source line) or None)
_FileResult = tuple[list[Diagnostic], tuple[str, Pos, str | None] | None]
_worker_context: CheckContext | None = None


def _check(path: Path) -> _FileResult:
    try:
        scenario, diags = check_file(path, _worker_context)
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        # Whatever one file does, the others are still linted (a worker's exception used to
        # abort the whole pool and report nothing about the other 95 files).
        what = f"文件无法检查：{type(exc).__name__}（可能超出了上限）"
        return [diag("HT060", what, Pos(str(path), 1, 1))], None
    if scenario is None or not scenario.id:
        return diags, None
    if scenario.playthroughs and not any(d.is_error for d in diags):
        from simulator.scenario.playcheck import check_playthroughs

        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = None
        diags = sorted([*diags, *check_playthroughs(scenario, lines)], key=Diagnostic.sort_key)
    line = next((d.line_text for d in diags if d.pos.line == scenario.id_pos.line and d.line_text), None)
    return diags, (
        scenario.id,
        scenario.id_pos,
        line if line is not None else _line(path, scenario.id_pos.line),
    )


def _line(path: Path, n: int) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[n - 1] if 1 <= n <= len(lines) else None


def _init_worker(context: CheckContext) -> None:
    global _worker_context
    _worker_context = context
    gc.disable()  # short-lived worker; the trees have no reference cycles


def _workers(n_files: int) -> int:
    if n_files < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 8))


def _check_all(files: list[Path], context: CheckContext) -> list[_FileResult]:
    global _worker_context
    n = _workers(len(files))
    if n == 1:
        _worker_context = context
        enabled = gc.isenabled()
        gc.disable()  # thousands of short-lived acyclic objects per file: let refcounting do it
        try:
            return [_check(p) for p in files]
        finally:
            _worker_context = None
            if enabled:
                gc.enable()
    # The first file is checked here: its lazy imports and caches are then inherited by the workers.
    _worker_context = context
    try:
        first = _check(files[0])
    finally:
        _worker_context = None
    with mp.get_context("fork").Pool(n, _init_worker, (context,)) as pool:
        return [first, *pool.map(_check, files[1:], chunksize=max(1, len(files) // (n * 4)))]


def _duplicate_ids(files: list[Path], results: list[_FileResult]) -> list[Diagnostic]:
    first: dict[str, tuple[Path, Pos]] = {}
    out = []
    for path, (_, ident) in zip(files, results, strict=True):
        if ident is None:
            continue
        sc_id, pos, line = ident
        if sc_id in first:
            other, other_pos = first[sc_id]
            message = f"场景 id “{sc_id}” 已在 {other}:{other_pos.line} 用过"
            out.append(diag("HT030", message, pos, length=len(sc_id), line_text=line))
        else:
            first[sc_id] = (path, pos)
    return out


def lint(paths: Iterable[Path | str], context: CheckContext | None = None) -> LintResult:
    """Lint ``paths``. Without a ``context``, a broken act library or persona file only skips that
    check (see :attr:`LintResult.notes`) so the scenario files still get checked."""
    files = discover(paths)
    result = LintResult(files)
    if not files:
        return result
    if context is None:
        from simulator.scenario.context import tolerant_context

        context, result.notes = tolerant_context()
    results = _check_all(files, context)
    for diags, _ in results:
        result.diagnostics += diags
    result.diagnostics += _duplicate_ids(files, results)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def lint_library(context: CheckContext | None = None) -> LintResult:
    """Lint every folder of the library (:func:`simulator.scenario.library.roots`), each on its own:
    a trainer's scenario with a built-in id overrides it, which is no duplicate (HT030)."""
    from simulator.scenario.library import roots

    total = LintResult([])
    for root in roots():
        if not root.path.is_dir():
            continue
        part = lint([root.path], context)
        total.files += part.files
        total.diagnostics += part.diagnostics
        total.notes += [n for n in part.notes if n not in total.notes]
    total.diagnostics.sort(key=Diagnostic.sort_key)
    return total


def lint_paths(paths: Iterable[Path | str], context: CheckContext | None = None) -> list[Diagnostic]:
    """Every diagnostic of every scenario file under ``paths``, sorted by file and position."""
    return lint(paths, context).diagnostics


__all__ = ["SUFFIXES", "LintPathError", "LintResult", "discover", "lint", "lint_library", "lint_paths"]
