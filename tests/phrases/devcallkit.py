"""Helpers of the phrase-matcher tests over the dev calls (a unique module name: every test folder
has a ``conftest``, so importing helpers from one depends on collection order)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from simulator.phrases import MatchContext, PhraseMatcher

REPO = Path(__file__).resolve().parents[2]
DEV_CALLS = REPO.parent / "shared" / "dev-calls"


def dev_calls() -> Iterator[tuple[str, dict[str, Any]]]:
    """(file name, record) of every dev call; nothing when the shared folder is absent."""
    if not DEV_CALLS.is_dir():
        return
    for path in sorted(DEV_CALLS.glob("0*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8"))


def operator_turns(record: dict[str, Any]) -> list[str]:
    return [e["text"] for e in record["events"] if e["type"] == "say" and e.get("who") == "operator"]


def context_of(record: dict[str, Any]) -> MatchContext:
    hotline = record["hotline"]
    return MatchContext(hotline_names=(hotline["name"], *hotline.get("aliases", ())))


def acts_of(matcher: PhraseMatcher, text: str, ctx: MatchContext) -> set[tuple[str, str | None]]:
    return {(h.act, h.entry) for h in matcher.detect(text, ctx)}
