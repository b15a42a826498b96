"""The headless runner: simulated timing, ending a call the script left open, transcript, typed mode."""

from __future__ import annotations

from typing import Any

from enginekit import ACT_MOODS, KeywordMatcher, contract_problems, end, node, says, scenario, tr

from simulator.call.timing import speech_seconds
from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.play.typed import play_typed

OPTS: dict[str, Any] = {"matcher": KeywordMatcher(), "act_moods": ACT_MOODS}


def asks() -> Any:
    return scenario(
        node("open", silent=True, on=[tr("act", "asks", acts=["greet"]), tr("silence", "gone", seconds=10)]),
        node("asks", "我想问一下流感疫苗去哪里打？", mood="anxious", on=[
            tr("act", "thanks", acts=["answer"]),
            tr("hold", "held"),
            tr("silence", "gone", seconds=8),
        ]),
        node("held", silent=True, on=[tr("unhold", "asks-again")]),
        node("asks-again", "查到了吗？", on=[tr("act", "thanks", acts=["answer"]),
                                             tr("silence", "gone", seconds=8)]),
        node("thanks", "好的，谢谢你，再见。", mood="calm", on=[
            tr("act", "bye", acts=["goodbye"]), tr("silence", "bye", seconds=3)]),
        end("bye", "resolved", True),
        end("gone", "caller_hung_up"),
    )


def play(text: str, seed: int = 0, sc: Any = None, **kw: Any) -> Any:
    return play_script(sc or asks(), parse_script(text, "t.txt"), seed, **OPTS, **kw)


def test_speech_takes_a_second_per_four_characters() -> None:
    assert speech_seconds("您好，请讲。") == 6 / 4
    assert speech_seconds("a b") == 2 / 4


def test_trainee_timing_follows_the_rules() -> None:
    res = play("/answer 3\n您好，12320热线。\n可以到社区医院打。\n/wait 2\n再见。")
    rec = res.record
    ev = rec["events"]
    assert ev[1] == {"t": 3.0, "type": "answer"}
    op = says(rec, "operator")
    caller = says(rec, "caller")
    assert op[0]["t"] == 3.8 and op[0]["end"] == round(3.8 + 11 / 4, 2)  # 0.8 s after the pick-up
    assert op[1]["t"] == round(caller[0]["end"] + 0.8, 2)  # 0.8 s after the caller's line
    assert op[1]["end"] - op[1]["t"] == 9 / 4
    # /wait 2 starts when the caller's reply ended; the next line starts as the silence ends
    assert op[2]["t"] == round(caller[1]["end"] + 2, 2)
    assert res.state.outcome == "resolved" and res.state.path == ("open", "asks", "thanks", "bye")
    assert res.notes == [] and contract_problems(rec) == []


def test_hold_unhold_in_a_script() -> None:
    res = play("您好\n/hold\n/wait 10\n/unhold\n可以到社区医院打。\n再见")
    types = [e["type"] for e in res.record["events"]]
    assert types.index("hold") < types.index("unhold")
    hold = next(e for e in res.record["events"] if e["type"] == "hold")
    unhold = next(e for e in res.record["events"] if e["type"] == "unhold")
    assert unhold["t"] == round(hold["t"] + 10, 2)  # right after the silence, no extra gap
    assert res.state.path == ("open", "asks", "held", "asks-again", "thanks", "bye")


def test_a_script_that_ends_early_waits_for_the_caller() -> None:
    res = play("您好")
    assert res.state.outcome == "caller_hung_up" and res.state.path[-1] == "gone"
    assert any("脚本已结束" in n for n in res.notes)


def test_a_caller_with_nothing_scheduled_gets_hung_up_on() -> None:
    res = play("您好\n/hold")
    assert res.state.outcome == "operator_hung_up"
    assert any("不会再有动作" in n for n in res.notes)
    assert res.record["events"][-1]["who"] == "operator"


def test_the_tail_is_bounded() -> None:
    sc = scenario(node("a", "喂？", on=[tr("silence", "a", seconds=50)]))
    res = play("/answer 1", sc=sc, tail_limit=120)
    assert res.state.outcome == "operator_hung_up"
    hang = res.record["events"][-1]
    assert hang["type"] == "hangup" and hang["who"] == "operator"
    assert 120 <= hang["t"] <= 125
    assert any("120 秒" in n for n in res.notes)


def test_steps_after_the_call_ended_are_skipped_with_a_note() -> None:
    res = play("您好\n/wait 30\n可以去社区医院\n/hangup")
    assert res.state.outcome == "caller_hung_up"
    assert res.notes == ["通话已结束，脚本第 3 行起的 2 个动作没有执行。"]
    assert [e["text"] for e in says(res.record, "operator")] == ["您好"]


def test_answering_too_late_is_abandoned() -> None:
    res = play("/answer 40\n您好")
    assert res.state.outcome == "abandoned" and res.record["path"] == []
    assert res.lines() == ["[  0.0s] —— 电话响铃 ——", "[ 30.0s] —— 来电者挂机 ——"]
    assert res.notes and "第 2 行" in res.notes[0]


def test_interrupt_talks_over_the_caller() -> None:
    res = play("您好\n/interrupt 1.5\n您别急，我帮您查\n再见")
    caller = says(res.record, "caller")[0]
    op = says(res.record, "operator")[1]
    assert op["t"] == round(caller["end"] - 1.5, 2)
    assert op["t"] < caller["end"]


def test_transcript_lines_are_timed_and_in_chinese() -> None:
    res = play("/answer 3\n您好\n可以到社区医院打。\n再见", seed=1)
    lines = res.lines()
    assert lines[0] == "[  0.0s] —— 电话响铃 ——"
    assert lines[1] == "[  3.0s] —— 话务员接听 ——"
    assert lines[2] == "[  3.0s] （来电者不出声）"
    assert lines[3] == "[  3.8s] 话务员：您好"
    assert any(line.endswith("来电者（焦虑）：我想问一下流感疫苗去哪里打？") for line in lines)
    assert any("（来电者情绪：平静 → 焦虑）" in line for line in lines)
    assert lines[-1].endswith("—— 来电者挂机 ——")
    times = [float(line[1:6]) for line in lines]
    assert times == sorted(times)


def test_typed_mode_prints_reactions_and_survives_bad_lines() -> None:
    out: list[str] = []
    lines = ["", "您好", "/dance", "可以到社区医院打。", "再见"]
    res = play_typed(asks(), lines, out.append, 0, **OPTS)
    text = "\n".join(out)
    assert "电话响铃" in out[0]
    assert "错误：<输入>:3: 未知的命令 /dance" in text
    assert "来电者（焦虑）：我想问一下流感疫苗去哪里打？" in text
    assert "—— 来电者挂机 ——" in text
    assert res.state.outcome == "resolved"
    assert [e["text"] for e in says(res.record, "operator")] == ["您好", "可以到社区医院打。", "再见"]


def test_typed_mode_first_line_may_be_speech_and_eof_finishes_the_call() -> None:
    out: list[str] = []
    res = play_typed(asks(), iter(["您好"]), out.append, 0, **OPTS)
    assert res.record["events"][1] == {"t": 2.0, "type": "answer"}
    assert res.state.ended and res.state.outcome == "caller_hung_up"
    assert any(line.startswith("注：脚本已结束") for line in out)
