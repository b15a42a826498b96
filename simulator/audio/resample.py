"""Sample-rate conversion (numpy only): a polyphase windowed-sinc resampler.

``resample(samples, 24000, 16000)`` converts between any two integer rates by the ratio L/M in
lowest terms. Each output sample is one short dot product with one phase of a Kaiser-windowed
sinc low-pass (cut-off at the lower Nyquist frequency), so even 22050 → 16000 (L/M = 320/441)
costs about ``taps`` multiply-adds per output sample. Output is float32 of length
``ceil(len * dst / src)``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from math import gcd
from typing import Any

from simulator.audio.extras import numpy
from simulator.audio.wav import Samples, as_float32

HALF_TAPS = 16  # zero crossings of the sinc on each side, at the lower rate
BETA = 8.0  # Kaiser window shape: ~80 dB stop-band
BLOCK = 16384  # output samples computed at a time


@lru_cache(maxsize=32)
def _phases(up: int, down: int) -> Any:
    """Filter bank: row p holds the taps for output phase p, scaled for unity gain."""
    np = numpy()
    cutoff = 0.5 / max(up, down)  # in cycles per sample at the upsampled rate
    half = HALF_TAPS * max(up, down)
    n = np.arange(-half, half + 1, dtype=np.float64)
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.kaiser(len(n), BETA)
    h *= up / h.sum()
    # Pad so every phase has the same number of taps.
    per_phase = -(-len(h) // up)
    h = np.concatenate([h, np.zeros(per_phase * up - len(h))])
    # Tap k of phase p is h[p + k*up]; reversed so a dot product with x[base-K+1 .. base] works.
    bank = h.reshape(per_phase, up).T[:, ::-1]
    return np.ascontiguousarray(bank, dtype=np.float32), half


def resample(samples: Samples, src_rate: int, dst_rate: int) -> Samples:
    """``samples`` (mono) converted from ``src_rate`` to ``dst_rate``, as float32."""
    np = numpy()
    x = as_float32(samples)
    if src_rate == dst_rate or len(x) == 0:
        return x.copy()
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError(f"采样率必须为正数：{src_rate} → {dst_rate}")
    g = gcd(int(src_rate), int(dst_rate))
    up, down = int(dst_rate) // g, int(src_rate) // g
    bank, half = _phases(up, down)
    taps = bank.shape[1]
    n_out = -(-len(x) * up // down)
    # Position of output n on the upsampled grid, shifted by the filter's delay (half).
    pos = np.arange(n_out, dtype=np.int64) * down + half
    phase = pos % up
    base = pos // up  # index of the newest input sample that contributes
    pad_front = taps
    xp = np.concatenate([np.zeros(pad_front, np.float32), x, np.zeros(taps + 1, np.float32)])
    offsets = np.arange(taps - 1, -1, -1)[None, :]
    out = np.empty(n_out, dtype=np.float32)
    for lo in range(0, n_out, BLOCK):  # bounded memory for long recordings
        hi = min(n_out, lo + BLOCK)
        idx = (base[lo:hi] + pad_front)[:, None] - offsets
        out[lo:hi] = np.einsum("ij,ij->i", xp[idx], bank[phase[lo:hi]])
    return out


def resample_split(
    samples: Samples, src_rate: int, dst_rate: int, head_seconds: float = 0.5
) -> tuple[Any, Callable[[], Any] | None]:
    """:func:`resample` in two steps: the first ``head_seconds`` now, the rest when asked.

    Returns ``(head, rest)``; ``rest()`` converts the remainder (None when there is none).
    ``concatenate([head, rest()])`` equals ``resample(samples, …)`` to float rounding. A player
    converts the head at once and the rest on another thread, so long lines start as fast as short.
    """
    np = numpy()
    x = as_float32(samples)
    g = gcd(int(src_rate), int(dst_rate)) if src_rate > 0 and dst_rate > 0 else 1
    up, down = int(dst_rate) // g, int(src_rate) // g
    reach = HALF_TAPS * max(up, down) // up + 2  # input samples the filter sees on each side
    ctx = -(-reach // down) * down
    split = int(head_seconds * src_rate) // down * down
    if src_rate == dst_rate or split <= 0 or split + ctx >= len(x):
        return resample(x, src_rate, dst_rate), None
    n_head = split * up // down
    head = resample(x[: split + ctx], src_rate, dst_rate)[:n_head]
    n_total = -(-len(x) * up // down)

    def rest() -> Any:
        tail = resample(x[split - ctx :], src_rate, dst_rate)[ctx * up // down :][: n_total - n_head]
        return np.ascontiguousarray(tail)

    return head, rest


def resample_parts(samples: Samples, src_rate: int, dst_rate: int, head_seconds: float = 0.5) -> list[Any]:
    """The pieces of :func:`resample_split`, both converted."""
    head, rest = resample_split(samples, src_rate, dst_rate, head_seconds)
    return [head] if rest is None else [head, rest()]
