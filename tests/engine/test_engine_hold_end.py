"""Hold, unhold, held timeouts, transfers and hang-ups."""

from __future__ import annotations

import pytest
from enginekit import end, engine, node, of, says, scenario, tr

from simulator.engine import Engine
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.errors import EngineError
from simulator.scenario.model import Scenario


def lookup_scenario() -> Scenario:
    return scenario(
        node("asks", "我想查一下社保。", on=[
            tr("hold", "waiting"),
            tr("transfer", "transferred", target="医政处"),
            tr("hangup", "cut-off"),
            tr("silence", "gone", seconds=8),
        ]),
        node("waiting", silent=True, on=[
            tr("unhold", "back"),
            tr("held", "impatient", seconds=30),
        ]),
        node("impatient", "怎么还没好啊？", mood="impatient", on=[
            tr("held", "gave-up", seconds=20),
            tr("silence", "gone", seconds=8),
        ]),
        node("back", "查到了吗？", on=[tr("silence", "gone", seconds=8),
                                      tr("transfer", "transferred", target="*")]),
        end("transferred", "transferred", True, "好的，谢谢。"),
        end("cut-off", "operator_hung_up", False, "喂？"),
        end("gave-up", "caller_hung_up", False, "算了不等了。"),
        end("gone", "caller_hung_up"),
    )


def answered(seed: int = 0) -> tuple[Engine, float]:
    eng = engine(lookup_scenario(), seed)
    eng.start()
    line = of(eng.step(ev.Answer(2.0)), ac.CallerSay)[0]
    return eng, line.end


def test_hold_suspends_silence_timeouts_and_unhold_restarts_them() -> None:
    sc = scenario(node("a", "喂？", on=[tr("silence", "gone", seconds=5)]), end("gone", "caller_hung_up"))
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    assert eng.step(ev.Hold(3.0)) == [ac.Wait(None)]
    assert eng.step(ev.Silence(3.0, 100.0)) == [ac.Wait(None)]
    assert eng.state.held and not eng.state.ended
    assert eng.step(ev.Unhold(103.0)) == [ac.Wait(108.0)]
    rec = eng.record()
    assert [e["type"] for e in rec["events"]][-2:] == ["hold", "unhold"]


def test_hold_and_unhold_transitions_fire() -> None:
    eng, line_end = answered()
    eng.step(ev.Hold(line_end + 1))
    assert eng.state.node == "waiting" and eng.state.held
    acts = eng.step(ev.Unhold(line_end + 10))
    assert [x.text for x in of(acts, ac.CallerSay)] == ["查到了吗？"]
    assert eng.state.path == ("asks", "waiting", "back")


def test_held_timeout_fires_on_hold_and_the_line_waits_for_unhold() -> None:
    eng, line_end = answered()
    hold_t = line_end + 1
    eng.step(ev.Hold(hold_t))
    acts = eng.step(ev.Silence(hold_t, 35.0))
    assert eng.state.node == "impatient" and eng.state.mood == "impatient"
    assert not of(acts, ac.CallerSay)  # said on hold: not heard yet
    assert of(acts, ac.MoodChange) == [ac.MoodChange(round(hold_t + 30, 2), "calm", "impatient")]
    assert acts[-1] == ac.Wait(round(hold_t + 50, 2))  # the node's own held: 20 counts from entry
    acts = eng.step(ev.Unhold(hold_t + 40))
    lines = of(acts, ac.CallerSay)
    assert [x.text for x in lines] == ["怎么还没好啊？"] and lines[0].t >= hold_t + 40 + 0.4 * 0.8 - 0.01
    assert acts[-1] == ac.Wait(round(lines[0].end + 8, 2))


def test_caller_hangs_up_on_hold_without_being_heard() -> None:
    eng, line_end = answered()
    hold_t = line_end + 1
    eng.step(ev.Hold(hold_t))
    acts = eng.step(ev.Silence(hold_t, 100.0))
    assert acts[-1] == ac.CallEnded(round(hold_t + 50 + 0.5, 2), "caller_hung_up", False)
    rec = eng.record()
    assert [e["text"] for e in says(rec, "caller")] == ["我想查一下社保。"]
    assert rec["path"] == ["asks", "waiting", "impatient", "gave-up"]


def test_say_on_hold_is_not_heard_nor_recorded() -> None:
    eng, line_end = answered()
    eng.step(ev.Hold(line_end + 1))
    acts = eng.step(ev.Say(line_end + 2, line_end + 4, "您好，12320"))
    assert acts == [ac.Wait(round(line_end + 31, 2))]
    assert not says(eng.record(), "operator")


def test_double_hold_and_unhold_without_hold_are_errors() -> None:
    eng, line_end = answered()
    with pytest.raises(EngineError, match="不在保持"):
        eng.step(ev.Unhold(line_end + 1))
    eng.step(ev.Hold(line_end + 1))
    with pytest.raises(EngineError, match="已经在保持"):
        eng.step(ev.Hold(line_end + 2))


def test_transfer_to_a_matching_target_follows_its_transition_silently() -> None:
    eng, line_end = answered()
    acts = eng.step(ev.Transfer(line_end + 1, " 医政处 "))
    assert not of(acts, ac.CallerSay) and not of(acts, ac.CallerHangUp)
    assert acts == [ac.CallEnded(round(line_end + 1, 2), "transferred", True)]
    rec = eng.record()
    assert rec["events"][-1] == {"t": round(line_end + 1, 2), "type": "transfer", "to": " 医政处 "}
    assert rec["path"] == ["asks", "transferred"]


def test_wildcard_transfer_target_matches_anything() -> None:
    eng, line_end = answered()
    eng.step(ev.Hold(line_end + 1))
    eng.step(ev.Unhold(line_end + 5))
    eng.step(ev.Transfer(line_end + 9, "随便哪个科室"))
    assert eng.state.path[-2:] == ("back", "transferred")
    assert eng.state.outcome == "transferred" and eng.state.success is True


def test_transfer_without_a_matching_transition_ends_transferred_unsuccessfully() -> None:
    eng, line_end = answered()
    acts = eng.step(ev.Transfer(line_end + 1, "疾控中心"))
    assert acts == [ac.CallEnded(round(line_end + 1, 2), "transferred", False)]
    assert eng.state.path == ("asks",)


def test_hangup_follows_its_transition_or_ends_operator_hung_up() -> None:
    eng, line_end = answered()
    acts = eng.step(ev.HangUp(line_end + 1))
    assert acts == [ac.CallEnded(round(line_end + 1, 2), "operator_hung_up", False)]
    rec = eng.record()
    assert rec["events"][-1]["who"] == "operator" and rec["path"] == ["asks", "cut-off"]
    # 喂？ after the hang-up is not heard
    assert [e["text"] for e in says(rec, "caller")] == ["我想查一下社保。"]

    sc = scenario(node("a", "喂？", on=[tr("silence", "a", seconds=5)]))
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    acts = eng.step(ev.HangUp(4.0))
    assert acts == [ac.CallEnded(4.0, "operator_hung_up", False)]
    assert eng.record()["success"] is False


def test_hangup_transition_to_a_waiting_node_still_ends_the_call() -> None:
    sc = scenario(node("a", "喂？", on=[tr("hangup", "b"), tr("silence", "a", seconds=5)]),
                  node("b", "喂？喂？", on=[tr("silence", "a", seconds=5)]))
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    acts = eng.step(ev.HangUp(4.0))
    assert acts == [ac.CallEnded(4.0, "operator_hung_up", False)]
    assert eng.state.path == ("a", "b")
