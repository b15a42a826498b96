"""Caller voices: engines behind one interface, personas and moods, the voice cache.

Heavy libraries (onnxruntime, misaki, edge_tts, numpy) are imported only when a line is
synthesised; a missing one raises :class:`~simulator.errors.MissingExtraError` or makes that
engine report itself unavailable so the chain falls back.

The one-call API::

    from simulator.voices import synthesize
    samples, rate = synthesize("您好，12320卫生热线。", "kokoro:zf_xiaoxiao")            # float32, 24 kHz
    samples, rate = synthesize("我想问一下", "f-adult-mandarin", mood="angry", rate=16000)  # resampled

``who`` is a persona id from ``voices/personas.yaml``, ``engine:voice`` or a bare voice name.
For more control (cache, engine order, modes) use :class:`simulator.voices.chain.Voices`.

Modules: ``base`` (the ``VoiceEngine`` interface), ``edge``/``kokoro``/``espeak`` (engines),
``chain`` (best-available-first with fallback), ``personas`` and ``speaker`` (who speaks),
``effects`` (trim, level, telephone line, noise), ``cache``, ``render``, ``pack``, ``doctor``,
``install``, ``tones`` (ring-back tone, hold music).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.voices.chain import Voices

_default: Voices | None = None
_lock = threading.Lock()


def default_voices() -> Voices:
    """A shared :class:`Voices` (default engines, the user's voice cache), made on first use."""
    global _default
    with _lock:
        if _default is None:
            from simulator.voices.chain import Voices

            _default = Voices()
        return _default


def synthesize(
    text: str,
    who: str,
    mood: str = "calm",
    *,
    engine: str | None = None,
    effect: str = "none",
    noise: str = "none",
    rate: int | None = None,
    int16: bool = False,
) -> tuple[Any, int]:
    """Speak ``text`` as ``who``; returns ``(samples, sample_rate)``.

    ``samples`` is mono float32 in [-1, 1] (``int16=True``: int16 PCM). ``engine`` forces one
    engine (``"kokoro"``, ``"espeak"``, ``"edge"``; default: best available first). ``effect`` is
    ``"none"`` (clean, the engine's rate) or ``"phone"`` (8 kHz telephone line); ``rate``
    resamples the result. Lines are cached, so repeating a sentence costs a file read.
    """
    from simulator.audio.resample import resample
    from simulator.audio.wav import as_int16

    out = default_voices().render(text, who, mood, engine=engine, effect=effect, noise=noise)
    samples, sr = out.audio.samples, out.audio.rate
    if rate and rate != sr:
        samples, sr = resample(samples, sr, rate), rate
    return (as_int16(samples) if int16 else samples), sr
