"""What the app depends on, injectable: the clock, storage, and the audio in and out.

Tests pass a :class:`Services` with a fake clock, a temporary records store and WAV-file audio;
the real app uses the defaults: ``time.monotonic``, the records store (:func:`simulator.records.
open_store`: ``HOTLINE_DB`` or ``records.db`` in the user data folder), and the voices / hearing
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
from simulator.records import Store
from simulator.scenario.model import Scenario
from simulator.tui.devices import DeviceList, list_devices
from simulator.tui.playback import play_default
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
    store_url: str | None = None  # default: HOTLINE_DB, else records.db in the user data folder
    audio_root: Path | None = None  # default: audio/ in the user data folder (each call's live WAVs)
    settings_file: Path | None = None  # default: settings.json in the user data folder
    voice: VoiceFactory = default_voice
    ear: EarFactory = default_ear
    prepare: Callable[[Settings, Scenario], Any] = default_prepare  # the brief starts the voice
    seed: Callable[[], int] = _seed
    play: Callable[[Any, int], None] = play_default  # (samples, rate): the report's play-back
    devices: Callable[[], DeviceList] = list_devices  # the settings screen's device lists
    tick: float = 0.05  # seconds between call-screen ticks
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The records store, opened (and migrated) on first use."""
        if self._store is None:
            from simulator.records import open_store

            self._store = open_store(self.store_url)
        return self._store

    def audio_folder(self, uid: str) -> Path:
        """Where the ear and the voice write a call's WAVs while it runs (the journal stores them)."""
        from simulator.paths import user_data_dir

        folder = (self.audio_root or user_data_dir() / "audio") / uid
        folder.mkdir(parents=True, exist_ok=True)
        return folder
