"""Done means: every 禁语 in the standards data is caught verbatim and in recogniser-noise forms
(no punctuation, spaces between characters, Traditional characters, digits, a homophone) — the
noise is generated here, not written by hand."""

from __future__ import annotations

from typing import Any

import pytest
from gradekit import GOOD_OPENING, call, noise_forms


def _entries() -> list[Any]:
    try:
        from grading.data import forbidden
    except ModuleNotFoundError:
        return []
    # model: true entries stand for a kind the learned detector finds, not for words to match
    return [e for e in forbidden() if not getattr(e, "model", False)]


ENTRIES = _entries()
pytestmark = pytest.mark.skipif(not ENTRIES, reason="禁语表（grading.data.forbidden）还没有数据")


def _said(text: str) -> tuple[dict[str, Any], float]:
    """A plain info call in which the operator's third turn is ``text``; its start time."""
    record = call([
        {"operator": GOOD_OPENING}, {"caller": "我想问一下明天医院上不上班。"},
        {"operator": text}, {"caller": "那好吧。"}, {"hangup": "caller"},
    ])
    t = next(e["t"] for e in record["events"] if e.get("text") == text)
    return record, t


def _caught(text: str) -> list[str]:
    from grading.grader import grade

    record, t = _said(text)
    report = grade(record)
    return [f.rule for f in report.findings if f.category == "forbidden" and f.t == t]


def test_control_call_has_no_forbidden_finding() -> None:
    assert not _caught("好的，我帮您查一下，明天正常上班。")


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_forbidden_phrase_is_caught_verbatim(entry: Any) -> None:
    assert _caught(entry.text), f"禁语 {entry.id}「{entry.text}」原样说出时没有被发现"


NOISE = [(e, name) for e in ENTRIES for name in noise_forms(e.text)]


@pytest.mark.parametrize(("entry", "form"), NOISE, ids=[f"{e.id}-{n}" for e, n in NOISE])
def test_forbidden_phrase_is_caught_through_recogniser_noise(entry: Any, form: str) -> None:
    noisy = noise_forms(entry.text)[form]
    assert _caught(noisy), f"禁语 {entry.id}「{entry.text}」的识别噪声形式（{form}）「{noisy}」没有被发现"


def test_noise_generator_changes_the_text_as_a_recogniser_would() -> None:
    forms = noise_forms("请稍等，我帮您查一下：电话是一二三二零。")
    assert forms["无标点"] == "请稍等我帮您查一下电话是一二三二零"
    assert forms["字间空格"].startswith("请 稍 等 我")
    assert forms["繁体"].startswith("請稍等") and "電話" in forms["繁体"]
    assert forms["数字"].endswith("12320。")
    assert forms["同音字"].startswith("请稍登")
