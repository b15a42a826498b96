"""Playback through one explicit, always-running sounddevice ``OutputStream``.

    with Player() as player:                        # default device, 16 kHz mono, 10 ms blocks
        h = player.play(samples, 24000, line=3)     # queued after any line still playing
        player.cut(3)                               # or player.stop(): silent within a block
        h.wait(); h.started, h.ended                # monotonic seconds (when it really sounded)

The stream runs from :meth:`Player.open` to :meth:`Player.close`, playing silence between lines,
so a line's first sample is handed to the device at the next 10 ms block. Lines are resampled to
the stream rate; for long lines only the first half second is converted before queuing, the rest
on a worker thread. A looping background (ring-back tone, hold music, line noise) is mixed under
the lines with :meth:`Player.set_bed`. ``record=`` tees everything sent to the device into a WAV
(the call's caller channel), each block at the time it sounds, so sample 0 is ``record_t0`` (e.g.
the first ring) even across stream stalls; :class:`~simulator.audio.sink.WavSink` is the
device-less twin.
Callbacks (``on_start``, ``on_end``) run on a notifier thread, never on the audio thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from simulator.audio.devices import PULSE_HINT, NoDeviceError, find_output
from simulator.audio.extras import numpy, sounddevice
from simulator.audio.handle import Bed, LineCallback, PlayHandle
from simulator.audio.notify import Notifier
from simulator.audio.recorder import WavRecorder
from simulator.audio.resample import resample, resample_split

DEFAULT_RATE = 16000
WARM_BLOCKS = 25  # the stream is steady once the device has pulled this many blocks on time in a row


class Player:
    def __init__(
        self,
        device: int | str | None = None,
        rate: int = DEFAULT_RATE,
        block_ms: float = 10.0,
        latency: str | float = "low",
        clock: Callable[[], float] = time.monotonic,
        record: str | Path | None = None,
        record_t0: float | None = None,
    ) -> None:
        self.device = device
        self.rate = int(rate)
        self.blocksize = max(16, int(self.rate * block_ms / 1000))
        self.latency = latency
        self.clock = clock
        self.record_path = Path(record) if record else None
        self.record_t0 = record_t0  # clock time of the recording's sample 0 (default: open())
        self._lock = threading.Lock()
        self._queue: list[PlayHandle] = []
        self._bed: Bed | None = None
        self._stream: Any = None
        self._recorder: WavRecorder | None = None
        self._notifier: Notifier | None = None
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="player-resample")
        self.underruns = 0
        self.callbacks = 0
        self._steady = 0  # blocks pulled on time in a row
        self._last_pull = 0.0
        self._ready = threading.Event()

    # -- lifetime ---------------------------------------------------------------------------
    def open(self, warm_up: float = 3.0) -> Player:
        """Start the stream; wait (up to ``warm_up`` s) until the device pulls blocks steadily.

        Through PulseAudio's ALSA plug-in a new stream takes 1–2 s before it starts pulling blocks;
        a line queued earlier would start that late. Open the player when the phone starts ringing.
        """
        if self._stream is not None:
            return self
        sd = sounddevice()
        if self.record_path:
            t0 = self.record_t0 if self.record_t0 is not None else self.clock()
            self._recorder = WavRecorder(self.record_path, self.rate, t0=t0)
        self._notifier = Notifier()
        try:
            self._stream = sd.OutputStream(
                samplerate=self.rate, channels=1, dtype="float32", blocksize=self.blocksize,
                latency=self.latency, device=find_output(self.device), callback=self._callback,
            )
            self._stream.start()
        except Exception as exc:  # sounddevice.PortAudioError and friends
            self._stream = None
            raise NoDeviceError(f"无法打开输出设备：{exc}", hint=PULSE_HINT) from exc
        self._ready.wait(warm_up)
        return self

    def close(self) -> None:
        self.stop()
        if self._stream is not None:
            self._stream.abort()
            self._stream.close()
            self._stream = None
        if self._notifier:
            self._notifier.close()
        self._worker.shutdown(wait=True)
        if self._recorder:
            self._recorder.close()

    def __enter__(self) -> Player:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def output_latency(self) -> float:
        return float(self._stream.latency) if self._stream is not None else 0.0

    # -- lines ------------------------------------------------------------------------------
    def prepare(self, samples: Any, rate: int) -> list[Any]:
        """``samples`` converted to the stream rate (to play later with :meth:`play_prepared`)."""
        return [resample(samples, rate, self.rate)]

    def play(
        self, samples: Any, rate: int, *, line: int | None = None,
        on_start: LineCallback | None = None, on_end: LineCallback | None = None,
    ) -> PlayHandle:
        """Queue a line; returns at once (long lines finish converting on a worker thread)."""
        requested = self.clock()
        head, rest = resample_split(samples, rate, self.rate)
        total = -(-len(samples) * self.rate // rate) if rate != self.rate else len(samples)
        handle = PlayHandle(line, requested, [head], total / self.rate)
        if rest is not None:
            handle.pending = True
            self._worker.submit(self._finish_parts, handle, rest)
        return self._enqueue(handle, on_start, on_end)

    def play_prepared(
        self, parts: list[Any], *, line: int | None = None,
        on_start: LineCallback | None = None, on_end: LineCallback | None = None,
    ) -> PlayHandle:
        handle = PlayHandle(line, self.clock(), list(parts), sum(len(p) for p in parts) / self.rate)
        return self._enqueue(handle, on_start, on_end)

    def _finish_parts(self, handle: PlayHandle, rest: Callable[[], Any]) -> None:
        tail = None
        try:
            tail = rest()
        finally:  # a failed conversion ends the line early rather than stalling the queue
            with self._lock:
                if tail is not None:
                    handle.chunks.append(tail)
                handle.pending = False

    def _enqueue(
        self, handle: PlayHandle, on_start: LineCallback | None, on_end: LineCallback | None
    ) -> PlayHandle:
        if self._stream is None:
            self.open()
        handle.on_start, handle.on_end = on_start, on_end
        with self._lock:
            self._queue.append(handle)
        return handle

    def cut(self, line: int | PlayHandle) -> bool:
        """Stop one line (playing or queued); True when it was found."""
        with self._lock:
            for h in self._queue:
                if h is line or h.line == line:
                    self._end(h, cut=True)
                    self._queue.remove(h)
                    return True
        return False

    def stop(self) -> None:
        """Silence everything (lines and background) from the next block on: within ~10 ms + latency."""
        with self._lock:
            for h in self._queue:
                self._end(h, cut=True)
            self._queue.clear()
            self._bed = None

    def busy(self) -> bool:
        with self._lock:
            return bool(self._queue)

    def set_bed(self, samples: Any | None, rate: int = DEFAULT_RATE, gain: float = 1.0) -> None:
        """Loop ``samples`` under the lines (None: no background)."""
        bed = None if samples is None else Bed(resample(samples, rate, self.rate) * float(gain))
        with self._lock:
            self._bed = bed

    # -- audio thread -----------------------------------------------------------------------
    def _end(self, h: PlayHandle, *, cut: bool, at: float | None = None) -> None:
        h.cut = cut
        h.ended = at if at is not None else self.clock() + self.output_latency
        if h.started is None:
            h.started = h.ended
        h.done.set()
        if h.on_end:
            self._post(h.on_end, h.line, h.started, h.ended)

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        np = numpy()
        now = self.clock()
        self.callbacks += 1
        on_time = now - self._last_pull < 2.5 * frames / self.rate
        self._steady = self._steady + 1 if on_time else 0
        self._last_pull = now
        if self._steady >= WARM_BLOCKS:
            self._ready.set()
        if status.output_underflow:
            self.underruns += 1
        out = outdata[:, 0]
        out.fill(0.0)
        dac = max(0.0, float(time_info.outputBufferDacTime - time_info.currentTime))
        with self._lock:
            filled = 0
            while filled < frames and self._queue:
                h = self._queue[0]
                if h.handed is None:
                    h.handed = now
                    h.started = now + dac + filled / self.rate
                    if h.on_start:
                        self._post(h.on_start, h.line, h.started, h.started + h.duration)
                n = h.take(out, filled, frames)
                filled += n
                if h.exhausted():
                    self._queue.pop(0)
                    self._end(h, cut=False, at=now + dac + filled / self.rate)
                elif n == 0:  # the tail is still being converted: wait, do not skip ahead
                    break
            if self._bed is not None:
                self._bed.mix(out)
        np.clip(out, -1.0, 1.0, out=out)
        if self._recorder:
            self._recorder.write(out.copy(), now + dac)

    def _post(self, cb: LineCallback, line: int | None, start: float | None, end: float | None) -> None:
        if self._notifier is not None:
            self._notifier.post(cb, line, start or 0.0, end or 0.0)


def play_blocking(
    samples: Any, rate: int, device: int | str | None = None, timeout: float | None = None
) -> PlayHandle:
    """Play one clip on its own stream and return when it has finished (or ``timeout`` passed)."""
    stream_rate = rate if rate in (8000, 16000, 22050, 24000, 44100, 48000) else DEFAULT_RATE
    with Player(device=device, rate=stream_rate) as p:
        h = p.play(samples, rate)
        h.wait(timeout if timeout is not None else h.duration + 5.0)
        time.sleep(p.output_latency)
    return h

