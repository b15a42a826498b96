"""What a stored exam call is made of, as digests: what the seal keeps and ``exam verify`` compares.

Each digest answers one question, so a difference can be named: the record (anything in the call),
the words (who said what and when: an edit of the trainee's words), each audio track, and the
stored grade (score, verdict, findings). Computed from the store's public reads only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from simulator.exams.sitting import canonical


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_digest(record: dict[str, Any] | None) -> str:
    return "" if record is None else sha(canonical(record))


def words_digest(record: dict[str, Any] | None) -> str:
    if record is None:
        return ""
    says = [[e.get("who"), e.get("text"), e.get("t"), e.get("end")]
            for e in record.get("events") or [] if isinstance(e, dict) and e.get("type") == "say"]
    return sha(canonical(says))


def audio_digests(store: Any, call_id: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for track in store.audio_tracks(call_id):
        rate, data = store.audio(call_id, track)
        out[track] = sha(f"{rate}:".encode() + data)
    return out


def report_digest(report: dict[str, Any] | None) -> str:
    return "" if report is None else sha(canonical(report))


def finding_keys(report: dict[str, Any] | None) -> list[str]:
    """``RULE@t`` of every finding of a grade (what "a finding was changed" compares)."""
    out = []
    for f in (report or {}).get("findings") or []:
        if isinstance(f, dict):
            out.append(f"{f.get('rule')}@{f.get('t')}")
    return out


def exam_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The exam part of a call's ``meta`` ({sitting, candidate, slot, attempt}), or {}."""
    value = meta.get("exam") if isinstance(meta, dict) else None
    return value if isinstance(value, dict) else {}


def load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
