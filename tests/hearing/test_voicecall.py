"""The real-time loop (engine + listener + caller output) on a WAV replayed in real time."""

from __future__ import annotations

import time
from typing import Any

from hearing_helpers import RATE, silence

from simulator.engine import Engine
from simulator.engine import actions as ac
from simulator.engine.timing import CallerTiming
from simulator.hearing.events import BargeIn, Turn
from simulator.hearing.listener import Listener
from simulator.hearing.voicecall import VoiceCall
from simulator.hearing.wavsource import WavSource
from simulator.scenario.loader import loads_scenario

SCENARIO = """
id: barge-test
title: 抢话测试
difficulty: 1
brief: 来电者说个不停。
hotline: {name: 12320卫生热线, aliases: ["12320"]}
caller: {persona: f-adult-mandarin, sex: female, age: adult, language: mandarin, mood: calm}
nodes:
  rambles:
    say: 我跟你说啊，我们小区旁边那个诊所每天早上都排很长的队，医生的态度也不太好。
    barge_in: cut
    on:
      - {act: [interrupt_politely, ask_details], goto: answers}
      - {otherwise: true, goto: answers}
      - {silence: 20, goto: gone}
  answers:
    say: 在幸福路十八号。
    end: resolved
    success: true
  gone:
    end: caller_hung_up
"""


class Speaker:
    def __init__(self) -> None:
        self.played: list[int] = []
        self.stopped: list[tuple[int, float]] = []

    def play(self, line: int, samples: Any, rate: int) -> None:
        self.played.append(line)

    def stop(self, line: int) -> None:
        self.stopped.append((line, time.monotonic()))


def test_talking_over_a_cut_line_stops_it_and_the_record_shows_both(whisper: Any, speak: Any) -> None:
    scenario = loads_scenario(SCENARIO, "barge-test.yaml")
    eng = Engine(scenario, seed=1, timing=CallerTiming(reaction=(0.0, 0.0)))
    operator = silence(1.5) + speak("对不起，我打断一下，请问您的具体地址是哪里？")
    listener = Listener(WavSource(pcm=operator, speed=1.0, tail=1.5), whisper)
    out = Speaker()
    call = VoiceCall(eng, listener, out, voice=lambda text, mood: (silence(len(text) / 4), RATE))
    call.answer()
    seen: list[Any] = []
    deadline = time.monotonic() + 30
    while not eng.state.ended and time.monotonic() < deadline:
        seen += call.poll(0.05)
    record = call.finish()
    barge = [e for e in seen if isinstance(e, BargeIn)]
    turn = next(e for e in seen if isinstance(e, Turn))
    assert barge and barge[0].line == 1 and out.stopped and out.stopped[0][0] == 1
    assert any(isinstance(a, ac.CallerCut) and a.line == 1 for a in seen)
    assert turn.barge_in == 1 and eng.state.outcome == "resolved"
    says = [e for e in record["events"] if e["type"] == "say"]
    caller, op = says[0], next(e for e in says if e["who"] == "operator")
    assert caller["who"] == "caller" and caller["t"] < op["t"] < caller["end"]  # both, overlapping
    assert caller["end"] < caller["t"] + len(scenario.nodes["rambles"].say[0]) / 4 - 1  # the line was cut
    assert op["asr"]["recogniser"] == "whisper" and op["asr"]["stream"] == turn.text
