"""Where the voice models and the rendered-line cache live.

* models: ``$HOTLINE_MODELS`` or ``<platform user data dir>/models`` (Kokoro in its ``kokoro/`` folder);
* the voice cache: ``$HOTLINE_VOICE_CACHE`` or ``<platform user data dir>/voice-cache``.
"""

from __future__ import annotations

import os
from pathlib import Path

from simulator.paths import install_dir


def models_dir() -> Path:
    if env := os.environ.get("HOTLINE_MODELS"):
        return Path(env)
    return install_dir() / "models"


def kokoro_dir() -> Path:
    return models_dir() / "kokoro"


def cache_dir() -> Path:
    if env := os.environ.get("HOTLINE_VOICE_CACHE"):
        return Path(env)
    return install_dir() / "voice-cache"
