"""Every rule module follows the convention: code, category, severity, an existing clause, a
four-part docstring and at least one pass and one fail case."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

from grading.casebuild import CASES_DIR, load_cases
from grading.model import CATEGORIES, SEVERITIES
from grading.rules import rule_classes, rule_modules

PARTS = ("检查什么", "为什么", "正确示例", "错误示例")
CLASSES = rule_classes()


def test_every_rule_module_defines_one_registered_rule() -> None:
    assert len(rule_modules()) == len(CLASSES)


@pytest.mark.skipif(not CLASSES, reason="还没有规则模块")
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.code)
def test_rule_metadata(cls: Any) -> None:
    from grading.data import clauses

    assert re.fullmatch(r"[A-Z]{3}\d{3}", cls.code)
    assert cls.category in CATEGORIES, f"{cls.code}: 类别 {cls.category!r} 不在约定的类别里"
    assert cls.severity in SEVERITIES
    assert cls.clause in clauses(), f"{cls.code}: 条款 {cls.clause!r} 不在 clauses.yaml 里"
    assert isinstance(getattr(cls, "title", None), str) and cls.title.strip()
    assert isinstance(cls.families, tuple)


@pytest.mark.skipif(not CLASSES, reason="还没有规则模块")
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.code)
def test_rule_docstring_has_the_four_parts(cls: Any) -> None:
    doc = inspect.cleandoc(cls.__doc__ or "")
    lines = doc.splitlines()
    heads = [i for i, line in enumerate(lines) if line.strip() in PARTS]
    assert [lines[i].strip() for i in heads] == list(PARTS), f"{cls.code}: 说明文档应依次有 {PARTS}"
    sections = {lines[a].strip(): "\n".join(lines[a + 1:b]).strip()
                for a, b in zip(heads, [*heads[1:], len(lines)], strict=True)}
    for part, body in sections.items():
        assert body, f"{cls.code}: “{part}”一节是空的"
    assert re.search(r"[“「\"].+[”」\"]", sections["为什么"], re.S), f"{cls.code}: “为什么”一节应引用条款原文"


@pytest.mark.skipif(not CLASSES, reason="还没有规则模块")
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.code)
def test_rule_has_pass_and_fail_cases(cls: Any) -> None:
    path = CASES_DIR / f"{cls.code}.yaml"
    assert path.is_file(), f"{cls.code}: 缺少用例文件 {path.relative_to(CASES_DIR.parents[2])}"
    _code, cases = load_cases(path)
    expects = {c["expect"] for c in cases}
    assert expects == {"pass", "fail"}, f"{cls.code}: 至少要有一个 pass 和一个 fail 用例"


def test_every_case_file_belongs_to_a_rule() -> None:
    codes = {c.code for c in CLASSES}
    orphans = [p.name for p in CASES_DIR.glob("*.yaml") if p.stem not in codes]
    assert not orphans, f"这些用例文件没有对应的规则：{orphans}"
