"""Settings: input and output device, recogniser, voice engine, telephone effect, practice/exam.

Every change is saved at once (``settings.json`` in the user data folder). The device lists are
read in a thread worker (PortAudio can be slow to start); "系统默认" is always offered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, Static, Switch

from simulator.tui.devices import DeviceList
from simulator.tui.screens import hot
from simulator.tui.store.settings import MODES, RECOGNISERS, VOICE_ENGINES
from simulator.tui.widgets.titlebar import TitleBar

DEFAULT = "系统默认"


def device_options(names: list[str], current: str) -> list[tuple[str, str]]:
    options = [(DEFAULT, "")] + [(n, n) for n in names]
    if current and current not in names:
        options.append((f"{current}（未连接）", current))
    return options


class SettingsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "返回")]

    def compose(self) -> ComposeResult:
        s = hot(self.app).settings
        yield TitleBar("设置")
        with Vertical(id="settings"):
            yield Static("设置（修改后立即保存）", id="settings-title")
            with Grid(id="settings-grid"):
                yield Label("麦克风（输入设备）")
                yield Select(device_options([], s.input_device), value=s.input_device, allow_blank=False,
                             id="input_device")
                yield Label("扬声器/耳机（输出设备）")
                yield Select(device_options([], s.output_device), value=s.output_device, allow_blank=False,
                             id="output_device")
                yield Label("语音识别")
                yield Select([(v, k) for k, v in RECOGNISERS.items()], value=s.recogniser, allow_blank=False,
                             id="recogniser")
                yield Label("来电者声音引擎")
                yield Select([(v, k) for k, v in VOICE_ENGINES.items()], value=s.voice_engine,
                             allow_blank=False, id="voice_engine")
                yield Label("电话音效（300–3400 Hz）")
                yield Switch(value=s.phone_effect, id="phone_effect")
                yield Label("显示模式")
                yield Select([(v, k) for k, v in MODES.items()], value=s.mode, allow_blank=False, id="mode")
            yield Static("正在查找声卡设备……", id="settings-note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#input_device", Select).focus()
        self.load_devices()

    @work(thread=True, exclusive=True)
    def load_devices(self) -> None:
        devices = hot(self.app).services.devices()
        self.app.call_from_thread(self.fill_devices, devices)

    def fill_devices(self, devices: DeviceList) -> None:
        s = hot(self.app).settings
        for key, names, current in (("input_device", devices.inputs, s.input_device),
                                    ("output_device", devices.outputs, s.output_device)):
            select = self.query_one(f"#{key}", Select)
            with self.prevent(Select.Changed):
                select.set_options(device_options(names, current))
                select.value = current
        found = f"找到 {len(devices.inputs)} 个输入设备、{len(devices.outputs)} 个输出设备。"
        note = devices.problem or found
        self.query_one("#settings-note", Static).update(note)

    def store(self, key: str, value: Any) -> None:
        app = hot(self.app)
        if getattr(app.settings, key, None) != value:
            app.save_settings(replace(app.settings, **{key: value}))
            self.query_one("#settings-note", Static).update("已保存。")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id and event.value is not Select.BLANK:
            self.store(event.select.id, str(event.value))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id:
            self.store(event.switch.id, bool(event.value))

    def action_back(self) -> None:
        self.app.pop_screen()
