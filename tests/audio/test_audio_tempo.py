"""WSOLA time stretch: longer or shorter at the same pitch (the operator voice of live play)."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from simulator.audio.tempo import stretch  # noqa: E402

RATE = 16000


def _voiced(seconds: float, f0: float) -> np.ndarray:
    """A vowel-like tone (harmonics of ``f0``) with a syllable envelope: 4 syllables a second."""
    t = np.arange(int(seconds * RATE)) / RATE
    tone = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6))
    envelope = 0.5 - 0.5 * np.cos(2 * np.pi * 4 * t)
    return (0.3 * tone * envelope).astype(np.float32)


def _pitch(x: np.ndarray) -> float:
    frame = x[len(x) // 2 - 1024: len(x) // 2 + 1024]
    ac = np.correlate(frame, frame, "full")[len(frame) - 1:]
    lo, hi = RATE // 400, RATE // 60
    return RATE / (lo + int(np.argmax(ac[lo:hi])))


def _syllables(x: np.ndarray) -> int:
    n = RATE // 100
    rms = np.sqrt(np.mean(x[: len(x) // n * n].reshape(-1, n) ** 2, axis=1))
    loud = rms > 0.5 * rms.max()
    return int(np.sum(loud[1:] & ~loud[:-1]) + loud[0])


@pytest.mark.parametrize("factor", [0.8, 1.3, 1.45])
def test_stretch_changes_the_length_and_keeps_the_pitch_and_the_syllables(factor: float) -> None:
    x = _voiced(2.0, 180.0)
    y = stretch(x, RATE, factor)
    assert abs(len(y) - factor * len(x)) <= 1
    assert abs(_pitch(y) - _pitch(x)) < 6, (_pitch(x), _pitch(y))
    assert _syllables(y) == _syllables(x) == 8
    assert np.max(np.abs(y)) <= 1.05 * np.max(np.abs(x))  # overlap-add does not pile up


def test_stretch_leaves_short_or_unit_input_alone_and_refuses_absurd_factors() -> None:
    x = _voiced(0.5, 200.0)
    assert np.array_equal(stretch(x, RATE, 1.0), x)
    assert len(stretch(x[:100], RATE, 1.3)) == 100
    with pytest.raises(ValueError):
        stretch(x, RATE, 3.0)
