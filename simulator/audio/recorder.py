"""Write audio blocks to a 16-bit WAV on a background thread (never blocks the audio thread).

With ``t0`` set, every block is placed at its own time: ``write(block, at)`` puts the block's first
sample at ``(at - t0) * rate``, filling gaps with silence (a stream that stalled) and dropping
overlap, so sample 0 of the file is ``t0`` on the caller's clock — a caller channel aligned with
the call record. Jitter below ``slack`` seconds is ignored.
"""

from __future__ import annotations

import queue
import threading
import wave
from pathlib import Path
from typing import Any

from simulator.audio.wav import as_int16


class WavRecorder:
    def __init__(self, path: str | Path, rate: int, t0: float | None = None, slack: float = 0.02) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rate = int(rate)
        self.t0 = t0
        self.slack = int(slack * self.rate)
        self.frames = 0
        self._q: queue.Queue[tuple[Any, float | None] | None] = queue.Queue()
        self._wav = wave.open(str(self.path), "wb")  # noqa: SIM115 - closed in close()
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(self.rate)
        self._thread = threading.Thread(target=self._run, name="wav-recorder", daemon=True)
        self._thread.start()

    def write(self, block: Any, at: float | None = None) -> None:
        self._q.put((block, at))

    def _put(self, pcm: bytes, n: int) -> None:
        self._wav.writeframes(pcm)
        self.frames += n

    def _run(self) -> None:
        while (item := self._q.get()) is not None:
            block, at = item
            if self.t0 is not None and at is not None:
                want = round((at - self.t0) * self.rate)
                if want < 0:  # before t0: keep only what falls after it
                    block, want = block[-want:], 0
                gap = want - self.frames
                if gap > self.slack:
                    self._put(b"\0\0" * gap, gap)
                elif gap < -self.slack:
                    block = block[-gap:]
            if len(block):
                self._put(as_int16(block).astype("<i2").tobytes(), len(block))

    def close(self) -> None:
        self._q.put(None)
        self._thread.join(timeout=5)
        self._wav.close()
