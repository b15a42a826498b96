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

from simulator.call import frames as fr
from simulator.call.clock import CallClock
from simulator.call.loop import CallLoop
from simulator.call.ports import SilentVoice
from simulator.hearing.capture import MicSource
from simulator.hearing.listener import Listener
from simulator.phrases import normalise
from simulator.scenario.library import find
from simulator.tui.ear_port import ListeningEar

NUMBER = normalise("12320")  # 一二三二零, however the recogniser wrote the digits


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
    wav = tmp_path / "operator.wav"
    clock = CallClock()
    lis: list[Listener] = []

    def build(hints: Any) -> Listener:  # the caller's lines go nowhere: text only (SilentVoice)
        lis.append(Listener(MicSource(record_to=wav), whisper, accurate=whisper, hints=hints))
        return lis[-1]

    ear = ListeningEar(build, clock.peek, "mic")
    loop = CallLoop(find("silent-caller"), 1, voice=SilentVoice(), ear=ear, clock=clock)
    eng = loop.session.engine
    loop.start()
    loop.session.answer()
    assert eng.state.node == "line-open"
    deadline = time.monotonic() + 120
    while not lis and time.monotonic() < deadline:  # the ear builds its listener on its own thread
        loop.poll(0.05)
    player = play_into_sink(speech + silence(0.2), delay=1.0)
    heard: list[fr.Heard] = []
    deadline = time.monotonic() + 300  # generous: a busy machine decodes slowly
    while not heard and time.monotonic() < deadline:
        heard += [f for f in loop.poll(0.05) if isinstance(f, fr.Heard)]
    player.join(timeout=10)
    assert heard, "没有从声音服务器录到话务员的话"
    turn = lis[0].turns[0]
    assert turn.result.recogniser == "whisper" and NUMBER in normalise(turn.text)
    speech_seconds = len(speech) / (2 * RATE)
    assert turn.end - turn.t > speech_seconds * 0.6
    assert eng.state.node != "line-open" and "line-open" in eng.state.path  # the caller moved on
    record = loop.finish(annotate_timeout=120)
    op = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert len(op) == 1 and op[0]["asr"]["recogniser"] == "whisper"
    assert op[0]["asr"]["stream"] == turn.text and NUMBER in normalise(op[0]["asr"]["final"])
    assert op[0]["text"] == op[0]["asr"]["final"].strip()  # the grade reads the accurate pass
    assert record["operator_audio"]["path"] == str(wav)
    with wave.open(str(wav)) as w:  # the whole operator channel, recorded
        assert w.getframerate() == RATE and w.getnframes() / RATE > speech_seconds
