"""Finishing a call: grade the record, write record and report next to the audio, seal the folder."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from grading.model import Report
from simulator.engine.record import record_json
from simulator.fsio import atomic_write_text
from simulator.tui.store.history import Entry, History
from simulator.tui.store.reports import report_from_json, report_to_json

RECORD = "record.json"
REPORT = "report.json"


def _write(path: Path, text: str) -> None:
    atomic_write_text(path, text)


def grade_record(record: dict[str, Any]) -> tuple[Report | None, str]:
    """The report, or None and why it could not be graded."""
    from grading import GradingError, grade

    try:
        return grade(record), ""
    except GradingError as exc:
        return None, exc.message


def finish_call(history: History, folder: Path, record: dict[str, Any], *, title: str, trainee: str,
                mode: str, report: Report | None = None,
                files: list[str] | None = None) -> tuple[Entry, Report | None]:
    """Write ``record.json`` and ``report.json`` into ``folder`` and add it to the sealed index
    (``files``: seal only these, e.g. when the audio is still being written at quit)."""
    if report is None:
        report, _ = grade_record(record)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / RECORD, record_json(record))
    if report is not None:
        _write(folder / REPORT, json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    entry = Entry(
        id=folder.name, when=datetime.now().isoformat(timespec="seconds"),
        scenario=str(record.get("scenario", "")), title=title, trainee=trainee, mode=mode,
        score=report.score if report else None, passed=report.passed if report else None,
        outcome=record.get("outcome"), interrupted=bool(record.get("interrupted")),
    )
    return history.seal(folder, entry, files), report


def load_call(history: History, entry: Entry) -> tuple[dict[str, Any] | None, Report | None]:
    folder = history.folder(entry)
    record: dict[str, Any] | None = None
    report: Report | None = None
    with contextlib.suppress(OSError, ValueError):
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    with contextlib.suppress(OSError, ValueError, TypeError):
        report = report_from_json(json.loads((folder / REPORT).read_text(encoding="utf-8")))
    return record, report
