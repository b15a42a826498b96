"""The rule registry: every module ``grading/rules/<code lower>_<slug>.py`` defines one Rule.

Discovery is by file name (``opn001_greeting.py`` → rule ``OPN001``), so adding a rule is adding
a file; ``base.py`` and private modules (``_*.py``) are skipped. A module that does not define
exactly one :class:`~grading.rules.base.Rule` subclass whose ``code`` matches its file name is a
programming error and raises :class:`RegistryError` naming the file.
"""

from __future__ import annotations

import importlib
import inspect
import re
from functools import lru_cache
from pathlib import Path

from grading.errors import GradingError
from grading.rules.base import CallContext, Rule

__all__ = ["CallContext", "RegistryError", "Rule", "all_rules", "get_rule", "rule_classes", "rule_modules"]

RULES_DIR = Path(__file__).resolve().parent
MODULE_RE = re.compile(r"^([a-z]{3}\d{3})_[a-z0-9_]+$")


class RegistryError(GradingError):
    """A rule module breaks the one-rule-per-module convention."""


def rule_modules() -> list[str]:
    """Module names of the rule files, sorted by code."""
    names = [p.stem for p in RULES_DIR.glob("*.py") if MODULE_RE.match(p.stem)]
    return sorted(names)


@lru_cache(maxsize=1)
def rule_classes() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code."""
    found: list[type[Rule]] = []
    seen: dict[str, str] = {}
    for stem in rule_modules():
        module = importlib.import_module(f"{__name__}.{stem}")
        classes = [
            obj for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, Rule) and obj is not Rule
            and obj.__module__ == module.__name__ and not inspect.isabstract(obj)
        ]
        if len(classes) != 1:
            raise RegistryError(f"{stem}.py 应恰好定义一个 Rule 子类，实际 {len(classes)} 个")
        cls = classes[0]
        code = getattr(cls, "code", None)
        expected = MODULE_RE.match(stem).group(1).upper()  # type: ignore[union-attr]
        if code != expected:
            raise RegistryError(f"{stem}.py：规则代码 {code!r} 与文件名不符（应为 {expected}）")
        if code in seen:
            raise RegistryError(f"规则代码 {code} 重复：{seen[code]}.py 与 {stem}.py")
        seen[code] = stem
        found.append(cls)
    return tuple(found)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """One instance of every rule, sorted by code (rules are stateless)."""
    return tuple(cls() for cls in rule_classes())


def get_rule(code: str) -> Rule:
    """The rule with this code (case-insensitive); KeyError when there is none."""
    wanted = code.strip().upper()
    for rule in all_rules():
        if rule.code == wanted:
            return rule
    raise KeyError(wanted)
