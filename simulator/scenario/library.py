"""The scenario library: the built-in scenarios plus the folders a centre keeps outside the install.

Scenarios are looked up in these folders, first match wins (:func:`roots`):

1. every folder of ``HOTLINE_SCENARIOS`` (``dir1:dir2``, the platform's path separator), in order;
2. ``scenarios/`` in the user data folder (:func:`simulator.paths.user_scenarios_dir`);
3. the built-in ``scenarios/`` (:func:`simulator.paths.scenarios_dir`, moved by ``HOTLINE_HOME``).

Every ``*.yaml`` under a folder counts, sub-folders included, hidden folders skipped. A scenario's
id equals its file name (the linter enforces it, HT031), so :func:`find` looks a file up by name
and loads only that one. A trainer's scenario with the id of a built-in one overrides it
(:func:`override_warnings` says so); two files of one id inside one folder are an error (HT030).

Functions taking ``root`` look only in that folder when it is given (tests, ``--dir``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from simulator.errors import ScenarioError, UnknownScenarioError
from simulator.fsio import shown
from simulator.limits import LIMITS, shorten
from simulator.scenario.context import CheckContext
from simulator.scenario.diagnostics import diag, did_you_mean
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Pos, Scenario

SUFFIXES = (".yaml", ".yml")
RootKind = Literal["env", "user", "builtin", "dir"]
_KIND_NAMES = {"env": "HOTLINE_SCENARIOS", "user": "用户场景库", "builtin": "内置场景库", "dir": "指定文件夹"}


@dataclass(frozen=True, slots=True)
class Root:
    """One folder of the library and where it comes from."""

    path: Path
    kind: RootKind

    @property
    def label(self) -> str:
        """Where a scenario comes from, in words (内置场景库 / 用户场景库 / HOTLINE_SCENARIOS)."""
        return _KIND_NAMES[self.kind]


@dataclass(frozen=True, slots=True)
class Entry:
    """A scenario of the library: its id, its file, its folder, and the files it overrides."""

    id: str
    path: Path
    root: Root
    shadows: tuple[Path, ...] = field(default=())


def roots() -> list[Root]:
    """The library's folders, first match wins (folders that do not exist are kept: they are where
    a trainer would put scenarios; they just hold none)."""
    from simulator.paths import scenarios_dir, user_scenarios_dir

    out: list[Root] = []
    for part in os.environ.get("HOTLINE_SCENARIOS", "").split(os.pathsep):
        if part.strip():
            out.append(Root(Path(part.strip()).expanduser(), "env"))
    out.append(Root(user_scenarios_dir(), "user"))
    out.append(Root(scenarios_dir(), "builtin"))
    seen: set[Path] = set()
    unique = []
    for r in out:
        key = r.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique


def _roots(root: Path | str | None) -> list[Root]:
    return roots() if root is None else [Root(Path(root), "dir")]


def _files_in(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    found = [
        p
        for p in base.rglob("*")
        if p.suffix in SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(base).parts)
    ]
    return sorted(found)


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)]


def entries(root: Path | str | None = None) -> list[Entry]:
    """The scenarios of the library by id (one per id: the first folder's, plus any second file of
    an id inside that same folder, an error to show), sorted by id."""
    chosen: dict[str, Entry] = {}
    twins: list[Entry] = []  # a second file of one id inside one folder: HT030 when used or linted
    for r in _roots(root):
        mine: set[str] = set()
        for path in _files_in(r.path):
            ident = _stem(path)
            if ident in mine:
                twins.append(Entry(ident, path, r))
                continue
            mine.add(ident)
            if ident in chosen:
                old = chosen[ident]
                chosen[ident] = Entry(old.id, old.path, old.root, (*old.shadows, path))
            else:
                chosen[ident] = Entry(ident, path, r)
    return sorted([*chosen.values(), *twins], key=lambda e: (e.id, str(e.path)))


def override_warnings(root: Path | str | None = None) -> list[str]:
    """One sentence for each scenario of a trainer's folder that overrides another of the same id."""
    out = []
    for e in entries(root):
        for other in e.shadows:
            out.append(f"场景 {e.id}：{e.root.label}的 {e.path} 覆盖了 {other}")
    return out


