"""A running call's journal: what the call runtime hands the store while the call happens.

The live call calls three methods, from any thread, and never waits for the disk:

* :meth:`Journal.sync` with the record so far (``engine.record()``) after every step: the events
  that are new or changed since the last sync (a turn retimed after a barge-in is rewritten in
  place) and the record's other fields (path, outcome, moods) are queued;
* :meth:`Journal.audio` with each chunk of PCM (16-bit mono) per track (``caller``, ``operator``),
  or :meth:`Journal.watch` a WAV file the audio side is writing: each flush stores what was added
  to it since the last one (the recorder needs no hook);
* :meth:`Journal.finish` once, with the final record and its grade (graded here when not given).

A writer thread commits what is queued every :data:`FLUSH_INTERVAL` seconds (0.2 s) in one
transaction, which is also the call's heartbeat (``alive_at``), so a kill -9, a closed terminal or a
power cut loses at most the last fraction of a second; :func:`simulator.records.recover.recover`
closes such a call as interrupted on the next start. A write that fails (disk full) keeps its batch
queued and is retried; :attr:`Journal.error` says why, for the screen.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.records.errors import StoreError

if TYPE_CHECKING:
    from simulator.records.store import CallRow, Store

WAV_HEADER = 44  # a PCM WAV as the wave module writes it: the samples start here
FLUSH_INTERVAL = 0.2  # seconds between commits while a call runs
HEARTBEAT = 2.0  # seconds between heartbeats when nothing else is written


class Journal:
    def __init__(self, store: Store, call_id: int, uid: str, *, flush_interval: float | None = None) -> None:
        self.store = store
        self.call_id = call_id
        self.uid = uid
        self.interval = FLUSH_INTERVAL if flush_interval is None else flush_interval
        self.error: StoreError | None = None
        self.closed = False
        self._lock = threading.Lock()
        self._written: list[Any] = []  # the events as last queued, by index
        self._head: dict[str, Any] | None = None
        self._events: dict[int, dict[str, Any]] = {}
        self._audio: list[tuple[str, int, int, bytes]] = []
        self._audio_seq: dict[str, int] = {}
        self._new_head: dict[str, Any] | None = None
        self._watched: dict[str, tuple[Path, int]] = {}  # track -> (WAV being written, bytes taken)
        self._flush_lock = threading.Lock()  # the writer thread and an explicit flush take turns
        self._wake = threading.Event()
        self._stop = False
        self._last_write = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"journal-{call_id}", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ what the call hands in

    def sync(self, record: dict[str, Any]) -> None:
        """Queue the events of ``record`` that changed since the last sync, and its other fields."""
        events = record.get("events") or []
        head = {k: v for k, v in record.items() if k != "events"}
        with self._lock:
            for i, event in enumerate(events):
                if i >= len(self._written) or self._written[i] != event:
                    snapshot = dict(event)
                    self._events[i] = snapshot
                    if i < len(self._written):
                        self._written[i] = snapshot
                    else:
                        self._written.append(snapshot)
            if head != self._head:
                self._head = head
                self._new_head = dict(head)
        if self.interval == 0:
            self._wake.set()

    def audio(self, track: str, pcm: bytes, rate: int) -> None:
        """Queue a chunk of a track's audio (PCM 16-bit mono at ``rate``)."""
        if not pcm:
            return
        with self._lock:
            if self._audio and self._audio[-1][0] == track and self._audio[-1][2] == rate:
                t, seq, r, data = self._audio[-1]
                self._audio[-1] = (t, seq, r, data + bytes(pcm))
            else:
                seq = self._audio_seq.get(track, 0)
                self._audio_seq[track] = seq + 1
                self._audio.append((track, seq, rate, bytes(pcm)))

    def watch(self, track: str, wav: Path) -> None:
        """Store the audio a recorder is writing to ``wav`` (16-bit mono PCM WAV) as it grows."""
        with self._lock:
            self._watched[track] = (Path(wav), 0)

    def _take_watched(self) -> None:
        for track, (path, taken) in list(self._watched.items()):
            try:
                with path.open("rb") as fh:
                    head = fh.read(WAV_HEADER)
                    if len(head) < WAV_HEADER or head[:4] != b"RIFF" or head[36:40] != b"data":
                        continue
                    rate = int.from_bytes(head[24:28], "little")
                    fh.seek(WAV_HEADER + taken)
                    data = fh.read()
            except OSError:
                continue
            data = data[: len(data) - len(data) % 2]
            if data:
                self._watched[track] = (path, taken + len(data))
                self.audio(track, data, rate)

    def flush(self) -> None:
        """Write what is queued now (in the caller's thread); raises StoreError if it cannot."""
        with self._flush_lock:
            self._flush()

    def _flush(self) -> None:
        self._take_watched()
        with self._lock:
            events = sorted(self._events.items())
            head, audio = self._new_head, list(self._audio)
            self._events, self._new_head, self._audio = {}, None, []
        if not events and head is None and not audio and time.monotonic() - self._last_write < HEARTBEAT:
            return
        try:
            self.store.journal_write(self.call_id, events, head, audio)
        except StoreError as exc:
            with self._lock:  # keep the batch for the next try; newer items win
                for idx, ev in events:
                    self._events.setdefault(idx, ev)
                if self._new_head is None:
                    self._new_head = head
                self._audio[:0] = audio
            self.error = exc
            raise
        self.error = None
        self._last_write = time.monotonic()

    def _run(self) -> None:
        while not self._stop:
            self._wake.wait(self.interval or 0.05)
            self._wake.clear()
            if self._stop:
                break
            with contextlib.suppress(StoreError):
                self.flush()

    def _halt(self) -> None:
        self._stop = True
        self._wake.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(5.0)

    # ------------------------------------------------------------------ the end

    def finish(self, record: dict[str, Any], report: Any = None, *, interrupted: bool = False,
               grade: bool = True) -> tuple[CallRow, Any]:
        """Close the call with its final record: ``(the stored call, the report)``. ``report``: a
        :class:`grading.model.Report`, or its JSON dict, or None to grade it here (``grade``)."""
        from simulator.records.reports import as_json, grade_record

        self.sync(record)
        self._halt()
        self.flush()
        if report is None and grade:
            report, _ = grade_record({**record, "interrupted": True} if interrupted else record)
        row = self.store.close_call(self.call_id, record, as_json(report), interrupted=interrupted)
        self.closed = True
        return row, report

    def abandon(self) -> None:
        """Stop writing without closing (the call stays open: recover closes it as interrupted)."""
        self._halt()
        with contextlib.suppress(StoreError):
            self.flush()
