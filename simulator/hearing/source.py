"""What every audio input shares: 16 kHz mono int16 chunks on a queue, a level feed, a WAV copy.

A producer (the sounddevice callback, or the WAV replay thread) only calls :meth:`AudioSource.push`,
which enqueues. The consumer calls :meth:`AudioSource.read`: it dequeues, writes the chunk to the
recording of the whole operator channel, updates the level and returns a :class:`Chunk` stamped
with its position in the stream (sample count / 16 kHz) and the wall-clock time it arrived.
A producer that fails calls :meth:`AudioSource.fail`; the next :meth:`read` raises the error (the
recording written so far is closed and kept).
"""

from __future__ import annotations

import math
import queue
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from simulator.hearing.errors import AudioInputError

RATE = 16000
SAMPLE_BYTES = 2


@dataclass(frozen=True, slots=True)
class Chunk:
    t: float  # seconds from the start of the stream (by samples)
    pcm: bytes  # int16 little-endian mono at 16 kHz
    wall: float  # time.monotonic() when it was captured / handed over

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (RATE * SAMPLE_BYTES)


def rms_dbfs(pcm: bytes) -> float:
    """Level of int16 PCM in dBFS (-100 for silence)."""
    import array

    a = array.array("h")
    a.frombytes(pcm[: len(pcm) // 2 * 2])
    if not a:
        return -100.0
    mean = sum(x * x for x in a) / len(a)
    return max(-100.0, 10 * math.log10(mean / (32768.0 * 32768.0))) if mean > 0 else -100.0


class AudioSource:
    """Base of the inputs; subclasses start their producer in :meth:`_start` and stop it in :meth:`_stop`."""

    name = "audio"
    # A stream in step with real time, as a sound card gives (its sample count is a clock): how far
    # it has been listened to is how far the trainee has been heard. A source fed on demand (a WAV
    # replayed turn by turn, a driver pacing the input) is silent between its turns instead.
    continuous = False

    def __init__(self, record_to: Path | None = None) -> None:
        self.record_to = record_to
        self.level = -100.0  # dBFS of the latest chunk, for the UI's meter
        self.samples = 0
        self.finished = False
        self._q: queue.Queue[tuple[bytes, float] | BaseException | None] = queue.Queue()
        self._wav: wave.Wave_write | None = None
        self._started = False

    # ---- producer side (any thread)
    def push(self, pcm: bytes, wall: float | None = None) -> None:
        self._q.put_nowait((pcm, time.monotonic() if wall is None else wall))

    def fail(self, error: BaseException) -> None:
        self._q.put_nowait(error)

    def backlog(self) -> int:
        """Chunks captured but not read yet (the listener is behind, e.g. decoding on a busy machine)."""
        return self._q.qsize()

    def end(self) -> None:
        """No more audio (end of file)."""
        self._q.put_nowait(None)

    # ---- consumer side
    def start(self) -> None:
        if self._started:
            return
        self._started = True
        if self.record_to is not None:
            self.record_to.parent.mkdir(parents=True, exist_ok=True)
            self._wav = wave.open(str(self.record_to), "wb")  # noqa: SIM115 - open for the whole call
            self._wav.setnchannels(1)
            self._wav.setsampwidth(SAMPLE_BYTES)
            self._wav.setframerate(RATE)
        self._start()

    def read(self, timeout: float | None = None) -> Chunk | None:
        """The next chunk; ``None`` on timeout or at the end (then :attr:`finished` is true).
        Raises :class:`AudioInputError` when the producer failed."""
        if self.finished:
            return None
        try:
            item = self._q.get(timeout=timeout)
        except queue.Empty:
            self._check_alive()
            return None
        if item is None:
            self.finished = True
            self._close_wav()
            return None
        if isinstance(item, BaseException):
            self.finished = True
            self.stop()
            if isinstance(item, AudioInputError):
                raise item
            raise AudioInputError(f"音频输入出错：{item}") from item
        pcm, wall = item
        chunk = Chunk(self.samples / RATE, pcm, wall)
        self.samples += len(pcm) // SAMPLE_BYTES
        if self._wav is not None:
            self._wav.writeframes(pcm)
        self.level = rms_dbfs(pcm)
        return chunk

    def stop(self) -> Path | None:
        """Stop the producer and close the recording; returns the recording's path (if any)."""
        if self._started:
            self._stop()
        self._close_wav()
        return self.record_to

    @property
    def seconds(self) -> float:
        return self.samples / RATE

    def _close_wav(self) -> None:
        if self._wav is not None:
            self._wav.close()
            self._wav = None

    def __enter__(self) -> AudioSource:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ---- hooks
    def _start(self) -> None:
        raise NotImplementedError

    def _stop(self) -> None:
        raise NotImplementedError

    def _check_alive(self) -> None:
        """Called when no audio came within a read timeout: raise if the producer is dead."""
