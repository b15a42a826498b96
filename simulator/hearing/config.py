"""Hearing settings: where the models are, which recogniser, the input device, turn timing.

Read from ``hearing.yaml`` in the user data folder (``simulator.paths.user_data_dir()``) when it
exists; every key is optional::

    recogniser: vosk          # vosk | whisper | typed | auto (vosk if its model is there, else whisper)
    accurate: whisper         # second pass re-transcribing each turn for the grade: whisper | none
    vosk_model: /path/to/vosk-model-cn-0.22
    whisper_model: /path/to/whisper-base
    device: "USB Headset"     # input device name (substring) or index; default: the system's
    trailing_silence: 0.6     # seconds of silence that end a turn
    early_silence: 0.25       # … or this much once the words so far match an expected act
    vad_aggressiveness: 2     # webrtcvad 0–3

The environment overrides: ``HOTLINE_MODELS`` (models folder), ``HOTLINE_VOSK_MODEL``,
``HOTLINE_WHISPER_MODEL``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import HotlineError
from simulator.paths import install_dir, user_data_dir

CONFIG_FILE = "hearing.yaml"
VOSK_MODELS = ("vosk-model-cn-0.22", "vosk-model-small-cn-0.22")  # preferred first
WHISPER_DIR = "whisper-base"


def models_root() -> Path:
    """The folder that holds downloaded and assembled models."""
    if env := os.environ.get("HOTLINE_MODELS"):
        return Path(env)
    return install_dir() / "models"


@dataclass(frozen=True)
class HearingConfig:
    recogniser: str = "auto"
    accurate: str = "whisper"
    vosk_model: Path | None = None
    whisper_model: Path | None = None
    device: str | int | None = None
    trailing_silence: float = 0.6
    early_silence: float = 0.25
    vad_aggressiveness: int = 2

    def vosk_path(self) -> Path:
        """The configured vosk model, else the first installed one, else where small-cn belongs."""
        if self.vosk_model is not None:
            return self.vosk_model
        for name in VOSK_MODELS:
            if (models_root() / name).is_dir():
                return models_root() / name
        return models_root() / VOSK_MODELS[1]

    def whisper_path(self) -> Path:
        return self.whisper_model if self.whisper_model is not None else models_root() / WHISPER_DIR


def load_config(path: Path | None = None) -> HearingConfig:
    """The settings from ``path`` (default: ``hearing.yaml`` in the user data folder) and the env."""
    path = path or user_data_dir() / CONFIG_FILE
    raw: dict[str, Any] = {}
    if path.is_file():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise HotlineError(f"无法读取识别设置 {path}：{exc}") from exc
        if not isinstance(data, dict):
            raise HotlineError(f"识别设置 {path} 的顶层必须是映射（键: 值）")
        known = {f.name for f in fields(HearingConfig)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise HotlineError(f"识别设置 {path} 有未知的键：{', '.join(map(str, unknown))}",
                               hint=f"可用的键：{', '.join(sorted(known))}")
        raw = dict(data)
    for key in ("vosk_model", "whisper_model"):
        if raw.get(key):
            raw[key] = Path(str(raw[key])).expanduser()
    cfg = HearingConfig(**raw)
    if env := os.environ.get("HOTLINE_VOSK_MODEL"):
        cfg = replace(cfg, vosk_model=Path(env))
    if env := os.environ.get("HOTLINE_WHISPER_MODEL"):
        cfg = replace(cfg, whisper_model=Path(env))
    return cfg
