"""Caller voice personas: ``voices/personas.yaml``.

The file's top level is ``personas:``, a mapping id → ``{name, sex, age, language, voices: {…}}``.
This module reads ids and the descriptive fields (the voice back-ends read ``voices`` themselves);
scenario files name a persona in ``caller.persona`` and the linter checks it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import HotlineError
from simulator.paths import voices_dir

PERSONAS_FILE = "personas.yaml"


class PersonaError(HotlineError):
    """``voices/personas.yaml`` is unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class Persona:
    id: str
    name: str = ""
    sex: str = ""
    age: str = ""
    language: str = ""
    voices: tuple[tuple[str, Any], ...] = ()  # back-end → its settings, as written


def personas_file() -> Path:
    return voices_dir() / PERSONAS_FILE


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@lru_cache(maxsize=4)
def load_personas(path: Path | None = None) -> dict[str, Persona]:
    """All personas by id. A missing file gives an empty mapping; a malformed one raises."""
    file = path or personas_file()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise PersonaError(f"无法读取 {file}：{exc}") from exc
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise PersonaError(f"{file} 不是合法的 YAML：{exc}") from exc
    table = data.get("personas") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise PersonaError(f"{file} 的顶层应为 personas: 映射（id → 声音角色）")
    out: dict[str, Persona] = {}
    for key, value in table.items():
        info = value if isinstance(value, dict) else {}
        voices = info.get("voices")
        out[str(key)] = Persona(
            id=str(key),
            name=_text(info.get("name")),
            sex=_text(info.get("sex")),
            age=_text(info.get("age")),
            language=_text(info.get("language")),
            voices=tuple(voices.items()) if isinstance(voices, dict) else (),
        )
    return out


def persona_ids(path: Path | None = None) -> frozenset[str]:
    return frozenset(load_personas(path))


def clear_cache() -> None:
    load_personas.cache_clear()
