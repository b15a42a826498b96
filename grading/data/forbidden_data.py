"""The 禁语 entries (``forbidden.yaml``), as the act library loads them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from simulator.paths import standards_dir
from simulator.phrases.forbidden import load_forbidden
from simulator.phrases.types import ForbiddenEntry

__all__ = ["forbidden", "forbidden_by_id"]


def forbidden(root: Path | None = None) -> tuple[ForbiddenEntry, ...]:
    """Every 禁语 entry (``forbidden.yaml``), in file order."""
    return load_forbidden(root or standards_dir())


@lru_cache(maxsize=4)
def _forbidden_by_id(root: Path) -> dict[str, ForbiddenEntry]:
    return {e.id: e for e in load_forbidden(root)}


def forbidden_by_id(root: Path | None = None) -> dict[str, ForbiddenEntry]:
    """The 禁语 entries by id."""
    return _forbidden_by_id(root or standards_dir())
