"""A bad microphone must not fail an exam: when the recogniser is unsure of the operator's turns,
missing phrases become minor 识别不清 findings (Rule.missing), never a failed call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gradekit import DEV_CALLS, GOOD_OPENING, call

PASSING = [p for p in sorted(DEV_CALLS.glob("*.json"))
           if json.loads(p.read_text(encoding="utf-8"))["expect"]["passed"]] if DEV_CALLS.is_dir() else []


def _muffled(record: dict[str, Any]) -> dict[str, Any]:
    """Every operator turn heard with confidence 0.3 and nothing recognised."""
    for e in record["events"]:
        if e.get("type") == "say" and e.get("who") == "operator":
            e["confidence"], e["text"] = 0.3, ""
    return record


@pytest.mark.skipif(not PASSING, reason=f"没有找到开发用标注通话 {DEV_CALLS}")
@pytest.mark.parametrize("path", PASSING, ids=lambda p: p.stem[:3])
def test_exemplary_call_through_a_bad_microphone_still_passes(path: Path) -> None:
    from grading.grader import grade

    report = grade(_muffled(json.loads(path.read_text(encoding="utf-8"))))
    firm = [f"{f.rule} {f.severity} {f.message}" for f in report.findings if not f.unclear]
    assert report.passed, f"{path.name}：麦克风不好（置信度 0.3、未识别出文字）就判为不通过：{firm}"


def test_missing_phrase_in_an_unclear_turn_is_a_minor_unclear_finding() -> None:
    from grading.grader import grade

    clear = grade(call([{"operator": "喂"}, {"caller": "你好"}, {"hangup": "caller"}]))
    unsure = grade(call([{"operator_low": "喂"}, {"caller": "你好"}, {"hangup": "caller"}]))
    opening = [f for f in clear.findings if f.category == "opening"]
    assert opening and any(f.severity != "minor" for f in opening)
    muffled = [f for f in unsure.findings if f.category == "opening"]
    assert muffled and all(f.severity == "minor" and f.unclear and "识别不清" in f.message for f in muffled)
    assert unsure.score > clear.score


def test_low_confidence_does_not_excuse_a_forbidden_phrase() -> None:
    from grading.grader import grade

    report = grade(call([{"operator": GOOD_OPENING}, {"caller": "你好"},
                         {"operator_low": "您问我，我问谁？"}, {"hangup": "caller"}]))
    assert not report.passed and any(f.category == "forbidden" for f in report.findings)