def scenario_files(root: Path | str | None = None) -> list[Path]:
    """The file of every scenario (one per id, overrides applied) — every file under ``root`` when
    it is given — sorted."""
    if root is not None:
        return _files_in(Path(root))
    return sorted(e.path for e in entries())


def ids(root: Path | str | None = None) -> list[str]:
    """Scenario ids by file name (without loading the files)."""
    return sorted({e.id for e in entries(root)})


def find_path(scenario_id: str, root: Path | str | None = None) -> Path:
    """The file of scenario ``scenario_id``; raises :class:`UnknownScenarioError` with a did-you-mean."""
    if len(scenario_id) > LIMITS.name_chars or "/" in scenario_id or "\0" in scenario_id:
        raise UnknownScenarioError(f"没有 id 为 “{shorten(scenario_id)}” 的场景"
                                   f"（id 最多 {LIMITS.name_chars} 个字符，不含 /）",
                                   hint="hotline scenarios list 列出全部场景")
    searched = _roots(root)
    for r in searched:
        base = r.path
        direct = [base / f"{scenario_id}{s}" for s in SUFFIXES if (base / f"{scenario_id}{s}").is_file()]
        matches = direct or [p for p in _files_in(base) if _stem(p) == scenario_id]
        if len(matches) > 1:
            others = "、".join(str(p) for p in matches[1:])
            raise ScenarioError(
                [diag("HT030", f"场景 id “{scenario_id}” 同时出现在 {others}", Pos(str(matches[0]), 1, 1))]
            )
        if matches:
            return matches[0]
    known = ids(root)
    guess = did_you_mean(scenario_id, known)
    hint = f"你是不是想找 {guess}？" if guess else "hotline scenarios list 列出全部场景"
    where = "、".join(str(r.path) for r in searched)
    raise UnknownScenarioError(f"没有 id 为 “{scenario_id}” 的场景（在 {where} 下）", hint=hint)


def looks_like_path(ident: str) -> bool:
    return ident.endswith(SUFFIXES) or "/" in ident or os.sep in ident


def resolve(ident: str, root: Path | str | None = None) -> Path:
    """A scenario given as an id or as the path of its file → the file."""
    path = Path(ident).expanduser()
    if looks_like_path(ident) or _is_file(path):
        if _is_file(path):
            return path
        raise UnknownScenarioError(f"找不到场景文件 {shown(ident)}",
                                   hint="给出场景 id（hotline scenarios list）或场景文件的路径")
    return find_path(ident, root)


def _is_file(path: Path) -> bool:
    """``path.is_file()`` that is False, not an OSError, for a name too long or a bad path."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def find(
    scenario_id: str, root: Path | str | None = None, *, context: CheckContext | None = None
) -> Scenario:
    """Load scenario ``scenario_id``; raises :class:`UnknownScenarioError` or :class:`ScenarioError`."""
    return load_scenario(find_path(scenario_id, root), context=context)


def load(ident: str, root: Path | str | None = None, *, context: CheckContext | None = None) -> Scenario:
    """Load a scenario given by id or by path."""
    return load_scenario(resolve(ident, root), context=context)


def load_all(root: Path | str | None = None, *, context: CheckContext | None = None) -> list[Scenario]:
    """Every scenario of the library, in file order; the first broken file raises :class:`ScenarioError`."""
    if context is None:
        from simulator.scenario.context import default_context

        context = default_context()
    scenarios = [load_scenario(p, context=context) for p in scenario_files(root)]
    seen: dict[str, Scenario] = {}
    for sc in scenarios:
        if sc.id in seen:
            raise ScenarioError(
                [diag("HT030", f"场景 id “{sc.id}” 已在 {seen[sc.id].source} 里用过", sc.id_pos)]
            )
        seen[sc.id] = sc
    return scenarios
