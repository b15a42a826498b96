"""Telephone sounds: ring-back tone, busy tone, hold music (float32 loops at any rate).

China's ring-back tone is 450 Hz, 1 s on, 4 s off; the busy tone 450 Hz, 0.35 s on/off.
"""

from __future__ import annotations

from typing import Any

from simulator.audio.extras import numpy


def _tone(freq: float, seconds: float, rate: int, amp: float) -> Any:
    np = numpy()
    t = np.arange(int(seconds * rate)) / rate
    x = amp * np.sin(2 * np.pi * freq * t)
    ramp = min(len(x) // 2, int(0.01 * rate))  # 10 ms fades: no clicks
    if ramp:
        env = np.ones(len(x))
        env[:ramp] = np.linspace(0, 1, ramp)
        env[-ramp:] = np.linspace(1, 0, ramp)
        x = x * env
    return x.astype(np.float32)


def ringback(rate: int = 16000, amp: float = 0.25) -> Any:
    """One 5 s cycle: 1 s of 450 Hz, 4 s of silence (loop it)."""
    np = numpy()
    return np.concatenate([_tone(450, 1.0, rate, amp), np.zeros(4 * rate, np.float32)])


def busy(rate: int = 16000, amp: float = 0.25) -> Any:
    np = numpy()
    return np.concatenate([_tone(450, 0.35, rate, amp), np.zeros(int(0.35 * rate), np.float32)])


def hold_music(rate: int = 16000, amp: float = 0.15) -> Any:
    """An 8-bar loop of soft arpeggiated chords (C–Am–F–G), like a hotline's waiting music."""
    np = numpy()
    chords = [(261.6, 329.6, 392.0), (220.0, 261.6, 329.6), (174.6, 220.0, 261.6), (196.0, 246.9, 293.7)]
    notes: list[Any] = []
    for chord in chords * 2:
        for f in (*chord, chord[1]):
            n = _tone(f, 0.5, rate, amp) + _tone(2 * f, 0.5, rate, amp * 0.2)
            decay = np.exp(-np.arange(len(n)) / (0.25 * rate)).astype(np.float32)
            notes.append(n * decay)
    return np.concatenate(notes).astype(np.float32)


def line_noise(kind: str, rate: int = 16000, seconds: float = 6.0, seed: int = 0) -> Any:
    """A loop of the line's background for a node's ``noise`` (``light`` hiss, ``heavy`` hiss and
    crackle, ``speakerphone`` room noise), shaped by the phone line; silence for ``none``.

    Play it under the caller with ``Player.set_bed`` while a noisy node is current — also while the
    caller says nothing (the silent caller: an open line is not digital silence).
    """
    np = numpy()
    from simulator.audio.resample import resample
    from simulator.voices.effects import PHONE_RATE, bandpass, noise

    n = noise(kind, int(seconds * PHONE_RATE), PHONE_RATE, np.random.default_rng(seed))
    if not n.any():
        return np.zeros(int(seconds * rate), np.float32)
    shaped = bandpass(n, PHONE_RATE, 300.0, 3400.0) if kind != "speakerphone" else n
    fade = int(0.05 * PHONE_RATE)  # cross-fade the ends so the loop has no click
    shaped[:fade] = shaped[:fade] * np.linspace(0, 1, fade) + shaped[-fade:] * np.linspace(1, 0, fade)
    return resample(shaped[:-fade], PHONE_RATE, rate)
