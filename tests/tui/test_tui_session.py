"""The real-time call session on a fake monotonic clock: answer time, the silence timer from the
engine's Wait(until), frozen time while a reply is typed, speech from the ear, hold, quitting."""

from __future__ import annotations

import typing
from typing import Any

from simulator.call.clock import CallClock, FakeClock
from simulator.call.ports import LineToSay, NoEar, PlayedCallback, SilentVoice
from simulator.call.session import REPLY_GAP, CallSession, scenario_lines
from simulator.call.timing import speech_seconds
from simulator.engine import actions as ac
from simulator.scenario.library import find
from simulator.scenario.model import Scenario

SILENT = find("silent-caller")
MISROUTED = find("misrouted-call")


def run(s: CallSession, clock: FakeClock, seconds: float, step: float = 0.1) -> None:
    for _ in range(round(seconds / step)):
        clock.advance(step)
        s.tick()


def session(scenario: Scenario = SILENT, **kw: Any) -> tuple[CallSession, FakeClock]:
    clock = FakeClock()
    return CallSession(scenario, 0, source=clock, **kw), clock


def events(s: CallSession, kind: str) -> list[dict[str, Any]]:
    return [e for e in s.record()["events"] if e["type"] == kind]


def test_answer_time_is_how_long_it_really_rang() -> None:
    s, clock = session()
    s.ring()
    run(s, clock, 7.3)
    assert s.ringing and s.rings() == 2  # 1 s on, 4 s off: the second ring started at 5 s
    s.answer()
    assert events(s, "answer")[0]["t"] == 7.3 and s.answered_at == 7.3


def test_unanswered_ring_is_abandoned_at_the_ring_timeout() -> None:
    s, clock = session()
    s.ring()
    run(s, clock, 29.0)
    assert s.ringing and not s.over
    run(s, clock, 1.5)
    assert s.over and s.state.outcome == "abandoned" and not events(s, "answer")


def test_silence_timer_fires_at_wait_until_and_the_silent_caller_gives_up() -> None:
    s, clock = session()
    s.ring()
    clock.advance(2.0)
    s.answer()
    due = s._until
    assert due is not None and due > 2.0
    run(s, clock, due - 2.0 - 0.2)
    assert s.state.path == ("line-open",)  # not yet
    run(s, clock, 60.0)
    assert s.over and s.state.outcome == "caller_hung_up"
    hangup = events(s, "hangup")[0]
    assert hangup["who"] == "caller"
    assert s.ended_at is not None and abs(s.ended_at - hangup["t"]) < 1e-6


def test_the_clock_is_frozen_while_a_reply_is_typed() -> None:
    s, clock = session()
    s.ring()
    clock.advance(1.0)
    s.answer()
    s.compose(True)  # the first keystroke at 1.0 s
    run(s, clock, 40.0)  # a slow typist: no timeout fires, the engine time stands still
    assert s.live and s.clock.now() == 1.0 and s.state.path == ("line-open",)
    s.say_typed("您好，12320卫生热线，请讲。")
    say = next(e for e in events(s, "say") if e["who"] == "operator")
    assert say["t"] == 1.0 and say["end"] == 1.0 + speech_seconds("您好，12320卫生热线，请讲。")
    assert s.clock.now() == say["end"]  # the clock runs on from the reply's end
    # the visible call timer is call time too: the timer, the transcript and the record agree
    assert s.talk_seconds() == say["end"] - 1.0
    assert say.get("typed") is True


def test_a_reply_typed_while_the_caller_speaks_starts_after_the_line() -> None:
    s, clock = session(MISROUTED)
    s.ring()
    clock.advance(2.0)
    s.answer()
    s.say_typed("您好，12320卫生热线，请问有什么可以帮您？")  # the caller answers the greeting …
    assert s.caller_end > s.clock.now()
    s.compose(True)  # … and the trainee starts typing before the caller has finished
    frozen = s.clock.frozen_at
    assert frozen is not None and abs(frozen - (s.caller_end + REPLY_GAP)) < 1e-9
    run(s, clock, 30.0)
    assert any(t.who == "caller" for t in s.turns)  # the caller's line was shown meanwhile
    s.say_typed("请问您要咨询什么？")
    say = [e for e in events(s, "say") if e["who"] == "operator"][1]
    assert abs(say["t"] - frozen) < 0.01


def test_clearing_the_reply_box_lets_time_run_again() -> None:
    s, clock = session()
    s.ring()
    clock.advance(1.0)
    s.answer()
    s.compose(True)
    run(s, clock, 5.0)
    s.compose(False)
    run(s, clock, 60.0)
    assert s.over and s.state.outcome == "caller_hung_up"


