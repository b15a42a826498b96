"""Closing calls whose program died: on every start of the app and with ``hotline calls recover``.

A call is still ``open`` when its process was killed (kill -9, a closed terminal, a power cut).
Its journal holds every event up to the last fraction of a second before; :func:`recover` closes
it as **interrupted** with that record, grades it (an interrupted call is never a pass: see
``grading``) and chains it like any other call — it is listed, never silently gone.

A call is only taken over when its process is certainly gone: on this station, its pid no longer
runs; on another station (a centre's PostgreSQL), its heartbeat is older than :data:`STALE`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from simulator.records.reports import as_json, grade_record
from simulator.records.store import CallRow, Store, station_name

STALE = timedelta(seconds=30)  # another station's call with no heartbeat for this long is dead


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_dead(call: CallRow, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    try:
        silent = now - datetime.fromisoformat(call.alive_at or call.started_at)
    except ValueError:
        silent = STALE * 10
    if call.station == station_name():
        if call.pid == os.getpid():
            return False
        return not _pid_alive(call.pid) or silent > STALE * 10  # a reused pid: long silent
    return silent > STALE


def recover(store: Store, *, grade: bool = True) -> list[CallRow]:
    """Close every dead open call as interrupted; the calls closed."""
    out: list[CallRow] = []
    for call in store.open_calls():
        if not is_dead(call):
            continue
        record = store.journaled_record(call.id)
        record["interrupted"] = True
        report = grade_record(record)[0] if grade else None
        out.append(store.close_call(call.id, record, as_json(report), interrupted=True, note="recovered"))
    return out
