"""The turn where the operator tells a misrouted caller they have the wrong line (shared by MIS rules)."""

from __future__ import annotations

from grading.model import Event
from grading.rules._scenario import replies
from grading.rules.base import CallContext

# Saying which line this is, pointing elsewhere, or offering a transfer: the redirect.
REDIRECT_ACTS = ("state_line", "self_identify", "refer", "offer_transfer")


def redirect_window(ctx: CallContext) -> tuple[list[Event], Event | None]:
    """(operator replies up to and including the first redirect turn, that turn or None)."""
    turns = replies(ctx)
    for i, e in enumerate(turns):
        if ctx.has(e, *REDIRECT_ACTS):
            return turns[: i + 1], e
    return turns, None
