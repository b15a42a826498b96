"""WAV-file audio for the app's tests: operator answers fed from WAV files through the real hearing
path (webrtcvad turns, faster-whisper), and the caller's voice rendered by the real voice chain into
a WAV file on the call clock (``WavSink``).

:class:`TurnFeeder` is an audio input whose stream stays aligned with the call clock: before a WAV
answer is fed it pads the stream with silence up to the call time it is said at, then adds the
file and enough silence for the turn to end. It is not paced (the listener reads as fast as the
recogniser decodes), so turn times come from sample counts — the same on every run. Each chunk is
stamped with the wall time it would have been captured at had the stream run in real time from the
start, so the listener's anchoring of a microphone that wakes up late (the wall time of the first
chunk) finds no delay: otherwise the seconds spent synthesising the first answer before it is fed
moved every turn that much later on the call clock.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from simulator.call.clock import CallClock
from simulator.hearing.listener import Listener
from simulator.hearing.source import RATE, SAMPLE_BYTES, AudioSource
from simulator.hearing.wavsource import load_pcm16k
from simulator.scenario.model import Scenario
from simulator.tui.ear_port import ListeningEar
from simulator.tui.store.settings import Settings
from simulator.tui.voice_port import SpeakingVoice, effect_for, voices_for

TAIL = 1.5  # seconds of silence after an answer: the turn detector closes the turn


class TurnFeeder(AudioSource):
    name = "wav-turns"

    def __init__(self, record_to: Path | None = None) -> None:
        super().__init__(record_to)
        self.fed = 0  # samples pushed so far
        self.offset = 0.0
        self.started_wall = 0.0

    def _start(self) -> None:
        self.started_wall = time.monotonic()

    def _stop(self) -> None:
        pass

    def say_file(self, path: Path, at: float) -> tuple[float, float]:
        """Feed the answer in ``path`` as said from call time ``at``; returns (start, end)."""
        pcm = load_pcm16k(path)
        start = max(at - self.offset, self.fed / RATE)
        pad = round(start * RATE) - self.fed
        data = b"\0" * (SAMPLE_BYTES * pad) + pcm + b"\0" * (SAMPLE_BYTES * int(TAIL * RATE))
        for off in range(0, len(data), 960):
            at_sample = self.fed + off // SAMPLE_BYTES
            self.push(data[off: off + 960], wall=self.started_wall + at_sample / RATE)
        self.fed += len(data) // SAMPLE_BYTES
        return self.offset + start, self.offset + start + len(pcm) / (SAMPLE_BYTES * RATE)


class WavRig:
    """The factories a :class:`tuikit.Rig` uses for WAV-file audio in and out."""

    def __init__(self, recogniser: Any) -> None:
        self.recogniser = recogniser
        self.feeders: list[TurnFeeder] = []
        self.sinks: list[Any] = []

    def voice(self, settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> SpeakingVoice:
        from simulator.audio.sink import WavSink

        sink = WavSink(folder / "caller.wav", rate=16000, clock=clock.peek)
        self.sinks.append(sink)
        return SpeakingVoice(voices_for(settings), sink, to_call=lambda t: t, name="WAV 文件",
                             effect=effect_for(settings, scenario))

    def ear(self, settings: Settings, scenario: Scenario, folder: Path, clock: CallClock) -> ListeningEar:
        feeder = TurnFeeder(record_to=folder / "operator.wav")
        self.feeders.append(feeder)

        def build(hints: Any) -> Listener:
            return Listener(feeder, self.recogniser, hints=hints)

        ear = ListeningEar(build, clock.peek, "WAV 文件 + whisper")
        original = ear.start

        def start(sink: Any, offset: float) -> None:
            feeder.offset = offset
            original(sink, offset)

        ear.start = start  # type: ignore[method-assign]
        return ear
