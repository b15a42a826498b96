"""Exporting stored calls: CSV a trainer opens in Excel, JSON with the records, WAV audio.

The CSV is UTF-8 with a byte-order mark and CRLF line ends — what Excel needs to show Chinese
instead of mojibake when the file is double-clicked. Every file is written to a temporary name
and renamed into place (:mod:`simulator.fsio`), so a full disk never leaves half an export under
the real name, and says so in a sentence.
"""

from __future__ import annotations

import csv
import io
import json
import wave
from pathlib import Path
from typing import Any

from simulator.records.store import CallRow, Store
from simulator.records.text import mode_text, result_text, status_text, when_text

CSV_HEAD = ("编号", "开始时间", "场景", "场景名称", "学员", "模式", "状态", "得分", "结果", "结局",
            "复评得分", "复评结果", "站点", "记录编号")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (:mod:`simulator.fsio`)."""
    from simulator.fsio import atomic_write_bytes

    atomic_write_bytes(path, data, make_parents=True)


def csv_bytes(store: Store, calls: list[CallRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEAD)
    for c in calls:
        latest = store.report(c.id, latest=True)
        regraded = latest is not None and latest.kind != "grade"
        writer.writerow([
            c.id, when_text(c.started_at), c.scenario, c.title, c.trainee, mode_text(c), status_text(c),
            "" if c.score is None else c.score, result_text(c.passed) if c.score is not None else "",
            c.outcome or "", latest.score if regraded and latest else "",
            result_text(latest.passed) if regraded and latest else "", c.station, c.uid,
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_bytes(store: Store, calls: list[CallRow]) -> bytes:
    items: list[dict[str, Any]] = []
    for c in calls:
        items.append({
            "call": c.to_json(),
            "record": store.record(c.id),
            "reports": [{"kind": r.kind, "created_at": r.created_at, "note": r.note, "score": r.score,
                         "passed": r.passed, "report": r.body} for r in store.reports(c.id)],
            "audio": store.audio_tracks(c.id),
        })
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def wav_bytes(rate: int, pcm: bytes) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def export_audio(store: Store, calls: list[CallRow], folder: Path) -> list[Path]:
    """Each call's tracks as ``<id>-<scenario>-<track>.wav`` in ``folder``; the files written."""
    written: list[Path] = []
    for c in calls:
        for track in store.audio_tracks(c.id):
            rate, pcm = store.audio(c.id, track)
            path = folder / f"{c.id}-{c.scenario or 'call'}-{track}.wav"
            atomic_write(path, wav_bytes(rate, pcm))
            written.append(path)
    return written
