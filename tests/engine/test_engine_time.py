"""Time: timeouts fire inside silences and before late events, the ring timeout, loop guards."""

from __future__ import annotations

import pytest
from enginekit import end, engine, node, of, says, scenario, tr

from simulator.engine import CallerTiming
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.errors import EngineError
from simulator.scenario.model import Scenario


def prompts_scenario() -> Scenario:
    return scenario(
        node("a", silent=True, on=[tr("act", "talk", acts=["greet"]), tr("silence", "b", seconds=3)]),
        node("b", "喂？", on=[tr("act", "talk", acts=["greet"]), tr("silence", "c", seconds=3)]),
        node("c", "喂？有人吗？", on=[tr("act", "talk", acts=["greet"]), tr("silence", "gone", seconds=3)]),
        node("talk", "我想问个事。", on=[tr("silence", "gone", seconds=10)]),
        end("gone", "caller_hung_up"),
    )


def test_one_silence_fires_several_timeouts_in_a_row_across_nodes() -> None:
    eng = engine(prompts_scenario(), seed=2)
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Silence(2.0, 60.0))
    lines = of(acts, ac.CallerSay)
    assert [x.node for x in lines] == ["b", "c"]
    assert 5.0 + 0.4 <= lines[0].t <= 5.0 + 1.0  # a's silence fired at 2 + 3
    assert lines[0].end + 3 + 0.4 <= lines[1].t + 0.01  # b's counted from the end of its line
    hang = of(acts, ac.CallerHangUp)[0]
    assert hang.t == round(lines[1].end + 3 + 0.5, 2)
    assert acts[-1] == ac.CallEnded(hang.t, "caller_hung_up", False)
    assert eng.state.path == ("a", "b", "c", "gone")


def test_a_late_event_first_fires_the_timeouts_due_before_it() -> None:
    eng = engine(prompts_scenario(), seed=2)
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Say(6.0, 7.0, "您好"))  # a's silence was due at 5.0: b first, then the greeting
    lines = of(acts, ac.CallerSay)
    assert [x.node for x in lines] == ["b", "talk"]
    assert 5.4 <= lines[0].t <= 6.0  # b's line was cued at 5.0, before the greeting
    assert lines[1].t >= max(7.0, lines[0].end)
    assert eng.state.path == ("a", "b", "talk")


def test_an_event_after_the_call_ended_on_the_way_is_dropped() -> None:
    eng = engine(prompts_scenario(), seed=2)
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Say(100.0, 101.0, "您好"))
    assert isinstance(acts[-1], ac.CallEnded) and acts[-1].outcome == "caller_hung_up"
    assert not says(eng.record(), "operator")  # the late greeting never happened
    assert eng.state.path == ("a", "b", "c", "gone")


def test_a_timeout_due_exactly_at_the_end_of_a_silence_fires() -> None:
    eng = engine(prompts_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Silence(2.0, 3.0))
    assert [x.node for x in of(acts, ac.CallerSay)] == ["b"]
    eng2 = engine(prompts_scenario())
    eng2.start()
    eng2.step(ev.Answer(2.0))
    acts = eng2.step(ev.Silence(2.0, 2.99))
    assert not of(acts, ac.CallerSay) and acts == [ac.Wait(5.0)]


def test_no_silence_timeout_fires_while_the_operator_speaks() -> None:
    eng = engine(prompts_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Say(4.0, 9.0, "嗯嗯嗯嗯"))  # a's silence would be due at 5.0, inside the utterance
    assert eng.state.node == "a"
    assert acts[-1] == ac.Wait(12.0)  # counted again from the end of the utterance


def test_silence_counts_from_the_latest_of_caller_line_operator_line_and_entry() -> None:
    sc = scenario(node("a", "我说一句比较长的话。", on=[tr("silence", "x", seconds=4)]),
                  end("x", "caller_hung_up"))
    eng = engine(sc, seed=1)
    eng.start()
    line = of(eng.step(ev.Answer(1.0)), ac.CallerSay)[0]
    acts = eng.step(ev.Say(line.t + 0.5, line.t + 1.0, "嗯"))  # talks over the start of the caller line
    assert acts[-1] == ac.Wait(round(line.end + 4, 2))


def test_an_unanswered_ring_is_abandoned_and_the_answer_dropped() -> None:
    eng = engine(prompts_scenario())
    eng.start()
    acts = eng.step(ev.Answer(31.0))
    assert acts == [ac.CallerHangUp(30.0), ac.CallEnded(30.0, "abandoned", False)]
    rec = eng.record()
    assert [e["type"] for e in rec["events"]] == ["ring", "hangup"]
    assert rec["outcome"] == "abandoned" and rec["path"] == [] and rec["success"] is False


def test_ring_timeout_is_configurable() -> None:
    eng = engine(prompts_scenario(), timing=CallerTiming(ring_timeout=10.0))
    assert eng.start()[-1] == ac.Wait(10.0)
    acts = eng.step(ev.Answer(12.0))
    assert acts[-1] == ac.CallEnded(10.0, "abandoned", False)


def test_a_self_loop_fires_repeatedly_and_a_zero_second_loop_is_caught() -> None:
    sc = scenario(node("a", "喂？", on=[tr("silence", "a", seconds=5)]))
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    acts = eng.step(ev.Silence(1.0, 60.0))
    assert len(of(acts, ac.CallerSay)) >= 8
    assert all(p == "a" for p in eng.state.path)
    stuck = scenario(node("a", silent=True, on=[tr("silence", "a", seconds=0)]))
    eng = engine(stuck)
    eng.start()
    eng.step(ev.Answer(1.0))
    with pytest.raises(EngineError, match="死循环"):
        eng.step(ev.Silence(1.0, 1.0))


def test_when_mood_applies_to_timeouts() -> None:
    sc = scenario(
        node("a", "喂？", on=[tr("silence", "angry-end", seconds=2, when=">= angry"),
                             tr("silence", "calm-end", seconds=6)]),
        end("angry-end", "caller_hung_up"), end("calm-end", "caller_hung_up"),
    )
    calm = engine(sc)
    calm.start()
    calm.step(ev.Answer(1.0))
    calm.step(ev.Silence(1.0, 30))
    assert calm.state.path[-1] == "calm-end"
    angry = engine(scenario(*sc.nodes.values(), mood="angry"))
    angry.start()
    angry.step(ev.Answer(1.0))
    angry.step(ev.Silence(1.0, 30))
    assert angry.state.path[-1] == "angry-end"
