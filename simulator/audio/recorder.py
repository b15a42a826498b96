"""Write audio blocks to a 16-bit WAV on a background thread (never blocks the audio thread)."""

from __future__ import annotations

import queue
import threading
import wave
from pathlib import Path
from typing import Any

from simulator.audio.wav import as_int16


class WavRecorder:
    def __init__(self, path: str | Path, rate: int) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rate = int(rate)
        self.frames = 0
        self._q: queue.Queue[Any] = queue.Queue()
        self._wav = wave.open(str(self.path), "wb")  # noqa: SIM115 - closed in close()
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(self.rate)
        self._thread = threading.Thread(target=self._run, name="wav-recorder", daemon=True)
        self._thread.start()

    def write(self, block: Any) -> None:
        self._q.put(block)

    def _run(self) -> None:
        while (block := self._q.get()) is not None:
            self._wav.writeframes(as_int16(block).astype("<i2").tobytes())
            self.frames += len(block)

    def close(self) -> None:
        self._q.put(None)
        self._thread.join(timeout=5)
        self._wav.close()
