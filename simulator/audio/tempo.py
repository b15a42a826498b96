"""Slower or faster speech at the same pitch: WSOLA time-scale modification.

Why not the synthesiser's own rate? Kokoro renders a slowed line (its ``speed`` input below about
0.85) with a short vocal onset before each sentence: whisper hears it as an extra syllable
(您好 → 一年好, 对不起 → 也对不起), so an operator voice slowed to a normal hotline pace (about
220 characters a minute; Kokoro's voices say 290–320) was misheard at the start of every line.
Rendered at the voice's own pace and stretched here, the syllables stay as clean as the voice
makes them (``hotline play --live --speak-replies PERSONA@RATE``).

WSOLA (waveform-similarity overlap-add): Hann-windowed frames are taken from the input at the
stretched hop and overlap-added at the output hop; each frame is moved (within ``tolerance``) to
where it best continues the previous one, so pitch periods line up and nothing warbles.
"""

from __future__ import annotations

from typing import Any

from simulator.audio.extras import numpy

FRAME_S = 0.04  # seconds a frame (two or more pitch periods of any voice)
TOLERANCE_S = 0.01  # seconds a frame may move to line up with the previous one


def stretch(samples: Any, rate: int, factor: float) -> Any:
    """``samples`` (mono float) lasting ``factor`` times as long at the same pitch (0.5–2)."""
    np = numpy()
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if not 0.5 <= factor <= 2.0:
        raise ValueError(f"factor {factor} outside 0.5–2")
    n = max(16, int(FRAME_S * rate) // 2 * 2)
    if abs(factor - 1.0) < 1e-3 or len(x) < 2 * n:
        return x.copy()
    hop_out = n // 2
    hop_in = hop_out / factor
    tol = int(TOLERANCE_S * rate)
    window = np.hanning(n + 2)[1:-1].astype(np.float32)  # periodic-ish: sums to ~1 at 50 % overlap
    pad = np.zeros(n + tol, np.float32)
    src = np.concatenate([pad, x, pad, pad])
    frames = int((len(x) * factor) // hop_out) + 1
    out = np.zeros(frames * hop_out + n, np.float32)
    norm = np.zeros_like(out)
    prev = len(pad)  # where the previous frame was taken from (in src)
    for k in range(frames):
        want = len(pad) + round(k * hop_in)
        if k == 0:
            at = want
        else:
            natural = src[prev + hop_out: prev + hop_out + n]  # how the previous frame goes on
            lo = max(0, want - tol)
            region = src[lo: want + tol + n]
            if len(region) < n or not natural.any():
                at = want
            else:
                corr = np.correlate(region, natural, mode="valid")
                at = lo + int(np.argmax(corr))
        frame = src[at: at + n]
        if len(frame) < n:
            break
        out[k * hop_out: k * hop_out + n] += frame * window
        norm[k * hop_out: k * hop_out + n] += window
        prev = at
    out = out / np.maximum(norm, 1e-3)
    return out[: round(len(x) * factor)].astype(np.float32)
