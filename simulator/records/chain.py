"""The hash chain that makes a deleted, edited or inserted call or report visible.

Every closed call and every report is appended to the ``chain`` table in the same transaction
that stores it: ``hash = sha256(prev, kind, uid, digest, label, created_at)`` where ``digest``
is the SHA-256 of the row's canonical JSON (a call's digest covers its record, its score, its
people and the SHA-256 of each audio track) and ``label`` is a readable summary (when, scenario,
trainee, mode, score) kept so that a deleted call can still be named. Appends hold the chain
lock (SQLite's write lock; an advisory lock on PostgreSQL) and ``prev`` is unique, so two
stations finishing calls at the same moment take turns and never fork the chain.

:class:`Signer` is the pluggable part: the default signs nothing (a plain hash chain, which
detects edits and deletions by anyone who does not recompute the chain); an exam signs links
with a key only the trainer holds (:mod:`simulator.exams`), and ``verify`` checks those
signatures with the same signer.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

GENESIS = "0" * 64


class Signer(Protocol):
    """Signs chain links. ``name`` is stored with each link, so verify knows which signer made it."""

    name: str

    def sign(self, link_hash: str) -> str: ...

    def verify(self, link_hash: str, signature: str) -> bool: ...


class NoSigner:
    """The default: links are hashed, not signed."""

    name = ""

    def sign(self, link_hash: str) -> str:
        return ""

    def verify(self, link_hash: str, signature: str) -> bool:
        return signature == ""


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(obj: Any) -> str:
    return sha(canonical(obj))


def link_hash(prev: str, kind: str, uid: str, body_digest: str, label: str, created_at: str) -> str:
    return digest([prev, kind, uid, body_digest, label, created_at])


CALL_FIELDS = ("uid", "started_at", "ended_at", "station", "status", "scenario", "title", "trainee",
               "mode", "seed", "meta", "record", "score", "passed", "outcome", "interrupted", "audio")
REPORT_FIELDS = ("call_uid", "created_at", "kind", "note", "score", "passed", "body")


def call_digest(row: dict[str, Any]) -> str:
    return digest({k: row.get(k) for k in CALL_FIELDS})


def report_digest(row: dict[str, Any]) -> str:
    return digest({k: row.get(k) for k in REPORT_FIELDS})
