"""End to end through a real sound server: synthesised operator speech is played into the PulseAudio
null sink, captured from its monitor through sounddevice (the microphone path), the turn is detected,
recognised, and the engine is stepped — the caller moves on and the record keeps both transcripts.

Skips with the reason when no sound server is reachable; CI starts one (scripts/start-pulse.sh). The
test plays and records through a null sink of its own, so other programs' sound cannot leak in.
"""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path
from typing import Any

from hearing_helpers import RATE, silence

from simulator.engine import Engine
from simulator.hearing.capture import MicSource
from simulator.hearing.events import Turn
from simulator.hearing.listener import Listener
from simulator.hearing.voicecall import VoiceCall
from simulator.phrases import normalise
from simulator.scenario.library import find

NUMBER = normalise("12320")  # 一二三二零, however the recogniser wrote the digits


class NoSpeaker:
    """The caller's lines go nowhere here (played into the sink they would be heard as the operator)."""

    def __init__(self) -> None:
        self.lines: list[int] = []

    def play(self, line: int, samples: Any, rate: int) -> None:
        self.lines.append(line)

    def stop(self, line: int) -> None:
        pass


def play_into_sink(pcm: bytes, delay: float) -> threading.Thread:
    import numpy as np
    import sounddevice as sd

    def run() -> None:
        time.sleep(delay)
        with sd.OutputStream(samplerate=RATE, channels=1, dtype="int16") as out:
            out.write(np.frombuffer(pcm, "<i2").reshape(-1, 1))
            time.sleep(0.3)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th


def test_loopback_turn_recognised_and_engine_stepped(private_sink: str, whisper: Any, speak: Any,
                                                      tmp_path: Path) -> None:
    speech = speak("您好，12320卫生热线，请问有什么可以帮您？")
    eng = Engine(find("silent-caller"), seed=1)
    wav = tmp_path / "operator.wav"
    listener = Listener(MicSource(record_to=wav), whisper, accurate=whisper)
    out = NoSpeaker()
    call = VoiceCall(eng, listener, out, voice=lambda text, mood: (silence(0.5), RATE))
    call.answer()
    assert eng.state.node == "line-open"
    player = play_into_sink(speech + silence(0.2), delay=1.0)
    turns: list[Turn] = []
    deadline = time.monotonic() + 30
    while not turns and time.monotonic() < deadline:
        turns += [e for e in call.poll(0.05) if isinstance(e, Turn)]
    player.join(timeout=10)
    assert turns, "没有从声音服务器录到话务员的话"
    turn = turns[0]
    assert turn.result.recogniser == "whisper" and NUMBER in normalise(turn.text)
    speech_seconds = len(speech) / (2 * RATE)
    assert 0.5 < turn.t < 3.0 and turn.end - turn.t > speech_seconds * 0.6
    assert eng.state.node != "line-open" and "line-open" in eng.state.path  # the caller moved on
    record = call.finish()
    op = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert len(op) == 1 and op[0]["asr"]["recogniser"] == "whisper"
    assert op[0]["asr"]["stream"] == turn.text and NUMBER in normalise(op[0]["asr"]["final"])
    assert op[0]["text"] == op[0]["asr"]["final"].strip()  # the grade reads the accurate pass
    assert record["operator_audio"]["path"] == str(wav)
    with wave.open(str(wav)) as w:  # the whole operator channel, recorded
        assert w.getframerate() == RATE and w.getnframes() / RATE > speech_seconds
