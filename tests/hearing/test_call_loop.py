"""The live call runtime (CallLoop: session + listener + caller voice) on a WAV replayed in real time."""

from __future__ import annotations

import time
from typing import Any

from hearing_helpers import silence

from simulator.call import frames as fr
from simulator.call.clock import CallClock
from simulator.call.loop import CallLoop
from simulator.call.ports import LineToSay, PlayedCallback, SilentVoice
from simulator.engine import Engine
from simulator.engine.timing import CallerTiming
from simulator.hearing.listener import Listener
from simulator.hearing.wavsource import WavSource
from simulator.scenario.loader import loads_scenario
from simulator.tui.ear_port import ListeningEar

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


class Speaker(SilentVoice):
    """The caller's voice: a line sounds as soon as it is due, for its text's length."""

    reports_played = True

    def __init__(self, clock: CallClock) -> None:
        super().__init__()
        self.clock = clock
        self.stopped: list[tuple[int, float]] = []

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        super().say(item, on_played)
        t = self.clock.peek()
        on_played(item.line, t, t + len(item.text) / 4)

    def cut(self, line: int) -> None:
        self.stopped.append((line, time.monotonic()))


def test_talking_over_a_cut_line_stops_it_and_the_record_shows_both(whisper: Any, speak: Any) -> None:
    scenario = loads_scenario(SCENARIO, "barge-test.yaml")
    eng = Engine(scenario, seed=1, timing=CallerTiming(reaction=(0.0, 0.0)))
    operator = silence(1.5) + speak("对不起，我打断一下，请问您的具体地址是哪里？")
    clock = CallClock()
    listener: list[Listener] = []

    def build(hints: Any) -> Listener:
        listener.append(Listener(WavSource(pcm=operator, speed=1.0, tail=1.5), whisper, hints=hints))
        return listener[-1]

    out = Speaker(clock)
    loop = CallLoop(scenario, 1, voice=out, ear=ListeningEar(build, clock.peek, "WAV"), clock=clock,
                    engine=eng)
    loop.start()
    loop.session.answer()
    seen: list[Any] = []
    deadline = time.monotonic() + 300  # generous: a busy machine decodes slowly
    while not eng.state.ended and time.monotonic() < deadline:
        seen += loop.poll(0.05)
    record = loop.finish(annotate_timeout=60)
    barge = [f for f in seen if isinstance(f, fr.BargeIn)]
    turn = listener[0].turns[0]
    assert barge and barge[0].line == 1 and out.stopped and out.stopped[0][0] == 1
    assert turn.barge_in == 1 and eng.state.outcome == "resolved"
    says = [e for e in record["events"] if e["type"] == "say"]
    caller, op = says[0], next(e for e in says if e["who"] == "operator")
    assert caller["who"] == "caller" and caller["t"] < op["t"] < caller["end"]  # both, overlapping
    assert caller["end"] < caller["t"] + len(scenario.nodes["rambles"].say[0]) / 4 - 1  # the line was cut
    assert op["asr"]["recogniser"] == "whisper" and op["asr"]["stream"] == turn.text
