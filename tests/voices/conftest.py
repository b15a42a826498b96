"""Every voice test gets its own empty voice cache (never the user's)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_voice_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_VOICE_CACHE", str(tmp_path / "voice-cache"))
    import simulator.voices as voices

    monkeypatch.setattr(voices, "_default", None)
