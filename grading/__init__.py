"""Grading of hotline calls against the written service standards.

Public API::

    from grading import grade, load_record, parse_record, render_text, render_html
    report = grade(load_record("call.json"))          # or grade(engine.record()) — a contract dict
    print(render_text(report))                         # Chinese text report
    report.to_json()                                   # exactly the contract's report object

Errors: :class:`RecordError` (exit 2: unreadable or contract-breaking record, with the place),
:class:`GradingError` (its base). Heavy parts (matcher, rules) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grading.errors import GradingError, RecordError
from grading.model import CATEGORIES, CallRecord, Event, Finding, HotlineInfo, Report

if TYPE_CHECKING:
    from grading.grader import grade
    from grading.record import load_record, parse_record

__all__ = [
    "CATEGORIES",
    "CallRecord",
    "Event",
    "Finding",
    "GradingError",
    "HotlineInfo",
    "RecordError",
    "Report",
    "grade",
    "load_record",
    "parse_record",
    "render_html",
    "render_text",
]

_LAZY = {"grade": "grading.grader", "load_record": "grading.record", "parse_record": "grading.record"}


def render_text(report: Report) -> str:
    from grading.report_text import render

    return render(report)


def render_html(reports: Any) -> str:
    from grading.report_html import render

    return render(reports)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'grading' has no attribute {name!r}")
