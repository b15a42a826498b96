"""Limits on every input, as data (``limits.yaml`` beside this file), checked at the boundary.

A careless or hostile file must never cost a traceback, a hang or the disk: a 400-digit number of
seconds, a record nested 100,000 deep, a 300-character id that becomes a file name, a 1 MB script
line or a zip that expands to gigabytes. Each reader checks its input against :data:`LIMITS` where
the input comes in and reports the excess in its own terms (a scenario ``HT060``/``HT061``
diagnostic, a record contract error naming the field, a script error naming the line, a voice
archive refused in one line). The figures are far above any real use; they live in a data file
so that a training centre can see them and a test can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

_FILE = Path(__file__).with_name("limits.yaml")


@dataclass(frozen=True)
class Limits:
    scenario_file_bytes: int = 2_000_000
    name_chars: int = 100
    path_chars: int = 1024
    seconds_max: int = 86_400
    record_file_bytes: int = 20_000_000
    record_events: int = 50_000
    text_chars: int = 1_000
    record_text_chars: int = 400_000
    nesting_depth: int = 64
    script_file_bytes: int = 5_000_000
    script_lines: int = 10_000
    script_line_chars: int = 1_000
    archive_members: int = 20_000
    archive_member_bytes: int = 50_000_000
    archive_total_bytes: int = 2_000_000_000
    archive_index_bytes: int = 20_000_000
    archive_ratio: int = 50


def _load() -> Limits:
    try:
        raw = yaml.safe_load(_FILE.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        return Limits()  # the defaults above are the same figures
    known = {f.name for f in fields(Limits)}
    clean = {k: v for k, v in (raw or {}).items()
             if k in known and isinstance(v, int) and not isinstance(v, bool) and v > 0}
    return Limits(**clean)


LIMITS = _load()


def seconds_ok(value: Any) -> bool:
    """``value`` is a finite number of seconds within ``[0, seconds_max]`` (bools are not numbers);
    never raises, whatever the size of the integer."""
    kind = type(value)  # the common cases first: every time of every event of a record
    if kind is float:
        return 0.0 <= value <= LIMITS.seconds_max  # NaN compares false
    if kind is int:
        return 0 <= value <= LIMITS.seconds_max
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return 0 <= value <= LIMITS.seconds_max
    return 0.0 <= value <= LIMITS.seconds_max  # NaN compares false


_CONTAINERS = (dict, list)


def depth_over(data: Any, limit: int | None = None) -> str | None:
    """The path (``events[3].x.y``) of the first place nested deeper than ``limit`` levels, or
    None. Iterative, so a structure deep enough to overflow the stack is measured safely. (A path
    is spelled out only for the place returned: every record is checked before it is graded.)"""
    limit = LIMITS.nesting_depth if limit is None else limit
    # Level by level, each level's containers gathered in one comprehension (a record is a
    # few levels of many small dicts): only a structure that is too deep is walked again below,
    # node by node, to spell the path of its first deep place.
    level = [data] if isinstance(data, _CONTAINERS) and limit >= 0 else []
    depth = 0
    while level:
        if depth >= limit:  # the next level would be deeper than the limit
            if any(isinstance(v, _CONTAINERS) for node in level
                   for v in (node.values() if isinstance(node, dict) else node)):
                break
            return None
        level = [v for node in level for v in (node.values() if isinstance(node, dict) else node)
                 if isinstance(v, _CONTAINERS)]
        depth += 1
    else:
        if limit >= 0:
            return None
    # (node, parent entry, key in the parent, depth); the root's parent is None
    stack: list[tuple[Any, Any, Any, int]] = [(data, None, None, 0)]
    while stack:
        entry = stack.pop()
        node, _, _, depth = entry
        if depth > limit:
            return _path(entry)
        # (a tuple of types: isinstance on it is much faster than on ``dict | list``)
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, _CONTAINERS):
                    stack.append((v, entry, k, depth + 1))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, _CONTAINERS):
                    stack.append((v, entry, i, depth + 1))
    return None


def _path(entry: tuple[Any, Any, Any, int]) -> str:
    """The path of a :func:`depth_over` stack entry, spelled as before: ``$`` for the root,
    ``k`` under the root, ``a.k`` and ``a[i]`` below."""
    keys: list[tuple[Any, bool]] = []  # (key, parent is a list)
    while entry[1] is not None:
        keys.append((entry[2], isinstance(entry[1][0], list)))
        entry = entry[1]
    where = "$"
    for key, in_list in reversed(keys):
        where = f"{where}[{key}]" if in_list else f"{where}.{key}" if where != "$" else str(key)
    return where


def shorten(text: str, chars: int = 40) -> str:
    """``text`` cut to ``chars`` characters with an ellipsis, for quoting an over-long value."""
    return text if len(text) <= chars else text[: chars - 1] + "…"
