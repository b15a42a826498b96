"""Shared helpers of the scenario rules (SIL/MIS/CMP/HAR/DIA/PRV/TRF): the shape of a call.

Private module (the registry skips ``_*.py``). Everything here looks only at event order, time
and who speaks; phrases are recognised exclusively through ``CallContext.has`` (the one matcher
and the act library) or, for what the *caller* says, :func:`caller_cue` (the same matcher's
``score`` against a rule's cue list — the act library only describes operator acts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from grading.model import Event
from grading.rules.base import CallContext

# Acts that count as addressing the caller (招呼) on a silent line.
ADDRESS_ACTS = ("greet", "self_identify", "offer_help", "prompt_silent", "ask_repeat", "ask_speakerphone")
# Acts that calm a caller down: 先处理感情 (“您慢慢说” is the second half of “您别着急，慢慢说”).
FEELING_ACTS = ("apologise", "empathise", "soothe", "thank_feedback", "ask_slow")

QUOTE_MAX = 40
# A caller's turn with these acts closes the conversation (再见 / 谢谢 / 拜拜).
FAREWELL_ACTS = ("goodbye", "thanks")
# A caller's reply this short after the operator's goodbye (“行，挂了。”) ends the conversation too.
SHORT_REPLY = 6
# How well a caller cue must occur in a caller turn (0–100, matcher score).
CUE_THRESHOLD = 95.0


def quote(event: Event | None) -> str:
    """The operator's words for a finding's ``quote`` (shortened)."""
    if event is None:
        return ""
    text = event.text.strip()
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


_UNSPOKEN = re.compile(r"[\s\W_]+", re.UNICODE)


def spoken_length(event: Event) -> int:
    """Characters actually spoken (punctuation and spaces not counted)."""
    return len(_UNSPOKEN.sub("", event.text))


def says(ctx: CallContext) -> tuple[Event, ...]:
    return ctx.record.says()


def first_caller_turn(ctx: CallContext) -> Event | None:
    turns = ctx.caller_turns
    return turns[0] if turns else None


def operator_hangup(ctx: CallContext) -> Event | None:
    return ctx.record.first("hangup", "operator")


def call_end(ctx: CallContext) -> Event | None:
    """The first hangup or transfer: where the conversation stops."""
    for e in ctx.record.events:
        if e.type in ("hangup", "transfer"):
            return e
    return None


def before(turns: Iterable[Event], t: float) -> list[Event]:
    """The say events that start before ``t``."""
    return [e for e in turns if e.t < t]


def after(turns: Iterable[Event], t: float) -> list[Event]:
    """The say events that start at or after ``t``."""
    return [e for e in turns if e.t >= t]


def replies(ctx: CallContext) -> list[Event]:
    """Operator turns after the caller first spoke (the opening and silent prompts excluded)."""
    first = first_caller_turn(ctx)
    if first is None:
        return []
    return after(ctx.operator_turns, first.t)


def silent_phase(ctx: CallContext) -> tuple[list[Event], Event] | None:
    """(operator turns, the operator's hangup) when the operator hung up before the caller spoke.

    None when the caller said something first, hung up first, or the call has no operator hangup:
    then the silent-line procedure is not what decided how the call ended.
    """
    hangup = operator_hangup(ctx)
    if hangup is None:
        return None
    if any(e.t < hangup.t for e in ctx.caller_turns):
        return None
    caller_gone = ctx.record.first("hangup", "caller")
    if caller_gone is not None and caller_gone.t <= hangup.t:
        return None
    return before(ctx.operator_turns, hangup.t), hangup


def hung_up_on_caller(ctx: CallContext) -> tuple[Event, Event] | None:
    """(the caller's unanswered turn, the operator's hangup) when the operator cut the caller off.

    That is: the operator hung up before the caller, and the last thing said before the hangup
    was the caller's (or the caller was still speaking) — and it was not the end of a finished
    conversation: a caller's farewell (再见 / 谢谢), or a short reply (“行，挂了。”) to the
    operator's own goodbye. Hanging up right after a goodbye is a closing matter (用户挂机前主动挂机).
    """
    hangup = operator_hangup(ctx)
    if hangup is None:
        return None
    caller_gone = ctx.record.first("hangup", "caller")
    if caller_gone is not None and caller_gone.t <= hangup.t:
        return None
    spoken = before(says(ctx), hangup.t)
    if not spoken:
        return None
    last = max(spoken, key=lambda e: (e.stop, e.t))
    if last.who != "caller":
        return None
    if ctx.has(last, *FAREWELL_ACTS):
        return None
    said = [e for e in spoken if e.who == "operator" and e.t < last.t]
    if said and ctx.has(said[-1], "goodbye") and spoken_length(last) <= SHORT_REPLY:
        return None
    return last, hangup


def unheard_goodbye(ctx: CallContext, caller_turn: Event, hangup: Event) -> list[Event]:
    """The operator's turn whose goodbye would have excused a hang-up (:func:`hung_up_on_caller`),
    when the recogniser was unsure of it: the caller's last words were a short reply to it. Rules
    pass this to ``Rule.missing`` — the goodbye may have been said (a bad microphone must not fail
    the call)."""
    said = [e for e in before(says(ctx), hangup.t) if e.who == "operator" and e.t < caller_turn.t]
    if said and ctx.unclear(said[-1]) and spoken_length(caller_turn) <= SHORT_REPLY:
        return [said[-1]]
    return []


def caller_cue(ctx: CallContext, event: Event, cues: Sequence[str]) -> str | None:
    """The first of ``cues`` (caller phrases) the matcher finds in a caller turn, or None.

    Stricter than operator acts (:data:`CUE_THRESHOLD`): the caller's lines come from the
    scenario script, not from a recogniser, and a near miss (“我刚才打电话的时候” for
    “刚才打电话的人”) must not trigger a rule.
    """
    first = getattr(ctx.matcher, "first", None)
    if first is not None:  # the phrase matcher's batch form: the text's prefilter mask looked up once
        found: str | None = first(event.text, cues, CUE_THRESHOLD)
        return found
    for cue in cues:
        if ctx.matcher.score(event.text, cue, CUE_THRESHOLD) >= CUE_THRESHOLD:
            return cue
    return None


def first_with(ctx: CallContext, turns: Iterable[Event], *acts: str) -> Event | None:
    """The first operator turn among ``turns`` that contains any of ``acts``."""
    for e in turns:
        if ctx.has(e, *acts):
            return e
    return None
