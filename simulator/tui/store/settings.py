"""The app's settings: ``settings.json`` in the user data folder (``simulator.paths``).

Who is training, the audio devices, the recogniser and voice engine, the telephone effect and the
display mode (practice shows hints; exam hides them and seals the results in the history). A
missing or unreadable file gives the defaults; unknown keys and bad values are ignored, so an old
or hand-edited file never stops the app from starting.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from simulator.fsio import atomic_write_json
from simulator.paths import user_data_dir

SETTINGS_FILE = "settings.json"
# Shown to trainees: names in words, never a package or voice id (edge-tts, zm_yunjian).
RECOGNISERS = {"auto": "自动（有麦克风和模型时用语音）", "vosk": "Vosk（边说边识别）",
               "whisper": "Whisper（识别更准）", "typed": "只用键盘输入"}
VOICE_ENGINES = {"auto": "自动（最好的可用引擎）", "edge": "微软在线语音（需联网）",
                 "kokoro": "Kokoro 离线语音", "espeak": "eSpeak 简易语音", "none": "不出声（仅文字）"}
MODES = {"practice": "练习（显示提示）", "exam": "考核（无提示，结果加密封存）"}


@dataclass(frozen=True)
class Settings:
    trainee: str = ""  # name or operator number
    input_device: str = ""  # "" = the system default
    output_device: str = ""
    recogniser: str = "auto"
    voice_engine: str = "auto"
    phone_effect: bool = True
    mode: str = "practice"

    @property
    def exam(self) -> bool:
        return self.mode == "exam"


_CHOICES: dict[str, dict[str, str]] = {"recogniser": RECOGNISERS, "voice_engine": VOICE_ENGINES,
                                       "mode": MODES}


def settings_path() -> Path:
    return user_data_dir() / SETTINGS_FILE


def clean(raw: Any) -> Settings:
    """Settings from a parsed JSON object, keeping only known keys with sensible values."""
    if not isinstance(raw, dict):
        return Settings()
    kept: dict[str, Any] = {}
    for f in fields(Settings):
        value = raw.get(f.name)
        if isinstance(getattr(Settings, f.name), bool):
            if isinstance(value, bool):
                kept[f.name] = value
        elif isinstance(value, str) and (f.name not in _CHOICES or value in _CHOICES[f.name]):
            kept[f.name] = value.strip()
    return Settings(**kept)


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return clean(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Settings()


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically (a crash never leaves half a file)."""
    path = path or settings_path()
    atomic_write_json(path, asdict(settings), make_parents=True)
    return path
