"""The microphone: a sounddevice ``InputStream`` at 16 kHz mono int16 whose callback only enqueues.

    src = MicSource(device="USB", record_to=Path("call-op.wav"))   # name substring, index or None
    src.start()                      # NoAudioDeviceError: no PortAudio, no input, cannot open
    chunk = src.read(timeout=0.5)    # DeviceLostError when the device disappears mid-call

The device disappearing shows up as a PortAudio error, the stream finishing on its own, or the
callback going quiet; each becomes :class:`DeviceLostError` on the next :meth:`read` — the
recording so far is kept, and the caller of ``read`` (the TUI) switches to typed input.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from simulator.hearing.errors import TYPED_FALLBACK, DeviceLostError, NoAudioDeviceError
from simulator.hearing.source import RATE, AudioSource

BLOCK = 480  # 30 ms: one VAD frame per callback
DEVICES_HINT = "用 hotline devices 查看可用设备。"
STALL_SECONDS = 1.5  # no callback for this long while the stream should run: the device is gone
START_SECONDS = 5.0  # … before the first callback (an idle PulseAudio sink takes up to ~2 s to wake)


def sounddevice() -> Any:
    """The sounddevice module, or :class:`NoAudioDeviceError` saying what to install."""
    try:
        import sounddevice as sd
    except ImportError as exc:
        raise NoAudioDeviceError("没有安装 sounddevice，无法使用麦克风。" + TYPED_FALLBACK,
                                 hint='pip install -e ".[audio]"') from exc
    except OSError as exc:  # PortAudio library not found
        raise NoAudioDeviceError(f"找不到 PortAudio 库（{exc}），无法使用麦克风。" + TYPED_FALLBACK,
                                 hint="apt-get install libportaudio2") from exc
    return sd


def find_input(sd: Any, device: str | int | None) -> int | None:
    """The input device index for a name substring or index (``None``: the system default)."""
    try:
        devices = list(sd.query_devices())
    except Exception as exc:
        raise NoAudioDeviceError(f"无法列出音频设备：{exc}。" + TYPED_FALLBACK) from exc
    inputs = [i for i, d in enumerate(devices) if d.get("max_input_channels", 0) > 0]
    if not inputs:
        raise NoAudioDeviceError("没有找到任何录音设备（麦克风）。" + TYPED_FALLBACK,
                                 hint="接上耳麦；没有声卡的机器可运行 scripts/start-pulse.sh 启动虚拟声卡。")
    if device is None:
        return None
    if isinstance(device, int) or str(device).isdigit():
        idx = int(device)
        if idx in inputs:
            return idx
        raise NoAudioDeviceError(f"没有编号为 {idx} 的录音设备。", hint=DEVICES_HINT)
    hits = [i for i in inputs if str(device).lower() in str(devices[i].get("name", "")).lower()]
    if not hits:
        raise NoAudioDeviceError(f"没有名称包含“{device}”的录音设备。", hint=DEVICES_HINT)
    return hits[0]


class MicSource(AudioSource):
    name = "mic"
    continuous = True

    def __init__(self, device: str | int | None = None, record_to: Path | None = None,
                 stall_seconds: float = STALL_SECONDS, start_seconds: float = START_SECONDS) -> None:
        super().__init__(record_to)
        self.device = device
        self.stall_seconds = stall_seconds
        self.start_seconds = start_seconds
        self._calls = 0
        self._stream: Any = None
        self._last_cb = 0.0
        self._sd: Any = None

    def _start(self) -> None:
        sd = self._sd = sounddevice()
        index = find_input(sd, self.device)
        try:
            self._stream = sd.InputStream(
                samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK, device=index,
                latency="low", callback=self._callback, finished_callback=self._finished)
            self._last_cb = time.monotonic()
            self._stream.start()
        except Exception as exc:  # sd.PortAudioError, ValueError for bad settings
            self._stream = None
            raise NoAudioDeviceError(f"无法打开录音设备：{exc}。" + TYPED_FALLBACK) from exc

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        self._last_cb = time.monotonic()
        self._calls += 1
        self.push(bytes(indata), self._last_cb)

    def _finished(self) -> None:
        if self._stream is not None and not self.finished:
            self.fail(DeviceLostError("录音设备已断开（音频流意外结束）。" + TYPED_FALLBACK))

    def _check_alive(self) -> None:
        stream = self._stream
        if stream is None:
            return
        try:
            active = bool(stream.active)
        except Exception:
            active = False
        limit = self.stall_seconds if self._calls else self.start_seconds
        if not active or time.monotonic() - self._last_cb > limit:
            self.finished = True
            self.stop()
            raise DeviceLostError("录音设备没有声音数据了（设备可能已拔出）。" + TYPED_FALLBACK)

    def _stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        for op in (stream.stop, stream.close):
            with contextlib.suppress(Exception):  # a vanished device may refuse to stop: it is gone anyway
                op()
