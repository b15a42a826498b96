"""How stored calls read in Chinese: times in local time, modes, results, statuses — one place for
the CLI, the app's history screen and exports."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.records.store import CallRow

MODE_NAMES = {"exam": "考核", "practice": "练习"}
STATUS_NAMES = {"open": "进行中", "finished": "已结束", "interrupted": "中断"}


def local(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return None


def when_text(iso: str) -> str:
    """``2026-12-07 11:00`` in this machine's time zone."""
    dt = local(iso) if iso else None
    return dt.strftime("%Y-%m-%d %H:%M") if dt else (iso[:16].replace("T", " ") or "—")


def mode_text(call: CallRow) -> str:
    return MODE_NAMES.get(call.mode, call.mode or "—")


def score_text(score: int | None) -> str:
    return "—" if score is None else str(score)


def result_text(passed: bool | None) -> str:
    if passed is None:
        return "未评分"
    return "通过" if passed else "不通过"


def status_text(call: CallRow) -> str:
    return STATUS_NAMES.get(call.status, call.status)


def scenario_text(call: CallRow) -> str:
    return call.title or call.scenario or "—"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, w: int) -> str:
    return text + " " * max(w - width(text), 0)


def table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(width(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    return ["  ".join([pad(c, w) for c, w in zip(cells, widths, strict=False)] + [cells[-1]]).rstrip()
            for cells in [head, *rows]]
