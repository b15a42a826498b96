"""The rule-case builder lays out calls like the dev calls and rejects malformed cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grading.casebuild import CaseError, build_call, load_cases, speech_seconds
from grading.record import parse_record


def build(turns: list[Any], **kw: Any) -> dict[str, Any]:
    return build_call({"name": "t", "expect": "pass", "turns": turns, **kw})


def test_timing_follows_the_dev_calls() -> None:
    rec = build([{"operator": "您好，12320卫生热线，请讲。"}, {"caller": "我想问个事"}, {"hangup": "caller"}])
    ev = rec["events"]
    assert ev[0] == {"t": 0.0, "type": "ring"} and ev[1] == {"t": 3.0, "type": "answer"}
    assert ev[2]["t"] == 3.8 and ev[2]["end"] == round(3.8 + 13 / 3.6, 1)
    assert ev[3]["t"] == round(ev[2]["end"] + 0.8, 2) and ev[3]["who"] == "caller"
    assert ev[4] == {"t": round(ev[3]["end"] + 0.8, 2), "type": "hangup", "who": "caller"}
    assert rec["scenario"] == "info-query" and rec["hotline"]["name"] == "12320卫生热线"


def test_speech_rate_ignores_punctuation_and_has_a_floor() -> None:
    assert speech_seconds("您好，请讲。") == round(4 / 3.6, 1)
    assert speech_seconds("嗯") == 0.5


def test_wait_hold_transfer_low_confidence_overlap_and_at() -> None:
    rec = build([
        {"operator": "请稍等"}, {"hold": 40}, {"wait": 5}, {"operator_low": "让您久等了"},
        {"caller": "好的好的好的好的好的"}, {"operator": "我打断一下", "overlap": 2.0},
        {"transfer": "医政处", "at": 99.0},
    ], answer=6.0)
    ev = rec["events"]
    assert ev[1]["t"] == 6.0
    hold, unhold = ev[3], ev[4]
    assert hold["type"] == "hold" and unhold["type"] == "unhold" and unhold["t"] - hold["t"] == 40
    low = ev[5]
    assert low["t"] == unhold["t"] + 5 and low["confidence"] == 0.3
    caller, over = ev[6], ev[7]
    assert over["t"] == round(caller["end"] - 2.0, 2) and over["t"] < caller["end"]
    assert ev[-1] == {"t": 99.0, "type": "transfer", "to": "医政处"}
    assert [e["t"] for e in ev] == sorted(e["t"] for e in ev)
    parse_record(rec, check_scenario=False)  # every built call is contract-valid


def test_raw_events_and_overrides() -> None:
    events = [{"t": 0.0, "type": "ring"}, {"t": 2.0, "type": "answer"}]
    rec = build_call({"name": "e", "expect": "fail", "events": events, "scenario": "silent-caller",
                      "hotline": {"name": "95598供电服务热线", "aliases": ["95598"]}})
    assert rec["events"] == events and rec["scenario"] == "silent-caller"
    assert rec["hotline"]["aliases"] == ["95598"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ({"turns": [{"operator": "a", "caller": "b"}]}, "恰有一个动作键"),
        ({"turns": [{"shout": "a"}]}, "未知动作"),
        ({"turns": ["您好"]}, "应为映射"),
        ({"turns": [{"hangup": "trainer"}]}, "hangup"),
        ({"turns": [{"operator": "a", "overlap": 1}]}, "overlap"),
        ({"turns": [], "events": []}, "二选一"),
        ({"turns": [], "severity_level": 1}, "未知字段"),
    ],
)
def test_malformed_cases_are_rejected(case: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseError, match=message):
        build_call({"name": "x", "expect": "pass", **case})


def test_load_cases_checks_the_file(tmp_path: Path) -> None:
    good = tmp_path / "ABC001.yaml"
    good.write_text("rule: ABC001\ncases:\n  - {name: a, expect: pass, turns: []}\n", encoding="utf-8")
    assert load_cases(good) == ("ABC001", [{"name": "a", "expect": "pass", "turns": []}])
    bad = {
        "ABC002.yaml": "rule: ABC001\ncases: [{name: a, expect: pass, turns: []}]\n",
        "ABC003.yaml": "rule: ABC003\ncases: []\n",
        "ABC004.yaml": "rule: ABC004\ncases: [{name: a, expect: maybe, turns: []}]\n",
        "ABC005.yaml": "rule: ABC005\ncases: [{name: a, expect: pass}]\n",
        "ABC006.yaml": "rule: ABC006\ncases: [{name: a, expect: pass, turns: []},\n"
                       "  {name: a, expect: fail, turns: []}]\n",
        "ABC007.yaml": "rule: [\n",
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(CaseError):
            load_cases(tmp_path / name)
