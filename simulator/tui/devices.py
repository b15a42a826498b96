"""Audio device names for the settings screen (blocking: call from a thread worker).

Reads :func:`simulator.audio.devices.devices` (PortAudio through sounddevice). Returns the names of
input and output devices and, when there are none, why (no PortAudio, no sound card …).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DeviceList:
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    problem: str = ""


def list_devices() -> DeviceList:
    try:
        from simulator.audio.devices import devices

        found = devices()
    except Exception as exc:  # MissingExtraError, PortAudio missing: say why
        return DeviceList(problem=f"无法使用声卡：{getattr(exc, 'message', exc)}")
    out = DeviceList([d.name for d in found if d.inputs > 0], [d.name for d in found if d.outputs > 0])
    if not out.inputs and not out.outputs:
        out.problem = "没有找到声卡设备（可运行 scripts/start-pulse.sh 启动虚拟声卡）"
    return out
