"""Checks that audio is speech of a sensible length, and shared engine fixtures."""

from __future__ import annotations

import numpy as np
import pytest


def frames_db(x: np.ndarray, rate: int, ms: float = 20.0) -> np.ndarray:
    n = max(1, int(rate * ms / 1000))
    k = len(x) // n
    rms = np.sqrt(np.mean(x[: k * n].reshape(k, n) ** 2, axis=1) + 1e-12)
    return 20 * np.log10(rms + 1e-12)


def syllables(db: np.ndarray, swing: float = 6.0) -> int:
    """Peaks of the level that rise and fall by ``swing`` dB (hysteresis): roughly the syllables."""
    peaks, rising, top, bottom = 0, True, -200.0, float(db[0]) if len(db) else 0.0
    for v in db:
        if rising:
            top = max(top, v)
            if v < top - swing:
                peaks, rising, bottom = peaks + 1, False, v
        else:
            bottom = min(bottom, v)
            if v > bottom + swing:
                rising, top = True, v
    return peaks + int(rising and top > bottom + swing)


def assert_speech(x: np.ndarray, rate: int, text: str, *, per_char=(0.08, 0.6), trimmed: bool = True) -> None:
    """Not silence, not clipped, syllabic (loud and quiet stretches), length fits the text."""
    x = np.asarray(x, dtype=np.float32)
    chars = sum(1 for c in text if c.isalnum())
    seconds = len(x) / rate
    assert per_char[0] * chars <= seconds <= per_char[1] * chars + 0.5, (seconds, chars)
    peak = float(np.max(np.abs(x)))
    assert 0.05 < peak <= 1.0, peak
    assert np.mean(np.abs(x) >= 0.99) < 0.001, "clipped"
    db = frames_db(x, rate)
    loud = db > db.max() - 20
    assert 0.3 < loud.mean() < 0.97, loud.mean()  # speech has gaps between syllables and words
    assert syllables(db) >= max(2, chars // 3), syllables(db)  # the level rises and falls per syllable
    if trimmed:  # no long silence left at either end
        assert np.argmax(loud) * 0.02 < 0.2
        assert np.argmax(loud[::-1]) * 0.02 < 0.25


def f0(x: np.ndarray, rate: int) -> float:
    """Median pitch (Hz) of the loud frames, by autocorrelation between 60 and 400 Hz."""
    n = int(0.04 * rate)
    db = frames_db(x, rate, 40)
    out = []
    for i in np.nonzero(db > db.max() - 12)[0]:
        fr = x[i * n : (i + 1) * n] - np.mean(x[i * n : (i + 1) * n])
        ac = np.correlate(fr, fr, "full")[n - 1 :]
        lo, hi = int(rate / 400), int(rate / 60)
        if hi < len(ac) and ac[0] > 0:
            lag = lo + int(np.argmax(ac[lo:hi]))
            if ac[lag] / ac[0] > 0.4:
                out.append(rate / lag)
    assert out, "no voiced frames"
    return float(np.median(out))


def kokoro_or_skip():
    from simulator.voices.kokoro import KokoroEngine

    eng = KokoroEngine()
    if reason := eng.check():
        pytest.skip(f"Kokoro 未安装：{reason}")
    return eng


def espeak_or_skip():
    from simulator.voices.espeak import EspeakEngine

    eng = EspeakEngine()
    if reason := eng.check():
        pytest.skip(reason)
    return eng
