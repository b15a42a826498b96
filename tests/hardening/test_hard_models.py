"""Broken model files are found at load (checksums) and the commands fall back with a message.

Copies in a temporary HOTLINE_MODELS folder (never the installed models): a truncated Kokoro
``.onnx``, a garbage ``vocab.json``, a truncated whisper ``model.bin``, a garbage whisper vocabulary.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hardkit import hotline, no_traceback

from simulator.paths import install_dir

MODELS = install_dir() / "models"
KOKORO = MODELS / "kokoro"
WHISPER = MODELS / "whisper-base"


def _kokoro_copy(tmp: Path, how: str) -> Path:
    if not (KOKORO / "kokoro-v1.0.int8.onnx").is_file():
        pytest.skip("Kokoro is not installed")
    dest = tmp / "models" / "kokoro"
    shutil.copytree(KOKORO / "voices", dest / "voices")
    shutil.copy(KOKORO / "vocab.json", dest)
    onnx = KOKORO / "kokoro-v1.0.int8.onnx"
    if how == "truncated":
        with onnx.open("rb") as fh:
            (dest / onnx.name).write_bytes(fh.read(1_000_000))
    else:
        os.symlink(onnx, dest / onnx.name)  # only read
        (dest / "vocab.json").write_bytes(b"\x00garbage{")
    return tmp / "models"


@pytest.mark.parametrize("how", ["truncated", "vocab"])
def test_voices_say_falls_back_to_espeak(tmp_path: Path, how: str) -> None:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    models = _kokoro_copy(tmp_path, how)
    env = {"HOTLINE_MODELS": str(models), "HOTLINE_VOICE_CACHE": str(tmp_path / "vc")}
    proc = hotline("voices", "say", "f-adult-mandarin", "您好，请问有什么可以帮您？", "--out",
                   str(tmp_path / "o.wav"), env=env)
    err = no_traceback(proc)
    assert proc.returncode == 0, err
    assert "espeak" in proc.stdout.decode() and "hotline voices install" in err
    doctor = hotline("voices", "doctor", "--no-probe", env=env)
    no_traceback(doctor)
    assert "损坏" in doctor.stdout.decode()


def _whisper_copy(tmp: Path, how: str) -> Path:
    if not (WHISPER / "model.bin").is_file():
        pytest.skip("Whisper base is not installed")
    dest = tmp / "models" / "whisper-base"
    dest.mkdir(parents=True)
    for f in WHISPER.iterdir():
        if f.name == "model.bin":
            if how == "truncated":
                with f.open("rb") as fh:
                    (dest / f.name).write_bytes(fh.read(5_000_000))
            else:
                os.symlink(f, dest / f.name)
        elif not f.name.startswith("."):
            shutil.copy(f, dest)
    if how == "vocab":
        (dest / "vocabulary.json").write_bytes(b"\xff\xfegarbage")
    return tmp / "models"


@pytest.mark.parametrize("how", ["truncated", "vocab"])
def test_transcribe_with_broken_whisper_says_how_to_reinstall(tmp_path: Path, how: str) -> None:
    import numpy as np

    from simulator.audio.wav import write_wav

    models = _whisper_copy(tmp_path, how)
    wav = tmp_path / "in.wav"
    write_wav(wav, np.zeros(16000, dtype=np.float32), 16000)
    proc = hotline("transcribe", str(wav), "--recogniser", "whisper", env={"HOTLINE_MODELS": str(models)})
    err = no_traceback(proc)
    assert proc.returncode == 2 and "hotline models install" in err and "损坏" in err
