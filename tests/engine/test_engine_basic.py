"""Engine basics: start, answer, utterances and transitions, pass-throughs, endings, misuse."""

from __future__ import annotations

import itertools

import pytest
from enginekit import ACT_MOODS, HOTLINE, KeywordMatcher, end, engine, node, of, says, scenario, tr

from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.errors import EngineError
from simulator.scenario.model import Scenario


def asks_scenario() -> Scenario:
    return scenario(
        node("open", "喂，你好，我想问个事。", unclear=("啊？你说什么？",), on=[
            tr("act", "greeted", acts=["greet"], all_=["self_identify"]),
            tr("act", "half", acts=["greet"]),
            tr("silence", "gone", seconds=10),
        ]),
        node("greeted", "就是打疫苗的事。", on=[
            tr("otherwise", "bye"),
            tr("silence", "gone", seconds=10),
        ]),
        node("half", "你是哪里？", on=[tr("silence", "gone", seconds=10)]),
        end("bye", "resolved", True, "好的，谢谢，再见。"),
        end("gone", "caller_hung_up"),
    )


def test_start_rings_and_waits_for_the_ring_timeout() -> None:
    eng = engine(asks_scenario())
    assert eng.start() == [ac.Ring(0.0), ac.Wait(30.0)]
    assert eng.state.answered is False and eng.state.node is None
    with pytest.raises(EngineError):
        eng.start()


def test_step_before_start_or_before_answer_is_an_error() -> None:
    eng = engine(asks_scenario())
    with pytest.raises(EngineError, match="start"):
        eng.step(ev.Answer(1.0))
    eng.start()
    with pytest.raises(EngineError, match="接听"):
        eng.step(ev.Say(1.0, 2.0, "您好"))


def test_answer_says_the_start_line_after_a_reaction_delay() -> None:
    eng = engine(asks_scenario(), seed=3)
    eng.start()
    acts = eng.step(ev.Answer(2.5))
    say = of(acts, ac.CallerSay)[0]
    assert say.text == "喂，你好，我想问个事。" and say.node == "open" and say.mood == "calm"
    assert 2.5 + 0.4 <= say.t <= 2.5 + 1.0
    chars = sum(1 for c in say.text if c.isalnum())  # punctuation takes no time
    assert chars == 8
    assert chars / 4 * 0.9 - 0.01 <= say.end - say.t <= chars / 4 * 1.1 + 0.01
    assert acts[-1] == ac.Wait(round(say.end + 10, 2))
    assert eng.state.path == ("open",) and eng.state.answered


def test_first_matching_act_transition_fires_with_any_and_all() -> None:
    eng = engine(asks_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Say(5.0, 8.0, "您好，12320卫生热线"))
    assert of(acts, ac.CallerSay)[0].text == "就是打疫苗的事。"
    assert eng.state.node == "greeted"

    other = engine(asks_scenario())
    other.start()
    other.step(ev.Answer(2.0))
    other.step(ev.Say(5.0, 6.0, "您好"))  # greet without self_identify: the "all" transition fails
    assert other.state.node == "half"