def test_heard_turns_carry_their_own_times_and_speech_holds_the_timer() -> None:
    s, clock = session()
    s.ring()
    clock.advance(2.0)
    s.answer()
    s.speaking(True)  # the ear hears the trainee start …
    run(s, clock, 30.0)
    assert s.live  # … so no silence timeout fires while they speak
    s.heard(4.0, 31.5, "您好，12320卫生热线，请讲。", 0.9)
    say = next(e for e in events(s, "say") if e["who"] == "operator")
    assert (say["t"], say["end"], say["confidence"]) == (4.0, 31.5, 0.9)
    assert s.state.path[:2] == ("line-open", "greeted")


def test_hold_transfer_and_hangup_are_recorded_at_the_clock_time() -> None:
    s, clock = session(MISROUTED)
    s.ring()
    clock.advance(3.0)
    s.answer()
    run(s, clock, 2.0)
    s.hold()
    assert s.state.held and events(s, "hold")[0]["t"] == 5.0
    run(s, clock, 4.0)
    s.unhold()
    assert events(s, "unhold")[0]["t"] == 9.0
    s.transfer("医政处")
    assert s.over and events(s, "transfer")[0]["to"] == "医政处"


def test_quitting_mid_call_hangs_up_and_marks_the_record() -> None:
    stopped: list[str] = []

    class Voice(SilentVoice):
        def stop(self) -> None:
            stopped.append("stop")

    s, clock = session(voice=Voice())
    s.ring()
    clock.advance(2.0)
    s.answer()
    run(s, clock, 1.0)
    s.abort()
    rec = s.record()
    assert s.over and stopped and rec["interrupted"] is True
    assert rec["outcome"] == "operator_hung_up" and events(s, "hangup")[0]["t"] == 3.0


def test_quitting_while_it_rings_keeps_an_unanswered_record() -> None:
    s, clock = session()
    s.ring()
    clock.advance(4.0)
    s.abort()
    assert s.over and s.record()["interrupted"] is True and not events(s, "answer")


class Recorder(SilentVoice):
    def __init__(self) -> None:
        super().__init__()
        self.callbacks: list[PlayedCallback] = []

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        super().say(item, on_played)
        self.callbacks.append(on_played)


def test_caller_lines_are_spoken_when_due_and_retimed_when_played() -> None:
    voice = Recorder()
    ear_lines: list[tuple[int, float, float]] = []
    ear_texts: list[str] = []

    class Ear(NoEar):
        def caller_line(self, line: int, t: float, end: float, text: str = "") -> None:
            ear_lines.append((line, t, end))
            ear_texts.append(text)

    s, clock = session(MISROUTED, voice=voice, ear=Ear())
    s.ring()
    clock.advance(2.0)
    s.answer()
    s.say_typed("您好，12320卫生热线，请问有什么可以帮您？")
    assert not voice.said  # the caller reacts after a delay
    run(s, clock, 3.0)
    assert voice.said and voice.said[0].persona == MISROUTED.caller.persona
    item = voice.said[0]
    t0 = s.clock.now()
    voice.callbacks[0](item.line, t0, t0 + 5.5)  # the audio really played from now, for 5.5 s
    say = next(e for e in events(s, "say") if e["who"] == "caller")
    assert (say["t"], say["end"]) == (round(t0, 2), round(t0 + 5.5, 2))
    assert ear_lines == [(item.line, t0, t0 + 5.5)] and s.caller_end >= t0 + 5.5
    assert ear_texts == [item.text]  # the ear knows the words, to tell the caller's echo from a reply


def test_talking_over_a_cut_line_stops_the_voice() -> None:
    cut: list[int] = []

    class Voice(SilentVoice):
        def cut(self, line: int) -> None:
            cut.append(line)

    sc = find("angry-complainant")
    s, clock = session(sc, voice=Voice())
    s.ring()
    clock.advance(2.0)
    s.answer()
    node = sc.node(s.state.node or "")
    s.barge_in(7)
    assert cut == ([7] if node.barge_in == "cut" else [])


def test_scenario_lines_lists_every_line_once() -> None:
    lines = scenario_lines(MISROUTED)
    texts = [x.text for x in lines]
    assert len(texts) == len(set(texts)) and texts
    for node in MISROUTED.nodes.values():
        assert set(node.say) <= set(texts)


def test_call_clock_thaw_moves_to_the_given_time() -> None:
    src = FakeClock()
    c = CallClock(src)
    c.start()
    src.advance(2.0)
    c.freeze(3.0)
    src.advance(10.0)
    assert c.now() == 3.0 and c.peek() == 3.0
    c.thaw(to=4.5)
    assert c.now() == 4.5
    src.advance(1.0)
    assert c.now() == 5.5 and c.elapsed_real() == 13.0


