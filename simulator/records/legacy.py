"""Importing the first round's call history (``calls/`` folders and ``index.jsonl``) into the store.

Once per folder: on the first start of the default SQLite store, every ``calls/<stamp>-<scenario>/``
folder that holds a ``record.json`` — listed in the old index or not — becomes a closed call with
its record, its report and its WAV audio, chained like a new one. The old index line's fields
(trainee, mode, title) are kept; whether the folder still matched the old index's file digests is
written into the call's ``meta`` (``legacy_check``), so a call that had already been tampered with
before the import says so. Scripted records that ``hotline play`` wrote as single JSON files are
imported too. The old files are left where they are; ``store_info`` remembers what was imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import wave
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.records.store import Store

MARK = "legacy_imported:"


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a hostile or broken file: nothing to import
        return {}
    return data if isinstance(data, dict) else {}


def _index(root: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    try:
        text = (root / "index.jsonl").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return out
    for raw in text.splitlines():
        with contextlib.suppress(ValueError, RecursionError):
            line = json.loads(raw)
            if isinstance(line, dict) and isinstance(line.get("id"), str):
                out[line["id"]] = line
    return out


def _when(name: str, line: dict[str, Any], path: Path) -> str:
    text = line.get("when")
    try:
        dt = datetime.fromisoformat(text) if isinstance(text, str) else datetime.strptime(name[:15],
                                                                                          "%Y%m%d-%H%M%S")
    except ValueError:
        try:
            dt = datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            dt = datetime.now()
    return dt.astimezone(UTC).isoformat(timespec="milliseconds")


def _check(folder: Path, line: dict[str, Any]) -> str:
    if not line:
        return "不在旧索引中"
    for name, want in (line.get("files") or {}).items():
        path = folder / name
        try:
            got = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return f"{name} 已被删除"
        if got != want:
            return f"{name} 与旧索引不符"
    return "与旧索引一致"


def _wav(path: Path) -> tuple[int, bytes] | None:
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2 or w.getnchannels() != 1:
                return None
            return w.getframerate(), w.readframes(w.getnframes())
    except (OSError, wave.Error, EOFError):
        return None


def import_legacy(store: Store, root: Path) -> int:
    """Import every not-yet-imported call under ``root``; how many were imported."""
    if not root.is_dir():
        return 0
    index = _index(root)
    count = 0
    for path in sorted(root.iterdir()):
        key = MARK + path.name
        if path.name.startswith(".") or store.info(key) is not None:
            continue
        if path.is_dir():
            record, report = _json(path / "record.json"), _json(path / "report.json")
            if not record:
                continue
            line = index.get(path.name, {})
            audio = {track: got for track in ("caller", "operator") if (got := _wav(path / f"{track}.wav"))}
            check = _check(path, line)
        elif path.suffix == ".json" and path.is_file():
            record, report, line, audio, check = _json(path), {}, {}, {}, "hotline play 保存的记录"
            if record.get("format") != "hotline-call/1":
                continue
        else:
            continue
        _store_one(store, path, record, report or None, line, audio, check)
        store.set_info(key, "1")
        count += 1
    return count


def _store_one(store: Store, path: Path, record: dict[str, Any], report: dict[str, Any] | None,
               line: dict[str, Any], audio: dict[str, tuple[int, bytes]], check: str) -> None:
    from simulator.records.reports import as_json, grade_record

    meta = {"imported_from": str(path), "legacy_check": check}
    journal = store.begin(scenario=str(record.get("scenario", "")), title=str(line.get("title") or ""),
                          trainee=str(line.get("trainee") or ""), mode=str(line.get("mode") or "practice"),
                          seed=record.get("seed") if isinstance(record.get("seed"), int) else None,
                          meta=meta, flush_interval=3600, started_at=_when(path.name, line, path))
    for track, (rate, pcm) in audio.items():
        journal.audio(track, pcm, rate)
    if report is None:
        report = as_json(grade_record(record)[0])
    journal.finish(record, report, interrupted=bool(record.get("interrupted")), grade=False)
