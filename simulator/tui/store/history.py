"""The history of calls: one folder per call plus a sealed index, in the user data folder.

``calls/<date-time>-<scenario>/`` holds ``record.json`` (``hotline-call/1``), ``report.json``
(:mod:`simulator.tui.store.reports`) and the call's audio (``caller.wav``, ``operator.wav``) when
there was some. ``calls/index.jsonl`` has one line per call: when, who, scenario, mode, score,
result, the SHA-256 of every file in the folder, ``prev`` (the previous line's ``mac``) and
``mac`` = HMAC-SHA256 over the line's other fields with the key in ``history.key`` (created
once, mode 0600; ``HOTLINE_HISTORY_KEY`` overrides it, e.g. a key only the trainer knows).

:meth:`History.entries` checks everything and sets :attr:`Entry.problem` when a file was changed
or removed, a line of the index was edited, or a line was removed or inserted (the chain of
``prev`` breaks). Exam results therefore cannot be quietly edited: anyone without the key who
changes a score, a record or a report is flagged on the history screen.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.paths import calls_dir, user_data_dir

INDEX = "index.jsonl"
KEY_FILE = "history.key"
GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    id: str  # the folder name
    when: str  # ISO time
    scenario: str
    title: str
    trainee: str
    mode: str
    score: int | None
    passed: bool | None
    outcome: str | None
    interrupted: bool = False
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256
    problem: str = ""  # set by History.entries() when verification fails

    def fields(self) -> dict[str, Any]:
        return {"id": self.id, "when": self.when, "scenario": self.scenario, "title": self.title,
                "trainee": self.trainee, "mode": self.mode, "score": self.score, "passed": self.passed,
                "outcome": self.outcome, "interrupted": self.interrupted, "files": dict(self.files)}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def history_key() -> bytes:
    if env := os.environ.get("HOTLINE_HISTORY_KEY"):
        return env.encode()
    path = user_data_dir() / KEY_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def _entry(line: dict[str, Any]) -> Entry:
    """An index line as an Entry, whatever was written there (verification says if it is bad)."""
    def text(key: str) -> str:
        value = line.get(key)
        return value if isinstance(value, str) else ""

    score, passed, files = line.get("score"), line.get("passed"), line.get("files")
    return Entry(
        id=text("id") or "?", when=text("when"), scenario=text("scenario"), title=text("title"),
        trainee=text("trainee"), mode=text("mode"),
        score=score if isinstance(score, int) and not isinstance(score, bool) else None,
        passed=passed if isinstance(passed, bool) else None,
        outcome=line.get("outcome") if isinstance(line.get("outcome"), str) else None,
        interrupted=line.get("interrupted") is True,
        files={str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
    )


class History:
    def __init__(self, root: Path | None = None, key: bytes | None = None) -> None:
        self.root = root or calls_dir()
        self._key = key

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = history_key()
        return self._key

    def _mac(self, body: dict[str, Any]) -> str:
        return hmac.new(self.key, _canonical(body), hashlib.sha256).hexdigest()

    def new_folder(self, scenario: str) -> Path:
        """A fresh folder for a call about to start (audio is written into it while it runs)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = self.root / f"{stamp}-{scenario}"
        path, n = base, 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}")
        path.mkdir(parents=True)
        return path

    def seal(self, folder: Path, entry: Entry, only: list[str] | None = None) -> Entry:
        """Digest the files of ``folder`` (all, or ``only`` these) and append the entry to the
        chained index."""
        files = {p.name: _digest(p) for p in sorted(folder.iterdir())
                 if p.is_file() and not p.name.startswith(".") and (only is None or p.name in only)}
        fields_ = {**entry.fields(), "id": folder.name, "files": files}
        lines = self._lines()
        prev = lines[-1].get("mac", GENESIS) if lines else GENESIS
        body = {**fields_, "prev": prev}
        line = {**body, "mac": self._mac(body)}
        with (self.root / INDEX).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return Entry(**{**fields_, "problem": ""})

    def _lines(self) -> list[dict[str, Any]]:
        try:
            text = (self.root / INDEX).read_text(encoding="utf-8")
        except OSError:
            return []
        out: list[dict[str, Any]] = []
        for raw in text.splitlines():
            try:
                obj = json.loads(raw)
            except ValueError:
                obj = {"_broken": raw}
            out.append(obj if isinstance(obj, dict) else {"_broken": raw})
        return out

    def entries(self) -> list[Entry]:
        """Every call, newest first, each verified."""
        out: list[Entry] = []
        prev = GENESIS
        for line in self._lines():
            out.append(self._verify(line, prev))
            prev = str(line.get("mac", ""))
        return out[::-1]

    def _verify(self, line: dict[str, Any], prev: str) -> Entry:
        entry = _entry(line)
        body = {k: v for k, v in line.items() if k != "mac"}
        problem = ""
        if "_broken" in line or not hmac.compare_digest(self._mac(body), str(line.get("mac", ""))):
            problem = "索引条目被改动"
        elif line.get("prev") != prev:
            problem = "前面的记录被删除或插入"
        else:
            problem = self._check_files(entry)
        return Entry(**{**entry.fields(), "problem": problem})

    def _check_files(self, entry: Entry) -> str:
        folder = self.root / entry.id
        for name, digest in entry.files.items():
            path = folder / name
            if not path.is_file():
                return f"{name} 已被删除"
            if _digest(path) != digest:
                return f"{name} 被改动过"
        return ""

    def folder(self, entry: Entry) -> Path:
        return self.root / entry.id