def test_unclear_line_when_nothing_matches_and_node_keeps_waiting() -> None:
    eng = engine(asks_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    acts = eng.step(ev.Say(5.0, 6.0, "嗯嗯"))
    assert [a.text for a in of(acts, ac.CallerSay)] == ["啊？你说什么？"]
    assert eng.state.node == "open" and eng.state.path == ("open",)


def test_caller_stays_silent_when_nothing_matches_and_no_unclear_line() -> None:
    sc = scenario(node("open", "喂？", on=[tr("act", "x", acts=["greet"]), tr("silence", "x", seconds=6)]),
                  end("x", "caller_hung_up"))
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    acts = eng.step(ev.Say(4.0, 5.0, "嗯"))
    silent = of(acts, ac.CallerSilent)
    assert silent and silent[0].t == 5.0 and silent[0].seconds == 6.0 and silent[0].node == "open"
    assert not of(acts, ac.CallerSay)


def test_otherwise_fires_for_any_utterance_and_terminal_caller_hangs_up_after_last_line() -> None:
    eng = engine(asks_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    eng.step(ev.Say(5.0, 8.0, "您好，12320卫生热线"))
    acts = eng.step(ev.Say(12.0, 15.0, "可以去社区医院打"))
    line = of(acts, ac.CallerSay)[-1]
    assert line.text == "好的，谢谢，再见。"
    hang = of(acts, ac.CallerHangUp)[0]
    assert hang.t == round(line.end + 0.5, 2)
    assert acts[-1] == ac.CallEnded(hang.t, "resolved", True)
    st = eng.state
    assert st.ended and st.outcome == "resolved" and st.success is True
    assert st.path == ("open", "greeted", "bye")
    rec = eng.record()
    assert rec["events"][-1] == {"t": hang.t, "type": "hangup", "who": "caller"}
    with pytest.raises(EngineError, match="已结束"):
        eng.step(ev.Say(30.0, 31.0, "喂？"))


def test_pass_through_nodes_speak_in_a_row_with_short_gaps() -> None:
    sc = scenario(
        node("a", "第一句。", next="b"),
        node("b", "第二句。", next="c"),
        node("c", "第三句。", on=[tr("silence", "x", seconds=5)]),
        end("x", "caller_hung_up"),
    )
    eng = engine(sc, seed=5)
    eng.start()
    lines = of(eng.step(ev.Answer(1.0)), ac.CallerSay)
    assert [(x.text, x.node) for x in lines] == [("第一句。", "a"), ("第二句。", "b"), ("第三句。", "c")]
    for before, after in itertools.pairwise(lines):
        assert 0.2 - 0.01 <= after.t - before.end <= 0.5 + 0.01
    assert eng.state.path == ("a", "b", "c") and eng.state.node == "c"


def test_transition_say_comes_before_the_target_line() -> None:
    sc = scenario(
        node("a", "喂？", on=[tr("act", "b", acts=["greet"], say=["嗯。"]), tr("silence", "x", seconds=5)]),
        node("b", "我问一下。", on=[tr("silence", "x", seconds=5)]),
        end("x", "caller_hung_up"),
    )
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    lines = of(eng.step(ev.Say(3.0, 4.0, "您好")), ac.CallerSay)
    assert [(x.text, x.node) for x in lines] == [("嗯。", "a"), ("我问一下。", "b")]


def test_silent_node_emits_caller_silent_with_noise() -> None:
    sc = scenario(node("open", silent=True, noise="light", on=[tr("silence", "x", seconds=8)]),
                  end("x", "caller_hung_up"))
    eng = engine(sc)
    eng.start()
    acts = eng.step(ev.Answer(3.0))
    assert acts == [ac.CallerSilent(3.0, 8.0, "open", "light"), ac.Wait(11.0)]


def test_matcher_gets_the_hotline_context() -> None:
    matcher = KeywordMatcher()
    eng = engine(asks_scenario(), matcher=matcher)
    eng.start()
    eng.step(ev.Answer(2.0))
    eng.step(ev.Say(5.0, 6.0, "您好"))
    text, ctx = matcher.calls[0]
    assert text == "您好"
    assert ctx.hotline_names == ("12320卫生热线", "12320")
    assert ctx.departments == ("医政处", "疾控中心") and ctx.phones == ("025-83620000", "025-83787000")
    assert HOTLINE.name in ctx.hotline_names


def test_bad_events_are_engine_errors() -> None:
    eng = engine(asks_scenario())
    eng.start()
    eng.step(ev.Answer(2.0))
    with pytest.raises(EngineError, match="接听过"):
        eng.step(ev.Answer(3.0))
    with pytest.raises(EngineError, match="结束时间"):
        eng.step(ev.Say(5.0, 4.0, "您好"))
    with pytest.raises(EngineError, match="负数"):
        eng.step(ev.Silence(5.0, -1))
    eng.step(ev.Say(5.0, 6.0, "嗯嗯"))
    with pytest.raises(EngineError, match="倒退"):
        eng.step(ev.Silence(4.0, 1))
    with pytest.raises(EngineError, match="编号"):
        eng.step(ev.CallerPlayed(99, 1.0, 2.0))


def test_unknown_goto_and_next_loops_are_engine_errors() -> None:
    broken = scenario(node("a", "喂？", on=[tr("act", "nowhere", acts=["greet"]),
                                           tr("silence", "a", seconds=5)]))
    eng = engine(broken)
    eng.start()
    eng.step(ev.Answer(1.0))
    with pytest.raises(EngineError, match="nowhere"):
        eng.step(ev.Say(3.0, 4.0, "您好"))
    loop = scenario(node("a", "一", next="b"), node("b", "二", next="a"))
    eng = engine(loop)
    eng.start()
    with pytest.raises(EngineError, match="循环"):
        eng.step(ev.Answer(1.0))


def test_default_act_moods_come_from_an_injected_phrase_matcher() -> None:
    from simulator.phrases import PhraseMatcher
    from simulator.phrases.types import Act

    acts = [Act("greet", "问候", ("您好",)), Act("apologise", "道歉", ("对不起", "很抱歉"), mood=-2)]
    sc = scenario(node("a", "你们怎么回事！", on=[tr("silence", "x", seconds=9)]), end("x", "caller_hung_up"),
                  mood="angry")
    eng = engine(sc, matcher=PhraseMatcher(acts), act_moods=None)
    eng.start()
    eng.step(ev.Answer(1.0))
    out = eng.step(ev.Say(4.0, 6.0, "非常对不起，给您添麻烦了"))
    assert of(out, ac.MoodChange) == [ac.MoodChange(6.0, "angry", "anxious")]
    assert ACT_MOODS["apologise"] == -1  # the kit's table was not used
    assert says(eng.record(), "operator")[0]["text"] == "非常对不起，给您添麻烦了"
