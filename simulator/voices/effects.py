"""What happens to a line after the engine: trim, level, and the telephone line.

* :func:`trim_silence` — cut leading/trailing silence (Kokoro leaves ~0.4 s before, ~0.7 s after).
* :func:`level` — peak-normalise to a common loudness, then the mood's volume change (+20 % is
  20 % louder), never above :data:`MAX_PEAK` (no clipping).
* :func:`telephone` — the phone line: 8 kHz, band-limited to 300–3400 Hz, a little compression.
* :func:`noise` — background by level (``light`` line hiss, ``heavy`` hiss and crackle,
  ``speakerphone`` room noise); :func:`speakerphone` makes the voice distant and roomy.
* :func:`finish` — the whole chain, deterministic for a given seed (the cache relies on it).

Effects are named ``"phone"`` or ``"none"``; noise levels are the scenario's node ``noise`` values.
"""

from __future__ import annotations

from typing import Any

from simulator.audio.extras import numpy
from simulator.audio.resample import resample
from simulator.voices.base import Audio

EFFECTS = ("phone", "none")
NOISES = ("none", "light", "heavy", "speakerphone")
PHONE_RATE = 8000
TARGET_PEAK = 0.6
MAX_PEAK = 0.95
NOISE_DB = {"light": -48.0, "heavy": -34.0, "speakerphone": -40.0}


def _fir_lowpass(cutoff_hz: float, rate: int, taps: int = 129) -> Any:
    np = numpy()
    n = np.arange(taps) - (taps - 1) / 2
    h = 2 * cutoff_hz / rate * np.sinc(2 * cutoff_hz / rate * n) * np.hamming(taps)
    return h / h.sum()


def bandpass(samples: Any, rate: int, low: float, high: float) -> Any:
    np = numpy()
    h = _fir_lowpass(high, rate) - _fir_lowpass(low, rate)
    return np.convolve(samples, h, mode="same").astype(np.float32)


def trim_silence(samples: Any, rate: int, floor_db: float = -40.0, pad: float = 0.05) -> Any:
    """``samples`` without the silence before the first and after the last sound (``pad`` kept)."""
    np = numpy()
    x = np.asarray(samples, dtype=np.float32)
    frame = max(1, rate // 100)
    n = len(x) // frame
    if n == 0:
        return x
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    rel = 20 * np.log10(rms / (rms.max() + 1e-12))
    loud = np.nonzero((rel > floor_db) & (rms > 1e-4))[0]  # below -80 dBFS is silence anyway
    if len(loud) == 0:
        return x[:0]
    keep = int(pad * rate)
    return x[max(0, loud[0] * frame - keep) : min(len(x), (loud[-1] + 1) * frame + keep)]


def level(samples: Any, volume: int = 0) -> Any:
    """Peak at ``TARGET_PEAK`` × (1 + volume/100), capped at ``MAX_PEAK``."""
    np = numpy()
    x = np.asarray(samples, dtype=np.float32)
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak < 1e-6:
        return x
    target = min(MAX_PEAK, TARGET_PEAK * (1 + volume / 100.0))
    return (x * (target / peak)).astype(np.float32)


def noise(kind: str, n: int, rate: int, rng: Any) -> Any:
    """``n`` samples of background noise of the given kind (zeros for ``none``)."""
    np = numpy()
    if kind not in NOISE_DB:
        return np.zeros(n, np.float32)
    amp = 10 ** (NOISE_DB[kind] / 20)
    white = rng.standard_normal(n).astype(np.float32)
    if kind == "speakerphone":  # room rumble: integrated (brown) noise, high-passed by a leak
        brown = np.zeros(n, np.float32)
        acc = 0.0
        for i in range(0, n, 1024):  # leaky integrator in blocks: cheap and bounded
            block = np.cumsum(white[i : i + 1024] * 0.05) + acc
            acc = float(block[-1]) * 0.98 if len(block) else acc
            brown[i : i + 1024] = block
        brown -= np.convolve(brown, np.ones(401) / 401, mode="same")
        out = brown / (np.std(brown) + 1e-9)
    else:
        out = white
    if kind == "heavy":  # crackle: sparse clicks
        clicks = rng.random(n) < 8.0 / rate
        out = out + clicks * rng.standard_normal(n) * 6
    return (out * amp).astype(np.float32)


def speakerphone(samples: Any, rate: int) -> Any:
    """A voice far from the handset: quieter, muffled, with room echoes."""
    np = numpy()
    x = np.asarray(samples, dtype=np.float32) * 0.5
    out = np.concatenate([x, np.zeros(int(0.25 * rate), np.float32)])
    for delay, gain in ((0.023, 0.35), (0.041, 0.25), (0.067, 0.18), (0.113, 0.1), (0.171, 0.06)):
        d = int(delay * rate)
        out[d : d + len(x)] += x * gain
    return np.convolve(out, _fir_lowpass(min(2800.0, rate / 2 - 100), rate), mode="same").astype(np.float32)


def telephone(samples: Any, rate: int) -> tuple[Any, int]:
    """The phone line: 8 kHz, 300–3400 Hz, gentle compression. Returns (samples, 8000)."""
    np = numpy()
    x = resample(samples, rate, PHONE_RATE)
    x = bandpass(x, PHONE_RATE, 300.0, 3400.0)
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak > 1e-6:
        x = np.tanh(1.8 * x / peak) / np.tanh(1.8) * peak  # soft compression, same peak
    return x.astype(np.float32), PHONE_RATE


def finish(
    audio: Audio, *, volume: int = 0, effect: str = "phone", noise_kind: str = "none", seed: int = 0
) -> Audio:
    """Trim, level, optional speakerphone colour, telephone line and noise: the cached form."""
    np = numpy()
    x, rate = trim_silence(audio.samples, audio.rate), audio.rate
    if len(x) == 0:
        return Audio(x, rate, audio.engine, audio.voice, dict(audio.meta))
    if noise_kind == "speakerphone":
        x = speakerphone(x, rate)
    if effect == "phone":
        x, rate = telephone(x, rate)
    x = level(x, volume)
    if noise_kind != "none":
        rng = np.random.default_rng(seed)
        lead = np.zeros(int(0.15 * rate), np.float32)  # the line is audibly open before the voice
        x = np.concatenate([lead, x, lead])
        x = x + noise(noise_kind, len(x), rate, rng)
        x = np.clip(x, -MAX_PEAK, MAX_PEAK)
    meta = {**audio.meta, "effect": effect, "noise": noise_kind}
    return Audio(x.astype(np.float32), rate, audio.engine, audio.voice, meta)
