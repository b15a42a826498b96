"""``hotline devices``: the audio inputs and outputs, and a test tone played and recorded back.

The test plays a 1 kHz tone on the output for one second while recording the input through the
same capture path as a call (:class:`~simulator.hearing.capture.MicSource`), then reports the
level and the strongest frequency heard: on a loopback (the PulseAudio null sink and its monitor)
the tone comes back; with speakers and a microphone it is heard in the room.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from simulator.hearing.capture import MicSource, sounddevice
from simulator.hearing.errors import AudioInputError, NoAudioDeviceError
from simulator.hearing.source import RATE

TONE_HZ = 1000.0


@dataclass(frozen=True)
class DeviceRow:
    index: int
    name: str
    inputs: int
    outputs: int
    rate: float
    default_in: bool
    default_out: bool


def list_devices() -> list[DeviceRow]:
    sd = sounddevice()
    try:
        raw = list(sd.query_devices())
        din, dout = sd.default.device
    except Exception as exc:
        raise NoAudioDeviceError(f"无法列出音频设备：{exc}") from exc
    return [DeviceRow(i, str(d["name"]), int(d["max_input_channels"]), int(d["max_output_channels"]),
                      float(d["default_samplerate"]), i == din, i == dout) for i, d in enumerate(raw)]


@dataclass(frozen=True)
class ToneResult:
    level_dbfs: float
    peak_hz: float
    heard: bool
    seconds: float


def tone_test(input_device: str | int | None = None, output_device: str | int | None = None,
              seconds: float = 1.0) -> ToneResult:
    """Play a tone and record it back; ``heard`` when the strongest frequency is the tone's."""
    import numpy as np

    sd = sounddevice()
    t = np.arange(int(seconds * RATE)) / RATE
    tone = (0.3 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
    mic = MicSource(device=input_device)
    mic.start()
    chunks: list[bytes] = []
    stop = threading.Event()

    def collect() -> None:
        while not stop.is_set():
            try:
                c = mic.read(timeout=0.1)
            except AudioInputError:
                return  # reported as nothing heard
            if c is not None:
                chunks.append(c.pcm)

    th = threading.Thread(target=collect, daemon=True)
    th.start()
    try:
        index = _out_index(sd, output_device)
        out = sd.OutputStream(samplerate=RATE, channels=1, dtype="float32", device=index)
        with out:
            time.sleep(0.2)
            out.write(tone.reshape(-1, 1))
            time.sleep(0.3)
    except Exception as exc:
        raise NoAudioDeviceError(f"无法播放测试音：{exc}") from exc
    finally:
        stop.set()
        th.join(timeout=2)
        mic.stop()
    pcm = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float32) / 32768.0
    if len(pcm) < RATE // 10:
        return ToneResult(-100.0, 0.0, False, len(pcm) / RATE)
    spectrum = np.abs(np.fft.rfft(pcm * np.hanning(len(pcm))))
    peak = float(np.fft.rfftfreq(len(pcm), 1 / RATE)[int(np.argmax(spectrum))])
    level = float(20 * np.log10(max(float(np.sqrt(np.mean(pcm ** 2))), 1e-5)))
    return ToneResult(level, peak, abs(peak - TONE_HZ) < 20 and level > -50, len(pcm) / RATE)


def _out_index(sd: Any, device: str | int | None) -> int | None:
    if device is None:
        return None
    if isinstance(device, int) or str(device).isdigit():
        return int(device)
    for i, d in enumerate(sd.query_devices()):
        if d["max_output_channels"] > 0 and str(device).lower() in str(d["name"]).lower():
            return i
    raise NoAudioDeviceError(f"没有名称包含“{device}”的播放设备。", hint="用 hotline devices 查看可用设备。")
