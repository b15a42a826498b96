"""The Chinese names of what happens in a call: outcomes, events, moods, line noise.

One place for the words the trainee reads — the live transcript, the call's status line, the
report, the history list and ``hotline play``'s printed dialogue all name things from here, so the
same event is called the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MOOD_NAMES: dict[str, str] = {
    "calm": "平静",
    "anxious": "焦虑",
    "impatient": "不耐烦",
    "angry": "生气",
    "furious": "暴怒",
}

OUTCOME_NAMES: dict[str, str] = {
    "resolved": "问题解决",
    "caller_hung_up": "来电者挂机",
    "operator_hung_up": "话务员挂机",
    "transferred": "已转接",
    "abandoned": "无人接听，来电者放弃",
}

NOISE_NAMES: dict[str, str] = {
    "light": "线路有轻微杂音",
    "heavy": "线路杂音很大",
    "speakerphone": "对方像是在用免提",
}

# record event type (hangup by who) → its name in a transcript
EVENT_NAMES: dict[str, str] = {
    "ring": "电话响铃",
    "answer": "接听",
    "hold": "保持",
    "unhold": "取消保持",
    "transfer": "转接至 {to}",
    "caller_hangup": "来电者挂机",
    "operator_hangup": "话务员挂机",
}

TYPED_MARK = "（打字）"  # after a reply the trainee typed instead of saying


def mood_name(mood: str) -> str:
    return MOOD_NAMES.get(mood, mood)


def outcome_name(outcome: str | None, default: str = "—") -> str:
    return OUTCOME_NAMES.get(outcome or "", outcome or default)


def event_name(kind: str, *, who: str | None = None, to: str = "") -> str:
    """``hangup`` by the caller → 来电者挂机; ``transfer`` to 医政处 → 转接至 医政处."""
    key = f"{who or 'operator'}_hangup" if kind == "hangup" else kind
    return EVENT_NAMES.get(key, kind).format(to=to)


def record_event_name(event: Mapping[str, Any]) -> str:
    """The name of a non-speech record event."""
    return event_name(str(event.get("type", "")), who=event.get("who"), to=str(event.get("to", "")))


def event_note(kind: str, *, to: str = "", rang: float | None = None) -> str:
    """The live transcript's line for an event: ``—— 接听（响铃 3.2 秒）——``."""
    if kind == "answer" and rang is not None:
        return f"—— 接听（响铃 {rang:.1f} 秒）——"
    if kind == "hold":
        return "—— 保持（来电者听到等待音乐）——"
    return f"—— {EVENT_NAMES.get(kind, kind).format(to=to)} ——"


def caller_silent(noise: str) -> str:
    """The line for a caller who deliberately says nothing (with what the line sounds like)."""
    name = NOISE_NAMES.get(noise)
    return f"（来电者不出声{'，' + name if name else ''}）"