def test_actions_module_kept_in_sync() -> None:
    """The session handles every caller action kind the engine can emit."""
    handled = {"Ring", "CallerSay", "CallerCut", "CallerSilent", "CallerHangUp", "MoodChange", "CallEnded",
               "Wait"}
    assert {t.__name__ for t in typing.get_args(ac.Action)} == handled


def greeted(s: CallSession, clock: FakeClock) -> None:
    """Answered, greeted, then 2.0037 s of silence: the engine's time is now uneven."""
    s.ring()
    clock.advance(2.0)
    s.answer()
    s.say_typed("您好，12320卫生热线，请讲。")
    clock.advance(2.5037)
    s.tick()
    assert s.state.node == "greeted-paused" and s.state.t != round(s.state.t, 2)


def test_a_turn_starting_at_the_engines_uneven_time_is_taken() -> None:
    """A turn that starts before the engine's time is moved up to it (an uneven time such as
    6.2037 s). It was rounded down below the engine's time once, and the engine refused it ('时间
    不能倒退'), crashing the call."""
    s, clock = session()
    greeted(s, clock)
    at = s.state.t
    s.heard(at - 0.5, at + 2.0, "您好，请问您需要咨询什么问题？", 0.9)
    said = events(s, "say")[-1]
    assert said["who"] == "operator" and said["t"] == round(at, 2)
    assert s.state.node == "prompted-once"


def test_a_typed_reply_at_the_engines_uneven_time_is_taken() -> None:
    s, clock = session()
    greeted(s, clock)
    s.say_typed("您好，请问您需要咨询什么问题？")
    assert events(s, "say")[-1]["who"] == "operator" and s.state.node == "prompted-once"


class SlowVoice(SilentVoice):
    """A voice that reports when a line really starts (as the speaking voice does): the first
    ``late`` lines when the test says so, later ones at once."""

    reports_played = True

    def __init__(self, late: int = 1) -> None:
        super().__init__()
        self.late = late
        self.callbacks: list[PlayedCallback] = []
        self.now: typing.Callable[[], float] = lambda: 0.0

    def say(self, item: LineToSay, on_played: PlayedCallback) -> None:
        super().say(item, on_played)
        if len(self.callbacks) < self.late:
            self.callbacks.append(on_played)
            return
        t = self.now()
        on_played(item.line, t, t + len(item.text) / 4)


def test_no_silence_timeout_runs_out_on_a_caller_line_that_has_not_sounded_yet() -> None:
    """A line still being synthesised is not the trainee's silence: the caller gave up on the
    trainee once because a fresh install took 15 s to render a line."""
    voice = SlowVoice()
    s, clock = session(MISROUTED, voice=voice)
    voice.now = s.clock.peek
    s.ring()
    clock.advance(2.0)
    s.answer()
    run(s, clock, 8.0)
    assert voice.said, "the caller's first line was handed to the voice"
    first = voice.said[0]
    held = s.clock.now()
    run(s, clock, 25.0)  # past every silence timeout of the node (OWED_MAX is 30 s)
    assert not s.over and s.live
    assert s.clock.now() == held  # call time holds while the line is owed
    assert not [t for t in s.turns if t.who == "caller"]  # not shown before it sounds
    now = s.clock.now()
    voice.callbacks[0](first.line, now, now + 3.0)  # it sounds at last
    assert not s.over
    run(s, clock, 2.0)
    assert not s.over  # the silence counts from the line's real end
    run(s, clock, 60.0)
    assert s.over  # and then it does run out


def test_a_line_that_will_never_sound_releases_the_silence_timer() -> None:
    voice = SlowVoice()
    s, clock = session(MISROUTED, voice=voice)
    voice.now = s.clock.peek
    s.ring()
    clock.advance(2.0)
    s.answer()
    run(s, clock, 8.0)
    line = voice.said[0].line
    run(s, clock, 5.0)
    voice.callbacks[0](line, -1.0, -1.0)  # rendering failed
    run(s, clock, 60.0)
    assert s.over


def test_a_turn_begun_while_the_phone_rang_is_not_said_to_the_caller() -> None:
    """Through speakers the ring-back tone reached the microphone and came back as words."""
    s, clock = session()
    s.ring()
    clock.advance(6.0)
    s.answer()
    s.heard(5.1, 6.3, "请请问有什么可以", 0.4)  # began in the second ring
    assert not [e for e in events(s, "say") if e["who"] == "operator"]
    s.heard(5.8, 7.5, "您好，12320卫生热线，请讲。", 0.9)  # begun as F2 was pressed: taken
    assert [e["text"] for e in events(s, "say") if e["who"] == "operator"] == ["您好，12320卫生热线，请讲。"]
