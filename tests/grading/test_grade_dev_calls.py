"""Done means: every call in ``../shared/dev-calls/`` is graded as its ``expect`` says —
the verdict, the categories that must appear and the categories that must not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gradekit import DEV_CALLS

FILES = sorted(DEV_CALLS.glob("*.json")) if DEV_CALLS.is_dir() else []
pytestmark = pytest.mark.skipif(
    not FILES, reason=f"没有找到开发用标注通话 {DEV_CALLS}（CI 应把 shared/ 放在仓库旁边）"
)


def _show(report: object) -> str:
    from grading.report_text import render

    return render(report)  # type: ignore[arg-type]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:3])
def test_dev_call_is_graded_as_labelled(path: Path) -> None:
    from grading.grader import grade
    from grading.record import load_record

    expect = json.loads(path.read_text(encoding="utf-8"))["expect"]
    report = grade(load_record(path))
    found = {f.category for f in report.findings}
    problems = []
    if report.passed != expect["passed"]:
        problems.append(f"结论应为 {'通过' if expect['passed'] else '不通过'}")
    if missing := sorted(set(expect["categories"]) - found):
        problems.append(f"缺少类别 {missing}")
    if extra := sorted(set(expect["absent"]) & found):
        problems.append(f"不应出现的类别 {extra}")
    assert not problems, f"{path.name}：{'；'.join(problems)}\n标注理由：{expect['why']}\n{_show(report)}"


def test_the_set_has_thirty_calls_with_a_label_each() -> None:
    assert len(FILES) == 30
    for path in FILES:
        assert {"passed", "categories", "absent"} <= set(json.loads(path.read_text("utf-8"))["expect"])


def _noise() -> dict[str, Any]:
    from gradekit import digits, homophone, spaced, strip_punct, traditional

    return {
        "无标点": strip_punct, "字间空格": spaced, "繁体": traditional, "数字": digits,
        "一个同音字": lambda t: homophone(strip_punct(t)) or t,
        "两个同音字": lambda t: homophone(strip_punct(t), 2) or t,
    }


NOISE = _noise()


@pytest.mark.parametrize("form", list(NOISE))
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem[:3])
def test_dev_call_is_graded_the_same_through_recogniser_noise(path: Path, form: str) -> None:
    """The same labels hold when every operator turn is re-spelled as a recogniser might
    (the README: ASR records "are labelled exactly as their clean versions would be")."""
    from grading.grader import grade

    data = json.loads(path.read_text(encoding="utf-8"))
    expect = data["expect"]
    for e in data["events"]:
        if e.get("type") == "say" and e.get("who") == "operator":
            e["text"] = NOISE[form](e["text"])
    report = grade(data)
    found = {f.category for f in report.findings}
    assert report.passed == expect["passed"], f"{path.name}（{form}）\n{_show(report)}"
    assert set(expect["categories"]) <= found, f"{path.name}（{form}）\n{_show(report)}"
    assert not set(expect["absent"]) & found, f"{path.name}（{form}）\n{_show(report)}"
