"""Every rule's YAML pass/fail cases (``grading/rules/cases/<CODE>.yaml``, format in
``grading.casebuild``). Test ids start with the rule code: ``pytest -k SIL001`` runs one rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grading.casebuild import CaseError, build_call, case_files, load_cases


def _params() -> list[Any]:
    out: list[Any] = []
    for path in case_files():
        try:
            code, cases = load_cases(path)
        except CaseError as exc:
            out.append(pytest.param(path, None, str(exc), id=f"{path.stem}-用例文件"))
            continue
        for i, case in enumerate(cases):
            out.append(pytest.param(path, case, code, id=f"{code}-{i:02d}-{case['name']}"))
    return out


PARAMS = _params()


@pytest.mark.skipif(not PARAMS, reason="还没有规则用例文件（grading/rules/cases/*.yaml）")
@pytest.mark.parametrize(("path", "case", "code"), PARAMS)
def test_rule_case(path: Path, case: dict[str, Any] | None, code: str) -> None:
    from grading.grader import build_context
    from grading.record import parse_record
    from grading.rules import get_rule

    if case is None:
        pytest.fail(code)  # the case file itself is malformed; `code` carries the message
    try:
        rule = get_rule(code)
    except KeyError:
        pytest.fail(f"{path.name}：没有规则 {code}（grading/rules/{code.lower()}_*.py）")
    record = parse_record(build_call(case), source=f"{path.name}#{case['name']}")
    findings = list(rule.run(build_context(record)))
    shown = "\n".join(f"  [{f.t}] {f.severity} {f.message} 「{f.quote}」" for f in findings) or "  （无）"
    if case["expect"] == "pass":
        assert not findings, f"{code} 用例「{case['name']}」应无问题，却报出：\n{shown}"
    else:
        assert findings, f"{code} 用例「{case['name']}」应报出问题，却没有"
        if "severity" in case:
            wrong = [f for f in findings if f.severity != case["severity"]]
            assert not wrong, f"{code} 用例「{case['name']}」程度应为 {case['severity']}：\n{shown}"
    assert all(f.rule == code for f in findings)
