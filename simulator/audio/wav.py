"""WAV files in and out, and sample-format conversions.

Samples are numpy arrays: float32 in [-1, 1] (what the engines produce and the player plays) or
int16 (what WAV files and most recognisers want). Mono throughout; multi-channel input is
averaged. 16-bit PCM WAV is read and written with the standard library; other WAV flavours
(float, 24/32-bit) are read through soundfile when it is installed.

    samples, rate = read_wav("line.wav")               # float32 mono
    write_wav("out.wav", samples, rate)                # 16-bit PCM, written atomically
    pcm = as_int16(samples); back = as_float32(pcm)
"""

from __future__ import annotations

import io
import os
import wave
from pathlib import Path
from typing import Any

from simulator.audio.extras import numpy
from simulator.errors import HotlineError
from simulator.fsio import atomic_write_bytes

Samples = Any  # numpy.ndarray, float32 or int16, 1-D


class AudioFileError(HotlineError):
    """A WAV file could not be read or written."""


def as_float32(samples: Samples) -> Samples:
    """float32 in [-1, 1]: int16 is scaled by 1/32768, float input is clipped; 2-D is averaged."""
    np = numpy()
    a = np.asarray(samples)
    if a.ndim == 2:
        a = a.mean(axis=1) if a.dtype.kind == "f" else a.astype(np.float64).mean(axis=1).astype(a.dtype)
    if a.dtype == np.int16:
        return (a.astype(np.float32) / 32768.0).astype(np.float32)
    if a.dtype.kind in "iu":
        info = np.iinfo(a.dtype)
        return (a.astype(np.float64) / float(max(abs(info.min), info.max))).astype(np.float32)
    return np.clip(a.astype(np.float32, copy=False), -1.0, 1.0)


def as_int16(samples: Samples) -> Samples:
    """int16 PCM; float input is clipped to [-1, 1] first."""
    np = numpy()
    a = np.asarray(samples)
    if a.dtype == np.int16 and a.ndim == 1:
        return a
    f = as_float32(a)
    return np.round(f * 32767.0).astype(np.int16)


def wav_bytes(samples: Samples, rate: int) -> bytes:
    """The bytes of a 16-bit mono PCM WAV file."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(rate))
        w.writeframes(as_int16(samples).astype("<i2").tobytes())
    return buf.getvalue()


def write_wav(path: str | os.PathLike[str], samples: Samples, rate: int) -> Path:
    """Write a 16-bit mono WAV atomically (temporary file, then rename); returns the path."""
    out = Path(path)
    data = wav_bytes(samples, rate)
    atomic_write_bytes(out, data, make_parents=True)
    return out


def read_wav_bytes(data: bytes) -> tuple[Samples, int]:
    """Decode WAV bytes to (float32 mono, rate)."""
    np = numpy()
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        return _read_soundfile(io.BytesIO(data), exc)
    if width == 2:
        a = np.frombuffer(frames, dtype="<i2")
    elif width == 1:
        a = (np.frombuffer(frames, dtype=np.uint8).astype(np.int16) - 128) * 256
    else:
        return _read_soundfile(io.BytesIO(data), None)
    if channels > 1:
        a = a.reshape(-1, channels)
    return as_float32(a), int(rate)


def read_wav(path: str | os.PathLike[str]) -> tuple[Samples, int]:
    """Read a WAV file to (float32 mono, rate)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise AudioFileError(f"无法读取音频文件 {path}：{exc}") from exc
    return read_wav_bytes(data)


def _read_soundfile(fh: io.BytesIO, cause: Exception | None) -> tuple[Samples, int]:
    try:
        import soundfile as sf
    except ImportError as exc:
        what = cause or "其他格式"
        raise AudioFileError(f"只能直接读取 16 位 PCM WAV（{what}）；其他格式需要 soundfile") from exc
    try:
        a, rate = sf.read(fh, dtype="float32", always_2d=False)
    except Exception as exc:  # soundfile raises its own RuntimeError subclasses
        raise AudioFileError(f"无法解码音频：{exc}") from exc
    return as_float32(a), int(rate)


def duration(samples: Samples, rate: int) -> float:
    return float(len(samples)) / float(rate) if rate else 0.0
