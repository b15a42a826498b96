"""Lazy imports of the audio extras, with the install hint when one is missing.

The headless core never imports this package's heavy dependencies; every function here imports
on first call and raises :class:`~simulator.errors.MissingExtraError` with what to install.
"""

from __future__ import annotations

from types import ModuleType

from simulator.errors import MissingExtraError

AUDIO_HINT = 'pip install -e ".[audio]"（或 pip install "hotline-trainer[audio]"）'
PORTAUDIO_HINT = "apt-get install libportaudio2（Debian/Ubuntu）"


def numpy() -> ModuleType:
    try:
        import numpy as np
    except ImportError as exc:  # pragma: no cover - numpy ships with every extra
        raise MissingExtraError("没有安装 numpy（音频处理需要它）", hint=AUDIO_HINT) from exc
    return np


def sounddevice() -> ModuleType:
    """The ``sounddevice`` module; a missing package or PortAudio library says how to install it."""
    try:
        import sounddevice as sd
    except ImportError as exc:
        raise MissingExtraError("没有安装 sounddevice（播放和录音需要它）", hint=AUDIO_HINT) from exc
    except OSError as exc:  # "PortAudio library not found"
        raise MissingExtraError(f"找不到 PortAudio 库：{exc}", hint=PORTAUDIO_HINT) from exc
    return sd
