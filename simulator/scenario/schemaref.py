"""The ``# yaml-language-server: $schema=…`` first line of scenario files (HT035).

The reference is relative to the file: ``scenario.schema.json`` next to it, ``../scenario.schema.json``
from a sub-folder. The expected value is worked out from the nearest folder above the file that
holds ``scenario.schema.json`` (or the scenarios folder, if the file is inside it).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.model import Pos
from simulator.scenario.schema import SCHEMA_COMMENT, SCHEMA_FILE

_SEARCH_DEPTH = 4


@lru_cache(maxsize=256)
def _schema_home(folder: Path) -> Path | None:
    from simulator.paths import scenarios_dir

    root = scenarios_dir().resolve()
    for i, cand in enumerate([folder, *folder.parents]):
        if (cand / SCHEMA_FILE).is_file() or cand == root:
            return cand
        if i >= _SEARCH_DEPTH:
            break
    return None


def expected_schema_ref(path: Path) -> str | None:
    """What the file's first line should point at, or ``None`` when no schema file is nearby."""
    folder = path.resolve().parent
    home = _schema_home(folder)
    if home is None:
        return None
    return Path(os.path.relpath(home / SCHEMA_FILE, folder)).as_posix()


def check_schema_comment(first_line: str, file: str, expected: str | None) -> list[Diagnostic]:
    line = first_line.strip()
    want = SCHEMA_COMMENT + (expected or SCHEMA_FILE)
    if not line.startswith(SCHEMA_COMMENT):
        return [
            diag(
                "HT035",
                "第一行应为 JSON Schema 注释（编辑器靠它补全和检查字段）",
                Pos(file, 1, 1),
                hint=f"在文件开头加一行：{want}",
            )
        ]
    ref = line[len(SCHEMA_COMMENT) :].strip()
    ok = ref == expected if expected is not None else ref.endswith(SCHEMA_FILE)
    if ok:
        return []
    should = f"“{expected}”" if expected is not None else f"本文件到 {SCHEMA_FILE} 的相对路径"
    return [
        diag(
            "HT035",
            f"$schema 指向 “{ref}”，应为{should}",
            Pos(file, 1, len(SCHEMA_COMMENT) + 1),
            length=max(len(ref), 1),
            hint=f"第一行改成：{want}" if expected is not None else None,
        )
    ]
