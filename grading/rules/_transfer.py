"""Transfers and what led up to them (shared by TRF rules).

The transfer rules apply to *every* call that has a transfer event, whatever the scenario's
``grading:`` families: 001 转接礼仪 is about transferring as such, not about one kind of caller.
"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event
from grading.rules._scenario import before, replies
from grading.rules.base import CallContext


def transfers(ctx: CallContext) -> Iterator[tuple[Event, list[Event]]]:
    """(transfer event, the operator's turns since the previous transfer and after the caller first spoke)."""
    since = float("-inf")
    turns = replies(ctx)
    for e in ctx.record.events:
        if e.type != "transfer":
            continue
        yield e, [o for o in before(turns, e.t) if o.t > since]
        since = e.t


def offers(ctx: CallContext, turns: list[Event]) -> list[Event]:
    """The turns that announce / offer the transfer."""
    return [e for e in turns if ctx.has(e, "offer_transfer")]
