"""The one records store: every call, practice or exam, journaled as it happens.

Headless (no UI, audio or speech library). SQLite by default (``records.db`` in the user data
folder: WAL, foreign keys, ``synchronous=FULL``); PostgreSQL when ``HOTLINE_DB=postgresql://…``
(a training centre: many stations, one store). One schema with numbered migrations applied on open
(:mod:`.schema`); the same tests run against both.

API (what the app, the CLI and :mod:`simulator.exams` code against)::

    from simulator.records import open_store

    store = open_store()                      # HOTLINE_DB, else records.db in the user data folder
    store = open_store("postgresql://u@h/db") # or "sqlite:///path/records.db", or a file path
    store.signer = my_signer                  # optional: signs chain links (see chain.Signer)

    # a call, from the first ring to its grade
    journal = store.begin(scenario="silent-caller", title="无声来电", trainee="张三", mode="exam",
                          seed=7, meta={"sitting": "2026-12-A", "candidate": "张三", "attempt": 1})
    journal.sync(engine.record())             # after every step: new/changed events are journaled
                                              # (CallSession(journal=journal) and Runner(journal=…) do it)
    journal.audio("operator", pcm16_bytes, 16000)   # each audio chunk, per track
    row, report = journal.finish(record)      # closes, grades (or pass report=), chains — once
    row, report = journal.finish(record, interrupted=True)  # quit / fault / signal mid-call

    # reading
    store.calls(trainee=None, exam=None, since=None, status=None, limit=None) -> list[CallRow]
    store.call(id_or_uid) -> CallRow           # id: the number shown by `hotline calls list`
    store.record(id) -> dict                   # the hotline-call/1 record (journal so far if open)
    store.reports(id) -> list[ReportRow]       # every grade, oldest first: grade, regrade, override
    store.report(id, latest=False) -> ReportRow | None   # .body is the report JSON (reports.report_from_json)
    store.audio_tracks(id) / store.audio(id, track) -> (rate, pcm16 bytes)

    # appending (never replacing)
    store.add_report(id, report_json, kind="override", note="申诉：……")   # chained like the rest

    # checking and repair
    store.verify() -> list[Problem]            # empty when nothing was edited, deleted or inserted
    recover.recover(store) -> list[CallRow]    # dead open calls closed as interrupted and graded

``CallRow`` fields: id, uid, started_at/ended_at (UTC ISO), station, pid, status (open | finished |
interrupted), scenario, title, trainee, mode (practice | exam), seed, meta (dict), score, passed,
outcome, interrupted. ``CallRow.meta`` is where an exam keeps its sitting, candidate and attempt.

Integrity: every closed call and every report is a link of one hash chain (:mod:`.chain`),
appended under a lock in the same transaction as the row, so concurrent stations never fork it;
:mod:`.verify` names each deleted, edited or inserted call. Writes are transactions; driver errors
(disk full, read-only folder, no server) are :class:`StoreError` with a message and a hint.

Modules: :mod:`.store` (Store, CallRow), :mod:`.journal`, :mod:`.db` (the two backends),
:mod:`.schema`, :mod:`.chain`, :mod:`.verify`, :mod:`.recover`, :mod:`.export`, :mod:`.regrade`,
:mod:`.legacy` (the old ``calls/`` folders), :mod:`.reports` (report JSON), :mod:`.text` (wording).
"""

from __future__ import annotations

from simulator.records.chain import NoSigner, Signer
from simulator.records.errors import StoreError
from simulator.records.journal import Journal
from simulator.records.store import CallRow, ReportRow, Store, open_store
from simulator.records.verify import Problem

__all__ = ["CallRow", "Journal", "NoSigner", "Problem", "ReportRow", "Signer", "Store", "StoreError",
           "open_store"]
