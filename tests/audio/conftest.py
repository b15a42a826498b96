"""Sound-server fixture: the PulseAudio null sink from scripts/start-pulse.sh (CI starts it)."""

from __future__ import annotations

import os
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


@pytest.fixture
def private_sink(sound_server, monkeypatch):
    """A null sink of this test's own: other programs playing to the shared sink cannot leak into
    the capture. PortAudio reaches PulseAudio through the ALSA plug-in, which honours PULSE_SINK
    and PULSE_SOURCE for every stream it opens."""
    name = f"hotline_test_{os.getpid()}"
    load = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={name}", "rate=16000", "channels=1"],
        capture_output=True, text=True, timeout=10, check=False,
    )
    if load.returncode != 0:
        pytest.skip(f"无法创建测试用的 PulseAudio 虚拟声卡：{load.stderr.strip()}")
    monkeypatch.setenv("PULSE_SINK", name)
    monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
    yield name
    unload = ["pactl", "unload-module", load.stdout.strip()]
    subprocess.run(unload, capture_output=True, timeout=10, check=False)


@pytest.fixture(autouse=True)
def _private_voice_cache(tmp_path, monkeypatch):
    """Lines synthesised by audio tests go to a throw-away cache, never the user's."""
    monkeypatch.setenv("HOTLINE_VOICE_CACHE", str(tmp_path / "voice-cache"))
    import simulator.voices as voices

    monkeypatch.setattr(voices, "_default", None)
