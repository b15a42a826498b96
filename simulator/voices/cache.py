"""The voice cache: rendered lines stored content-addressed, with an index of who made each.

A line's key is the sha256 of (engine, engine revision, voice, prosody, effect, text): the same
request always maps to the same file, ``lines/<key[:2]>/<key>.wav`` (16-bit mono). ``index.jsonl``
has one JSON object a line — key, file, engine, voice, prosody, effect, text, persona, mood,
rate, duration, created — appended as lines are rendered, so an interrupted render loses nothing
(the last entry for a key wins; entries whose file is gone are ignored).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from simulator.audio.wav import read_wav, write_wav
from simulator.errors import HotlineError
from simulator.fsio import atomic_write_text
from simulator.voices.base import Audio
from simulator.voices.locations import cache_dir

INDEX = "index.jsonl"
LINES = "lines"


def line_key(engine: str, revision: str, voice: str, prosody: str, effect: str, text: str) -> str:
    blob = json.dumps([engine, revision, voice, prosody, effect, text], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class VoiceCache:
    def __init__(self, root: Path | None = None, memory: int = 64) -> None:
        self.root = Path(root) if root is not None else cache_dir()
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, Audio] = OrderedDict()
        self._memory_size = memory
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        return self.root / LINES / key[:2] / f"{key}.wav"

    def has(self, key: str) -> bool:
        return key in self._memory or self.path(key).is_file()

    def get(self, key: str) -> Audio | None:
        """The stored line, or None (counted as a hit or a miss)."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                self.hits += 1
                return self._memory[key]
        file = self.path(key)
        if not file.is_file():
            with self._lock:
                self.misses += 1
            return None
        try:
            samples, rate = read_wav(file)
            if len(samples) == 0:
                raise ValueError("empty")
        except (HotlineError, ValueError, OSError):
            # An undecodable line (junk under a real key, a torn copy) is dropped and counted as a
            # miss: the caller renders it again instead of failing on this line forever.
            with contextlib.suppress(OSError):
                file.unlink()
            with self._lock:
                self.misses += 1
            return None
        audio = Audio(samples, rate, meta={"key": key, "cached": True})
        with self._lock:
            self.hits += 1
            self._remember(key, audio)
        return audio

    def _remember(self, key: str, audio: Audio) -> None:
        self._memory[key] = audio
        self._memory.move_to_end(key)
        while len(self._memory) > self._memory_size:
            self._memory.popitem(last=False)

    def put(self, key: str, audio: Audio, **info: Any) -> Path:
        """Store ``audio`` under ``key`` and append its index entry."""
        file = write_wav(self.path(key), audio.samples, audio.rate)
        entry = {
            "key": key,
            "file": file.relative_to(self.root).as_posix(),
            "engine": audio.engine,
            "voice": audio.voice,
            "rate": audio.rate,
            "duration": round(audio.duration, 3),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
            **info,
        }
        self.append_index([entry])
        with self._lock:
            self._remember(key, audio)
        return file

    def append_index(self, entries: list[dict[str, Any]]) -> None:
        data = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8")
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock:  # O_APPEND: whole lines from several processes do not interleave
            fd = os.open(self.root / INDEX, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def entries(self) -> dict[str, dict[str, Any]]:
        """Index entries by key (last one wins) whose audio file exists."""
        out: dict[str, dict[str, Any]] = {}
        try:
            text = (self.root / INDEX).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return out
        from simulator.voices.pack import entry_problem

        for raw in text.splitlines():
            try:
                entry = json.loads(raw)
            except (ValueError, RecursionError):
                continue  # a line cut short by an interruption
            if entry_problem(entry) is None:  # every field checked: a bad one never crashes a reader
                out[entry["key"]] = entry
        return {k: e for k, e in out.items() if self.path(k).is_file()}

    def compact(self) -> int:
        """Rewrite the index with one entry per existing file; returns the number kept."""
        entries = self.entries()
        text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries.values())
        with self._lock:
            atomic_write_text(self.root / INDEX, text)
        return len(entries)

    def heal(self) -> int:
        """Index every playable WAV of ``lines/`` that has no index entry (an interrupted render, a
        copied folder) and remove the unplayable ones, so that ``pack`` ships every line; returns
        the number of lines indexed."""
        from simulator.voices.pack import KEY, wav_problem

        known = self.entries()
        found: list[dict[str, Any]] = []
        for file in sorted((self.root / LINES).glob("*/*.wav")):
            key = file.stem
            if key in known or not KEY.match(key) or file.parent.name != key[:2] or file.is_symlink():
                continue
            if wav_problem(file) is not None:
                with contextlib.suppress(OSError):
                    file.unlink()
                continue
            try:
                samples, rate = read_wav(file)
            except HotlineError:
                continue
            found.append({"key": key, "file": f"{LINES}/{key[:2]}/{key}.wav", "engine": "?",
                          "rate": rate, "duration": round(len(samples) / rate, 3) if rate else 0.0})
        if found:
            self.append_index(found)
        return len(found)

    def summary(self) -> dict[str, dict[str, float]]:
        """Per engine: number of lines and seconds of audio."""
        out: dict[str, dict[str, float]] = {}
        for e in self.entries().values():
            row = out.setdefault(str(e.get("engine", "?")), {"lines": 0, "seconds": 0.0})
            row["lines"] += 1
            row["seconds"] += float(e.get("duration", 0.0))
        return out
