"""Sound-server fixture: the PulseAudio null sink from scripts/start-pulse.sh (CI starts it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "start-pulse.sh"


@pytest.fixture(scope="session")
def sound_server() -> None:
    """Skip (with the reason) unless sound can be played and captured back here."""
    pytest.importorskip("numpy")
    from simulator.audio.devices import playback_problem, pulse_running
    from simulator.errors import MissingExtraError

    try:
        import simulator.audio.extras as extras

        extras.sounddevice()
    except MissingExtraError as exc:
        pytest.skip(f"没有 sounddevice/PortAudio：{exc.message}")
    if not pulse_running() and SCRIPT.is_file():
        subprocess.run([str(SCRIPT)], capture_output=True, timeout=30, check=False)
    if not pulse_running():
        pytest.skip("没有可连接的 PulseAudio 声音服务（scripts/start-pulse.sh 未能启动）")
    if problem := playback_problem():
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def _private_voice_cache(tmp_path, monkeypatch):
    """Lines synthesised by audio tests go to a throw-away cache, never the user's."""
    monkeypatch.setenv("HOTLINE_VOICE_CACHE", str(tmp_path / "voice-cache"))
    import simulator.voices as voices

    monkeypatch.setattr(voices, "_default", None)
