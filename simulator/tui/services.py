"""What the app depends on, injectable: the clock, storage, and the audio in and out.

Tests pass a :class:`Services` with a fake clock, a temporary history and WAV-file audio; the
real app uses the defaults: ``time.monotonic``, the user data folder, and the voices / hearing
adapters (:mod:`simulator.tui.voice_port`, :mod:`simulator.tui.ear_port`), which fall back to text
and typed replies — with the reason — when audio, a voice engine or a recogniser is missing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.call.clock import CallClock, Source
from simulator.call.ports import CallerVoice, NoEar, OperatorEar, SilentVoice
from simulator.scenario.model import Scenario
from simulator.tui.devices import DeviceList, list_devices
from simulator.tui.playback import play_default
from simulator.tui.store.history import History
from simulator.tui.store.settings import Settings

VoiceFactory = Callable[[Settings, Scenario, Path, CallClock], CallerVoice]
EarFactory = Callable[[Settings, Scenario, Path, CallClock], OperatorEar]


def default_voice(settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> CallerVoice:
    if settings.voice_engine == "none":
        return SilentVoice("设置里选择了不出声")
    try:
        from simulator.tui.voice_port import open_voice
    except ImportError as exc:
        return SilentVoice(f"来电者声音模块不可用：{exc}")
    return open_voice(settings, scenario, folder, clock)


def default_ear(settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> OperatorEar:
    if settings.recogniser == "typed":
        return NoEar("设置里选择了键盘输入")
    try:
        from simulator.tui.ear_port import open_ear
    except ImportError as exc:
        return NoEar(f"语音识别模块不可用：{exc}")
    return open_ear(settings, scenario, folder, clock)


def default_prepare(settings: Settings, scenario: Scenario) -> Any:
    """Start rendering the scenario's caller lines ahead (:mod:`simulator.call.render_ahead`); the
    renderer (with ``progress()``), or None when there is no voice to render with. Blocking for a
    moment (the voice engines are looked up): call it from a thread worker."""
    if settings.voice_engine == "none":
        return None
    try:
        from simulator.call.render_ahead import render_ahead
        from simulator.tui.voice_port import effect_for, planned_lines, voices_for

        return render_ahead(voices_for(settings), planned_lines(scenario), effect_for(settings, scenario))
    except Exception:  # no voice extra, a broken personas file: the call says why when it starts
        return None


def _seed() -> int:
    return random.SystemRandom().randrange(1_000_000)


@dataclass
class Services:
    source: Source = time.monotonic
    history_root: Path | None = None  # default: calls/ in the user data folder
    history_key: bytes | None = None  # default: history.key in the user data folder
    settings_file: Path | None = None  # default: settings.json in the user data folder
    voice: VoiceFactory = default_voice
    ear: EarFactory = default_ear
    prepare: Callable[[Settings, Scenario], Any] = default_prepare  # the brief starts the voice
    seed: Callable[[], int] = _seed
    play: Callable[[Any, int], None] = play_default  # (samples, rate): the report's play-back
    devices: Callable[[], DeviceList] = list_devices  # the settings screen's device lists
    tick: float = 0.05  # seconds between call-screen ticks
    _history: History | None = field(default=None, repr=False)

    @property
    def history(self) -> History:
        if self._history is None:
            self._history = History(self.history_root, self.history_key)
        return self._history
