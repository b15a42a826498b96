"""Printing a call as a timed Chinese dialogue: ``[  3.4s] 话务员：…`` / ``[  8.6s] 来电者（焦虑）：…``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from simulator.call.wording import OUTCOME_NAMES, caller_silent, event_note, mood_name
from simulator.engine import actions as ac


@dataclass(frozen=True, slots=True)
class Entry:
    """One printed line of the dialogue; ``seq`` keeps same-time lines in the order they happened."""

    t: float
    seq: int
    text: str

    def render(self) -> str:
        return f"[{self.t:5.1f}s] {self.text}"


def seconds(x: float) -> str:
    """``4`` → ``4``, ``3.5`` → ``3.5`` (for 沉默 N 秒)."""
    return f"{round(x, 2):g}"


def action_text(action: ac.Action) -> tuple[float, str] | None:
    """The printed line of a caller action (None: not printed)."""
    if isinstance(action, ac.Ring):
        return action.t, event_note("ring")
    if isinstance(action, ac.CallerSay):
        over = "（抢在话务员说完前开口）" if action.overlaps else ""
        return action.t, f"来电者（{mood_name(action.mood)}）：{action.text}{over}"
    if isinstance(action, ac.CallerCut):
        return action.t, "（来电者被打断，停了下来）"
    if isinstance(action, ac.CallerSilent):
        return action.t, caller_silent(action.noise)
    if isinstance(action, ac.CallerHangUp):
        return action.t, event_note("caller_hangup")
    if isinstance(action, ac.MoodChange):
        return action.t, f"（来电者情绪：{mood_name(action.old)} → {mood_name(action.new)}）"
    return None


def outcome_name(outcome: str | None) -> str:
    if outcome is None:
        return "通话未结束"
    return OUTCOME_NAMES.get(outcome, "其他结局")  # words only: trainees never read internal ids


def summary_lines(record: Mapping[str, Any]) -> list[str]:
    """结局, 是否成功, 路径 and the caller's mood of a finished record."""
    moods: Iterable[Mapping[str, Any]] = record.get("moods") or ()
    track = [mood_name(str(m.get("mood"))) for m in moods]
    success = record.get("success")
    lines = [
        f"结局：{outcome_name(record.get('outcome'))}",
        f"是否成功：{'是' if success else '否'}",
        f"路径：{' → '.join(record.get('path') or ()) or '（未接听）'}",
    ]
    if track:
        lines.append(f"来电者情绪：{' → '.join(track)}")
    return lines
