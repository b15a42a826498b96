"""A grade report as JSON and back, with everything the report screen shows; grading a record.

The contract's report object (``Report.to_json()``) plus ``pass_mark``, ``breakdown``,
``hotline``, ``duration`` and each finding's ``unclear``: the store re-opens exactly the report
the trainee saw, even after the rules change (a regrade is stored beside it, never over it).
"""

from __future__ import annotations

from typing import Any

from grading.model import Finding, Report


def report_to_json(report: Report) -> dict[str, Any]:
    data = report.to_json()
    data.update(pass_mark=report.pass_mark, breakdown=dict(report.breakdown), hotline=report.hotline,
                duration=report.duration)
    if report.notes:  # e.g. graded against today's scenario: an old record without scenario facts
        data["notes"] = list(report.notes)
    for out, f in zip(data["findings"], report.findings, strict=True):
        out["unclear"] = f.unclear
    return data


def report_from_json(data: dict[str, Any]) -> Report:
    findings = tuple(
        Finding(rule=str(f.get("rule", "")), category=f.get("category", "courtesy"),
                severity=f.get("severity", "minor"), t=f.get("t"), quote=str(f.get("quote", "")),
                clause=str(f.get("clause", "")), message=str(f.get("message", "")),
                tip=str(f.get("tip", "")), unclear=bool(f.get("unclear", False)))
        for f in data.get("findings") or ()
    )
    return Report(scenario=str(data.get("scenario", "")), passed=bool(data.get("passed")),
                  score=int(data.get("score", 0)), findings=findings,
                  pass_mark=int(data.get("pass_mark", 80)),
                  breakdown={str(k): int(v) for k, v in (data.get("breakdown") or {}).items()},
                  hotline=str(data.get("hotline", "")), duration=float(data.get("duration", 0.0)),
                  notes=tuple(str(n) for n in data.get("notes") or ()))


def as_json(report: Any) -> dict[str, Any] | None:
    """A Report, its JSON dict or None, as the JSON dict the store keeps."""
    if report is None or isinstance(report, dict):
        return report
    return report_to_json(report)


def grade_record(record: dict[str, Any]) -> tuple[Report | None, str]:
    """The report, or None and why it could not be graded."""
    from grading import GradingError, grade

    try:
        return grade(record), ""
    except GradingError as exc:
        return None, exc.message
