"""Audio device names for the settings screen (blocking: call from a thread worker).

Uses :mod:`simulator.audio.devices` when it is there, else sounddevice directly. Returns the names
of input and output devices and, when there are none, why (no PortAudio, no sound card …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DeviceList:
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    problem: str = ""


def list_devices() -> DeviceList:
    try:
        import sounddevice as sd
    except (ImportError, OSError) as exc:
        return DeviceList(problem=f"无法使用声卡（{exc}）")
    try:
        devices: Any = sd.query_devices()
    except Exception as exc:  # PortAudio errors are plain Exceptions
        return DeviceList(problem=f"无法列出声卡设备（{exc}）")
    out = DeviceList()
    for d in devices:
        name = str(d.get("name", ""))
        if int(d.get("max_input_channels", 0)) > 0:
            out.inputs.append(name)
        if int(d.get("max_output_channels", 0)) > 0:
            out.outputs.append(name)
    if not out.inputs and not out.outputs:
        out.problem = "没有找到声卡设备"
    return out
