"""Done means: grading never crashes on a contract-valid record, and records that break the
contract get exit 2 and a message — never a traceback (hypothesis fuzz)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.errors import RecordError
from grading.record import parse_record

SCENARIOS = ["silent-caller", "misrouted-call", "angry-complainant", "harassment-call",
             "dialect-speaker", "info-query"]
HOTLINES = [
    {"name": "12320卫生热线", "aliases": ["12320"]},
    {"name": "95598供电服务热线", "aliases": ["95598"]},
    {"name": "96128政务信息查询专线", "aliases": ["96128"]},
]
PHRASES = [
    "您好，12320卫生热线，请问有什么可以帮您？", "请稍等，我帮您查一下。", "让您久等了。", "对不起",
    "我听不到您的声音，请您重新拨打", "请问还有什么可以帮您？", "感谢您的来电，再见。", "您问我，我问谁？",
    "不知道", "喂", "哈哈", "你 好 請 稍 登", "我为您转接到医政处，您看可以吗？", "这不归我们管", "",
    "我非常理解您的心情", "您的问题与我们的服务无关，我将挂断您的电话", "来电者的资料都是保密的",
]
text = st.one_of(st.sampled_from(PHRASES), st.text(max_size=40),
                 st.lists(st.sampled_from(PHRASES), max_size=3).map("".join))
gap = st.floats(min_value=0, max_value=60, allow_nan=False)


@st.composite
def events(draw: st.DrawFn) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    t = 0.0
    for _ in range(draw(st.integers(0, 14))):
        t = round(t + draw(gap), 2)
        kind = draw(st.sampled_from(["ring", "answer", "say", "say", "say", "hold", "unhold",
                                     "transfer", "hangup"]))
        ev: dict[str, Any] = {"t": t, "type": kind}
        if kind in ("say", "hangup"):
            ev["who"] = draw(st.sampled_from(["operator", "caller"]))
        if kind == "say":
            ev["text"] = draw(text)
            ev["end"] = round(t + draw(st.floats(0, 20, allow_nan=False)), 2)
            if draw(st.booleans()):
                ev["confidence"] = draw(st.floats(0, 1, allow_nan=False))
        if kind == "transfer" and draw(st.booleans()):
            ev["to"] = draw(st.sampled_from(["医政处", "95598", "", "x"]))
        out.append(ev)
    return out


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    rec: dict[str, Any] = {"format": "hotline-call/1", "scenario": draw(st.sampled_from(SCENARIOS)),
                           "events": draw(events())}
    if draw(st.booleans()):
        rec["hotline"] = draw(st.sampled_from(HOTLINES))
    if draw(st.booleans()):
        rec["extra_field"] = draw(st.integers())
    return rec


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_grading_never_crashes_on_a_contract_valid_record(record: dict[str, Any]) -> None:
    from grading.grader import grade

    report = grade(record)
    assert 0 <= report.score <= 100
    assert json.loads(json.dumps(report.to_json(), ensure_ascii=False))["scenario"] == record["scenario"]
    ts = [f.t for f in report.findings]
    timed = [t for t in ts if t is not None]
    assert timed == sorted(timed) and ts[: len(timed)] == timed  # call order, whole-call last


junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                                      max_size=2))


@st.composite
def broken(draw: st.DrawFn) -> dict[str, Any]:
    """A valid record with one contract-relevant place replaced by junk that breaks it."""
    rec = draw(records())
    rec["events"] = rec["events"] or [{"t": 0.0, "type": "ring"}]
    ev = draw(st.sampled_from(rec["events"]))
    place = draw(st.sampled_from(["format", "scenario", "events", "hotline", "event", "t", "type", "who",
                                  "text", "end", "confidence"]))
    value = draw(junk)
    if place in ("format", "scenario", "events", "hotline"):
        rec[place] = value
    elif place == "event":
        rec["events"][rec["events"].index(ev)] = value
    else:
        ev[place] = value
    return rec


@settings(max_examples=400, deadline=None)
@given(broken())
def test_broken_records_raise_record_error_or_are_still_valid(record: dict[str, Any]) -> None:
    """Junk is either rejected with a RecordError naming a place, or (when it happens to be
    contract-valid, e.g. a number for ``end`` after ``t``) graded — never any other exception."""
    from grading.grader import grade

    try:
        rec = parse_record(record, source="fuzz.json")
    except RecordError as exc:
        assert exc.where and exc.exit_code == 2 and exc.message
        return
    grade(rec)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(broken(), st.binary(max_size=80).map(lambda b: b.decode("latin-1"))))
def test_cli_exits_2_with_a_message_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], record: Any
) -> None:
    from simulator.cli import main

    f = tmp_path / "call.json"
    f.write_text(record if isinstance(record, str) else json.dumps(record, ensure_ascii=False),
                 encoding="utf-8")
    code = main(["grade", str(f)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code == 2:
        assert err.startswith("错误：") and str(f) in err
    else:
        assert code == 0 and "得分" in out
