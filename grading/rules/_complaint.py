"""Where the complaint is made (shared by CMP rules)."""

from __future__ import annotations

from grading.model import Event
from grading.rules._scenario import after, spoken_length
from grading.rules.base import CallContext

# A caller turn shorter than this (喂？/ 你好) is not yet the complaint; an operator turn shorter
# than this (嗯 / 是 / 好的) is a back-channel, not yet the reply.
SUBSTANTIAL = 5


def complaint_turn(ctx: CallContext) -> Event | None:
    """The caller's first substantial turn: the complaint."""
    for e in ctx.caller_turns:
        if spoken_length(e) >= SUBSTANTIAL:
            return e
    return None


def complaint_replies(ctx: CallContext) -> list[Event]:
    """Operator turns from the complaint on (talking over it included)."""
    turn = complaint_turn(ctx)
    if turn is None:
        return []
    return after(ctx.operator_turns, turn.t)


def first_reply(ctx: CallContext) -> Event | None:
    """The operator's first substantial turn after the complaint began."""
    for e in complaint_replies(ctx):
        if spoken_length(e) >= SUBSTANTIAL:
            return e
    return None
