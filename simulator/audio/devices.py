"""Output devices: what sounddevice (PortAudio) can play to here.

On a machine with no sound card and no sound server PortAudio lists nothing; with the PulseAudio
null sink (``scripts/start-pulse.sh``) it lists ``pulse`` and ``default``.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from simulator.audio.extras import sounddevice
from simulator.errors import HotlineError, MissingExtraError

PULSE_HINT = "启动声音服务：scripts/start-pulse.sh（需要 pulseaudio pulseaudio-utils libportaudio2）"


class NoDeviceError(HotlineError):
    """No output device to play to."""


@dataclass(frozen=True, slots=True)
class Device:
    index: int
    name: str
    hostapi: str
    outputs: int
    inputs: int
    rate: float
    default: bool


def devices() -> list[Device]:
    sd = sounddevice()
    try:
        raw = sd.query_devices()
        apis = sd.query_hostapis()
        default_out = sd.default.device[1]
    except Exception:  # PortAudio errors when no backend works
        return []
    out: list[Device] = []
    for i, d in enumerate(raw):
        out.append(
            Device(
                i,
                str(d["name"]),
                str(apis[d["hostapi"]]["name"]) if apis else "",
                int(d["max_output_channels"]),
                int(d["max_input_channels"]),
                float(d["default_samplerate"]),
                i == default_out,
            )
        )
    return out


def output_devices() -> list[Device]:
    return [d for d in devices() if d.outputs > 0]


def find_output(spec: int | str | None) -> int | None:
    """A device index from an index or (part of) a name; None means the default device."""
    if spec is None or spec == "":
        return None
    outs = output_devices()
    if isinstance(spec, int) or str(spec).isdigit():
        idx = int(spec)
        if any(d.index == idx for d in outs):
            return idx
    else:
        for d in outs:
            if str(spec).lower() in d.name.lower():
                return d.index
    names = "、".join(f"{d.index} {d.name}" for d in outs) or "无"
    raise NoDeviceError(f"没有输出设备 “{spec}”（可用：{names}）", hint=PULSE_HINT)


def pulse_running() -> bool:
    pactl = shutil.which("pactl")
    if not pactl:
        return False
    try:
        return subprocess.run([pactl, "info"], capture_output=True, timeout=3, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def playback_problem() -> str | None:
    """None when something can be played here; otherwise why not (Chinese, with the fix)."""
    try:
        outs = output_devices()
    except MissingExtraError as exc:
        return f"{exc.message}（{exc.hint}）"
    if not outs:
        return f"没有可用的输出设备（{PULSE_HINT}）"
    return None
