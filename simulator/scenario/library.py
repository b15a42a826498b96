"""The scenario library: every ``*.yaml`` under the scenarios folder, sub-folders included.

A scenario's id equals its file name (the linter enforces it, HT031), so :func:`find` looks the
file up by name and loads only that one.
"""

from __future__ import annotations

from pathlib import Path

from simulator.errors import ScenarioError, UnknownScenarioError
from simulator.scenario.context import CheckContext
from simulator.scenario.diagnostics import diag, did_you_mean
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Pos, Scenario

SUFFIXES = (".yaml", ".yml")


def _root(root: Path | str | None) -> Path:
    if root is not None:
        return Path(root)
    from simulator.paths import scenarios_dir

    return scenarios_dir()


def scenario_files(root: Path | str | None = None) -> list[Path]:
    """Every scenario file under ``root`` (default: the scenarios folder), sorted, hidden folders skipped."""
    base = _root(root)
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


def ids(root: Path | str | None = None) -> list[str]:
    """Scenario ids by file name (without loading the files)."""
    return sorted({_stem(p) for p in scenario_files(root)})


def find_path(scenario_id: str, root: Path | str | None = None) -> Path:
    """The file of scenario ``scenario_id``; raises :class:`UnknownScenarioError` with a did-you-mean."""
    base = _root(root)
    direct = [base / f"{scenario_id}{s}" for s in SUFFIXES if (base / f"{scenario_id}{s}").is_file()]
    files = scenario_files(base)
    matches = direct or [p for p in files if _stem(p) == scenario_id]
    if not matches:
        known = sorted({_stem(p) for p in files})
        guess = did_you_mean(scenario_id, known)
        hint = f"你是不是想找 {guess}？" if guess else "hotline scenarios list 列出全部场景"
        raise UnknownScenarioError(f"没有 id 为 “{scenario_id}” 的场景（在 {base} 下）", hint=hint)
    if len(matches) > 1:
        others = "、".join(str(p) for p in matches[1:])
        raise ScenarioError(
            [diag("HT030", f"场景 id “{scenario_id}” 同时出现在 {others}", Pos(str(matches[0]), 1, 1))]
        )
    return matches[0]


def find(
    scenario_id: str, root: Path | str | None = None, *, context: CheckContext | None = None
) -> Scenario:
    """Load scenario ``scenario_id``; raises :class:`UnknownScenarioError` or :class:`ScenarioError`."""
    return load_scenario(find_path(scenario_id, root), context=context)


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
