"""Personas as the voices see them: per-engine voice, base prosody, and mood → prosody.

Reads ``voices/personas.yaml`` (see its header for the fields). A persona's prosody for a line is
its own ``prosody`` plus the ``moods:`` entry of the caller's current mood:

    persona = voice_personas()["f-adult-mandarin"]
    prosody_for(persona, "angry")        # Prosody(rate=15, pitch=5, volume=20)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from simulator.personas import PersonaError, personas_file
from simulator.voices.base import Prosody


@dataclass(frozen=True, slots=True)
class VoicePersona:
    id: str
    name: str
    sex: str
    age: str
    language: str
    description: str
    voices: tuple[tuple[str, str], ...]  # engine name → voice
    prosody: Prosody

    def voice(self, engine: str) -> str | None:
        return dict(self.voices).get(engine)


@dataclass(frozen=True, slots=True)
class PersonaBook:
    personas: dict[str, VoicePersona]
    moods: dict[str, Prosody]
    source: str = ""

    def mood(self, mood: str | None) -> Prosody:
        return self.moods.get(mood or "calm", Prosody())


def _int(value: Any, where: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PersonaError(f"{where} 应为整数，实际是 {value!r}")
    return int(value)


def _prosody(data: Any, where: str) -> Prosody:
    if not isinstance(data, dict):
        return Prosody()
    return Prosody(*(_int(data.get(k), f"{where}.{k}") for k in ("rate", "pitch", "volume")))


@lru_cache(maxsize=4)
def load_book(path: Path | None = None) -> PersonaBook:
    file = path or personas_file()
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PersonaError(f"无法读取声音角色文件 {file}：{exc}") from exc
    table = data.get("personas") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise PersonaError(f"{file} 的顶层应为 personas: 映射（id → 声音角色）")
    out: dict[str, VoicePersona] = {}
    for key, info in table.items():
        info = info if isinstance(info, dict) else {}
        raw = info.get("voices")
        voices: dict[Any, Any] = raw if isinstance(raw, dict) else {}
        out[str(key)] = VoicePersona(
            id=str(key),
            name=str(info.get("name") or key),
            sex=str(info.get("sex") or ""),
            age=str(info.get("age") or ""),
            language=str(info.get("language") or "mandarin"),
            description=str(info.get("description") or ""),
            voices=tuple((str(k), str(v)) for k, v in voices.items() if v),
            prosody=_prosody(info.get("prosody"), f"{key}.prosody"),
        )
    moods_raw = data.get("moods")
    items = moods_raw.items() if isinstance(moods_raw, dict) else ()
    moods = {str(k): _prosody(v, f"moods.{k}") for k, v in items}
    return PersonaBook(out, moods, str(file))


def voice_personas(path: Path | None = None) -> dict[str, VoicePersona]:
    return load_book(path).personas


def prosody_for(persona: VoicePersona | None, mood: str | None, path: Path | None = None) -> Prosody:
    """The persona's own prosody plus its mood's change (unknown moods change nothing)."""
    base = persona.prosody if persona else Prosody()
    return base + load_book(path).mood(mood)
