"""A recorded answer as input: a WAV file replayed through the same path as the microphone.

    src = WavSource("answer.wav", speed=1.0)   # real time; speed=4 four times faster; 0 = no pacing
    src.start(); chunk = src.read(0.5) …

Any rate, mono or stereo: converted to 16 kHz mono int16 with :mod:`simulator.audio`. A replay
thread pushes 30 ms chunks on the same queue the sounddevice callback uses, paced by the monotonic
clock; ``lead``/``tail`` seconds of silence may be added around the file (so a turn can end).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from simulator.hearing.source import RATE, SAMPLE_BYTES, AudioSource

CHUNK = 480  # samples (30 ms)


def load_pcm16k(path: str | Path) -> bytes:
    """A WAV file as 16 kHz mono int16 bytes (any rate, mono or stereo)."""
    from simulator.audio.resample import resample
    from simulator.audio.wav import as_int16, read_wav

    samples, rate = read_wav(path)
    if rate != RATE:
        samples = resample(samples, rate, RATE)
    return bytes(as_int16(samples).astype("<i2").tobytes())


def pcm_from_samples(samples: Any, rate: int) -> bytes:
    """Float or int16 mono samples at ``rate`` as 16 kHz int16 bytes."""
    from simulator.audio.resample import resample
    from simulator.audio.wav import as_int16

    if rate != RATE:
        samples = resample(samples, rate, RATE)
    return bytes(as_int16(samples).astype("<i2").tobytes())


class WavSource(AudioSource):
    name = "wav"

    def __init__(self, path: str | Path | None = None, *, pcm: bytes | None = None, speed: float = 1.0,
                 lead: float = 0.0, tail: float = 1.0, record_to: Path | None = None) -> None:
        super().__init__(record_to)
        if (path is None) == (pcm is None):
            raise ValueError("WavSource 需要 path 或 pcm 之一")
        self.path = Path(path) if path is not None else None
        self._pcm = pcm
        self.speed = speed
        self.lead, self.tail = lead, tail
        self._stop_evt = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = 0.0  # monotonic time of the first sample

    def audio(self) -> bytes:
        if self._pcm is None:
            assert self.path is not None
            self._pcm = load_pcm16k(self.path)
        silence = b"\0" * SAMPLE_BYTES
        return silence * int(self.lead * RATE) + self._pcm + silence * int(self.tail * RATE)

    def _start(self) -> None:
        data = self.audio()
        self._stop_evt.clear()
        self._thread = threading.Thread(target=self._run, args=(data,), name="wav-source", daemon=True)
        self._thread.start()

    def _run(self, data: bytes) -> None:
        step = CHUNK * SAMPLE_BYTES
        self.started_at = t0 = time.monotonic()
        for i, off in enumerate(range(0, len(data), step)):
            if self._stop_evt.is_set():
                break
            if self.speed > 0:  # a chunk is handed over once it has been "spoken"
                due = t0 + (i + 1) * CHUNK / RATE / self.speed
                delay = due - time.monotonic()
                if delay > 0 and self._stop_evt.wait(delay):
                    break
            self.push(data[off: off + step])
        self.end()

    def _stop(self) -> None:
        self._stop_evt.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
