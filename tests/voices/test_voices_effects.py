"""Trim, level, telephone line, noise and phone tones."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from simulator.voices.base import Audio  # noqa: E402
from simulator.voices.effects import finish, level, noise, telephone, trim_silence  # noqa: E402
from simulator.voices.tones import busy, hold_music, line_noise, ringback  # noqa: E402


def tone(freq: float, rate: int = 24000, seconds: float = 1.0, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * freq * np.arange(int(rate * seconds)) / rate)).astype(np.float32)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.asarray(x, dtype=np.float64) ** 2)))


def test_telephone_passes_the_voice_band_only():
    for freq, passes in [(1000, True), (2500, True), (100, False), (5000, False), (7000, False)]:
        out, rate = telephone(tone(freq), 24000)
        assert rate == 8000
        mid = out[800:-800]
        if passes:
            assert rms(mid) > 0.25, freq
        else:
            assert rms(mid) < 0.02, freq


def test_trim_and_level():
    rate = 24000
    x = np.concatenate([np.zeros(rate // 2), tone(300, rate, 1.0), np.zeros(rate)]).astype(np.float32)
    t = trim_silence(x, rate)
    assert abs(len(t) / rate - 1.1) < 0.03  # one second plus 50 ms either side
    assert len(trim_silence(np.zeros(rate, np.float32), rate)) == 0
    assert abs(np.max(np.abs(level(t))) - 0.6) < 1e-3
    assert abs(np.max(np.abs(level(t, 20))) - 0.72) < 1e-3  # angrier is louder
    assert np.max(np.abs(level(t, 500))) <= 0.95  # never clipped


def test_noise_and_finish_are_deterministic():
    rng = np.random.default_rng
    for kind, db in [("light", -48), ("heavy", -34), ("speakerphone", -40)]:
        n = noise(kind, 16000, 8000, rng(1))
        assert np.array_equal(n, noise(kind, 16000, 8000, rng(1)))
        assert abs(20 * np.log10(rms(n)) - db) < 6, kind
    assert not noise("none", 100, 8000, rng(1)).any()
    audio = Audio(np.concatenate([np.zeros(4800), tone(500)]), 24000, "x", "v")
    a = finish(audio, effect="phone", noise_kind="speakerphone", seed=7)
    b = finish(audio, effect="phone", noise_kind="speakerphone", seed=7)
    assert a.rate == 8000 and np.array_equal(a.samples, b.samples)
    assert np.max(np.abs(a.samples)) <= 0.95
    assert a.meta["noise"] == "speakerphone"
    plain = finish(audio, effect="none")
    assert plain.rate == 24000 and plain.duration < 1.2


def test_phone_tones():
    ring = ringback(16000)
    assert len(ring) == 5 * 16000 and rms(ring[: 16000]) > 0.1 and rms(ring[2 * 16000 :]) == 0
    spectrum = np.abs(np.fft.rfft(ring[:16000]))
    assert abs(np.argmax(spectrum) - 450) <= 1
    assert len(busy(8000)) == int(0.7 * 8000)
    music = hold_music(16000)
    assert len(music) == 16 * 2 * 16000 // 2 and 0.01 < rms(music) < 0.2


def test_line_noise_beds():
    assert not line_noise("none", 16000, 1.0).any()
    for kind in ("light", "heavy", "speakerphone"):
        bed = line_noise(kind, 16000, 2.0, seed=3)
        assert bed.dtype == np.float32 and abs(len(bed) / 16000 - 1.95) < 0.01
        assert 1e-4 < rms(bed) < 0.1, kind
        assert np.array_equal(bed, line_noise(kind, 16000, 2.0, seed=3))
    assert rms(line_noise("heavy", 16000)) > 3 * rms(line_noise("light", 16000))
