"""The mood rule: act deltas, scenario overrides, clamping, when_mood, transition and node moods."""

from __future__ import annotations

import pytest
from enginekit import end, engine, node, of, scenario, tr

from simulator.engine import Engine
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.engine.mood import mood_name, rank, shift, utterance_delta
from simulator.scenario.model import Scenario


@pytest.mark.parametrize(("mood", "steps", "want"), [
    ("calm", 1, "anxious"), ("calm", -1, "calm"), ("angry", 5, "furious"),
    ("furious", -2, "impatient"), ("impatient", 0, "impatient"), ("anxious", -9, "calm"),
])
def test_shift_moves_along_the_ladder_and_clamps(mood: str, steps: int, want: str) -> None:
    assert shift(mood, steps) == want


def test_utterance_delta_counts_each_act_once_and_prefers_scenario_rules() -> None:
    defaults = {"apologise": -1, "argue": 1, "forbidden": 2}
    assert utterance_delta(["argue", "argue"], {}, defaults) == 1
    assert utterance_delta(["argue", "forbidden"], {}, defaults) == 3
    assert utterance_delta(["apologise"], {"apologise": -2}, defaults) == -2
    assert utterance_delta(["greet"], {}, defaults) == 0
    assert utterance_delta(["argue"], {"argue": 0}, defaults) == 0  # an override may switch it off
    assert rank("calm") == 0 and rank("furious") == 4 and mood_name("angry") == "生气"


def complaint(mood: str = "impatient", rules: dict[str, int] | None = None) -> Scenario:
    return scenario(
        node("rant", "你们停电停了一天了！", unclear=("你说什么？",), on=[
            tr("act", "hangs-up", acts=["argue"], when=">= angry"),
            tr("act", "calmer", acts=["apologise"], mood=-1),
            tr("silence", "hangs-up", seconds=10),
        ]),
        node("calmer", "那你们什么时候能修好？", on=[tr("silence", "hangs-up", seconds=10)]),
        end("hangs-up", "caller_hung_up"),
        mood=mood, mood_rules=rules,
    )


def start(sc: Scenario) -> Engine:
    eng = engine(sc)
    eng.start()
    eng.step(ev.Answer(1.0))
    return eng


def test_utterance_mood_comes_first_and_when_mood_sees_the_new_mood() -> None:
    eng = start(complaint())
    acts = eng.step(ev.Say(6.0, 8.0, "不是这样的"))  # argue +1: impatient → angry, then >= angry fires
    assert of(acts, ac.MoodChange) == [ac.MoodChange(8.0, "impatient", "angry")]
    assert eng.state.path[-1] == "hangs-up"


def test_transition_mood_adds_after_the_utterance() -> None:
    eng = start(complaint("furious"))
    acts = eng.step(ev.Say(6.0, 8.0, "对不起"))  # apologise −1, then the transition's −1
    assert of(acts, ac.MoodChange) == [ac.MoodChange(8.0, "furious", "angry"),
                                       ac.MoodChange(8.0, "angry", "impatient")]
    line = of(acts, ac.CallerSay)[0]
    assert line.mood == "impatient" and line.node == "calmer"


def test_scenario_mood_rules_override_the_act_defaults() -> None:
    eng = start(complaint("calm", {"forbidden": 4}))
    acts = eng.step(ev.Say(6.0, 8.0, "你烦不烦"))
    assert of(acts, ac.MoodChange) == [ac.MoodChange(8.0, "calm", "furious")]
    assert [x.mood for x in of(acts, ac.CallerSay)] == ["furious"]  # the unclear line, in the new mood


def test_mood_clamps_at_both_ends() -> None:
    eng = start(complaint("furious"))
    acts = eng.step(ev.Say(6.0, 8.0, "你烦不烦"))
    assert not of(acts, ac.MoodChange) and eng.state.mood == "furious"
    eng = start(complaint("calm", {"apologise": -3}))
    acts = eng.step(ev.Say(6.0, 8.0, "抱歉抱歉"))
    assert eng.state.mood == "calm" and not of(acts, ac.MoodChange)


def test_node_mood_sets_the_mood_on_entry() -> None:
    sc = scenario(
        node("a", "喂？", on=[tr("act", "reset", acts=["greet"], mood=3), tr("silence", "x", seconds=9)]),
        node("reset", "嗯。", mood="anxious", on=[tr("silence", "x", seconds=9)]),
        end("x", "caller_hung_up"),
    )
    eng = start(sc)
    acts = eng.step(ev.Say(4.0, 5.0, "您好"))
    assert [(m.old, m.new) for m in of(acts, ac.MoodChange)] == [("calm", "angry"), ("angry", "anxious")]
    assert eng.state.mood == "anxious"


def test_moods_track_in_the_record() -> None:
    eng = start(complaint())
    eng.step(ev.Say(6.0, 8.0, "对不起"))
    rec = eng.record()
    assert rec["moods"] == [
        {"t": 0.0, "mood": "impatient"},
        {"t": 8.0, "mood": "anxious"},
        {"t": 8.0, "mood": "calm"},
    ]


def test_angrier_caller_speaks_faster() -> None:
    line = "你们停电停了一天了，到底什么时候来修，我家里还有老人！"
    calm = scenario(node("a", line, on=[tr("silence", "x", seconds=9)]), end("x", "caller_hung_up"))
    furious = scenario(*calm.nodes.values(), mood="furious")
    durations = {}
    for name, sc in (("calm", calm), ("furious", furious)):
        eng = engine(sc, seed=4)
        eng.start()
        say = of(eng.step(ev.Answer(1.0)), ac.CallerSay)[0]
        durations[name] = say.end - say.t
    assert durations["furious"] < durations["calm"]
