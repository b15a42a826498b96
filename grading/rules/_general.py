"""Shared helpers of the general rules (OPN/CLS/FRB/CRT/TIM/INT/PAC/HLD): the shape of a call.

Private module (the registry skips ``_*.py``). It looks at event order, time and who speaks;
the operator's phrases are recognised only through ``CallContext.has`` / ``CallContext.hits``
(the one matcher and the act library). The few things the act library cannot describe — how many
characters a turn has, which characters are backchannels or verbal tics — work on the matcher's
own normalised text (:func:`simulator.phrases.normalise`), so Traditional characters, spaces and
punctuation from the recogniser do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from grading.model import Event
from grading.rules.base import CallContext

QUOTE_MAX = 40

# Acts that tell the caller a wait is coming (请稍等 / 转接 / 我正在为您查询).
ANNOUNCE_ACTS = ("announce_lookup", "still_looking", "offer_transfer")
# The prescribed last lines after which the operator hangs up first (002 附件2 2(4), 3(3)).
END_LINE_ACTS = ("silent_notice", "harassment_line")
# Acts of a proper goodbye (004 六 3.7: 以“再见”或“谢谢”为结束语).
FAREWELL_ACTS = ("thanks", "goodbye")


def quote(event: Event | None) -> str:
    """The operator's words for a finding's ``quote`` (shortened)."""
    if event is None:
        return ""
    text = event.text.strip()
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The matcher's normalised form: Simplified, no punctuation/spaces, digits as 一二三.
    (Memoised: rules normalise the same turns and word lists again and again.)"""
    from simulator.phrases import normalise

    return normalise(text)


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_LETTER = re.compile(r"[a-z]")
_LATIN_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


_NO_LATIN: set[str] = set()  # characters whose compatibility decomposition has no ASCII letter


@lru_cache(maxsize=1 << 16)
def latin_words(text: str) -> int:
    """Words in Latin letters (App, Hello) in the text as written (normalising joins them)."""
    if _NO_LATIN.issuperset(text):
        # NFKC only composes after decomposing each character, and no composition is an ASCII
        # letter: without a letter in any character's decomposition there is no word (most
        # turns, and no NFKC of the whole turn)
        return 0
    if len(_NO_LATIN) < 1 << 16:
        _NO_LATIN.update(
            ch for ch in set(text) if _LATIN_LETTERS.isdisjoint(unicodedata.normalize("NFKD", ch)))
    return len(_LATIN_WORD.findall(unicodedata.normalize("NFKC", text)))


def spoken_chars(text: str) -> int:
    """Characters the operator pronounced: Chinese characters and digits count one each, a word in
    Latin letters (App) counts one; punctuation and spaces none."""
    return len(_LATIN_LETTER.sub("", norm(text))) + latin_words(text)


def is_anything_else(ctx: CallContext, event: Event) -> bool:
    """“请问还有什么可以帮您” in a turn after the opening. The opening's “请问有什么可以帮您”
    (offer_help) differs by one character, so turns of the opening never count. (Recogniser
    homophones on 还 — 请闻孩有什么可以帮您 — are the matcher's business: a longer phrase is
    never explained away by a shorter one inside it.)"""
    cached: tuple[Event, ...] | None = ctx.__dict__.get("_opening_turns")
    opening = cached if cached is not None else opening_turns(ctx)
    if any(e.index == event.index for e in opening):
        return False
    return ctx.has(event, "anything_else") is not None


@dataclass(frozen=True, slots=True)
class Ending:
    """How the conversation stopped."""

    kind: str  # "caller_hangup" | "operator_hangup" | "transfer" | "open" (record just stops)
    event: Event | None  # the first hangup or transfer
    operator_hangup: Event | None
    caller_hangup: Event | None

    @property
    def t(self) -> float | None:
        return self.event.t if self.event is not None else None


def ending(ctx: CallContext) -> Ending:
    """How the call stopped (worked out once per call: several rules ask)."""
    cached: Ending | None = ctx.__dict__.get("_ending")
    if cached is None:
        cached = ctx.__dict__["_ending"] = _ending(ctx)
    return cached


def _ending(ctx: CallContext) -> Ending:
    first: Event | None = None
    for e in ctx.record.events:
        if e.type in ("hangup", "transfer"):
            first = e
            break
    op = ctx.record.first("hangup", "operator")
    caller = ctx.record.first("hangup", "caller")
    if first is None:
        kind = "open"
    elif first.type == "transfer":
        kind = "transfer"
    elif first.who == "operator":
        kind = "operator_hangup"
    else:
        kind = "caller_hangup"
    return Ending(kind=kind, event=first, operator_hangup=op, caller_hangup=caller)


def turns_before(turns: Iterable[Event], t: float) -> list[Event]:
    """Say events that start before ``t``."""
    return [e for e in turns if e.t < t]


def last_operator_turn(ctx: CallContext, before: float | None = None) -> Event | None:
    turns = ctx.operator_turns if before is None else turns_before(ctx.operator_turns, before)
    return turns[-1] if turns else None


END_LINE_FAMILIES = ("silent", "harassment")


def may_end_with_line(ctx: CallContext, end: Ending) -> bool:
    """A call the operator may end after the prescribed line: a silent line or a harassing call
    (scenario families silent / harassment, or a caller who never said a word)."""
    if end.t is None:
        return False
    caller_spoke = any(c.t < end.t for c in ctx.caller_turns)
    return not caller_spoke or any(f in ctx.families for f in END_LINE_FAMILIES)


def prescribed_end(ctx: CallContext, end: Ending) -> bool:
    """The operator ended the call the way the standard prescribes (:func:`may_end_with_line`),
    with the prescribed line — the silent-line notice or the harassment line — in one of the last
    two turns before the call stopped (a short 再见 may follow the line)."""
    if end.t is None or not may_end_with_line(ctx, end):
        return False
    last_two = turns_before(ctx.operator_turns, end.t + 1e-6)[-2:]
    return any(ctx.has(e, *END_LINE_ACTS) is not None for e in last_two)


@dataclass(frozen=True, slots=True)
class HoldSpan:
    """The caller on hold: from a hold event to its unhold (or to whatever ends the call)."""

    hold: Event
    end: float
    unhold: Event | None

    @property
    def seconds(self) -> float:
        return self.end - self.hold.t


def hold_spans(ctx: CallContext) -> list[HoldSpan]:
    """The call's holds, in time order (worked out once per call: several rules ask)."""
    cached: tuple[HoldSpan, ...] | None = ctx.__dict__.get("_hold_spans")
    if cached is None:
        cached = ctx.__dict__["_hold_spans"] = tuple(_hold_spans(ctx))
    return list(cached)


def _hold_spans(ctx: CallContext) -> list[HoldSpan]:
    events = ctx.record.events
    spans: list[HoldSpan] = []
    for i, e in enumerate(events):
        if e.type != "hold":
            continue
        end_at: float | None = None
        unhold: Event | None = None
        for later in events[i + 1:]:
            if later.type == "unhold":
                end_at, unhold = later.t, later
                break
            if later.type in ("hangup", "transfer", "hold"):
                end_at = later.t
                break
        if end_at is None:
            end_at = max((x.stop for x in events), default=e.t)
        spans.append(HoldSpan(hold=e, end=end_at, unhold=unhold))
    return spans


def on_hold(spans: Sequence[HoldSpan], t: float) -> bool:
    # Spans are in time order and do not overlap (one ends at the next hold at the latest): the
    # last one begun at or before ``t`` is the only candidate — a bisection, not a scan per call.
    i = bisect_right(spans, t, key=lambda s: s.hold.t)
    return i > 0 and t < spans[i - 1].end


# Backchannels (002 附件2 1(4): 回应语言“嗯”“我理解”“喔”“是这样”“我明白”; 001 聆听(三)“嗯”“是”).
BACKCHANNELS = ("我明白", "我理解", "是这样", "明白", "理解", "了解", "好的", "是的", "对的",
                "对对", "好", "是", "对", "行", "嗯", "哦", "喔", "噢", "啊", "哎", "诶", "呃")


def substantive_chars(text: str) -> int:
    """Characters left once backchannel words are peeled off both ends (嗯嗯，好的 → 0;
    好的，这个情况我马上给您登记 → 11). Words inside the sentence are not touched."""
    n = norm(text)
    changed = True
    while n and changed:
        changed = False
        for word in BACKCHANNELS:
            if n.startswith(word):
                n, changed = n[len(word):], True
            if n.endswith(word):
                n, changed = n[: -len(word)], True
    return len(n)


OPENING_GAP = 2.0  # a pause of at most this many seconds keeps the operator's opening one turn


def opening_turns(ctx: CallContext) -> list[Event]:
    """The operator's first turn, plus any turns the recogniser split it into: operator turns
    that follow it within :data:`OPENING_GAP` seconds before the caller says anything. (Worked
    out once per call: several rules, and :func:`is_anything_else` for every turn, ask.)"""
    cached: tuple[Event, ...] | None = ctx.__dict__.get("_opening_turns")
    if cached is None:
        cached = ctx.__dict__["_opening_turns"] = tuple(_opening_turns(ctx))
    return list(cached)


def _opening_turns(ctx: CallContext) -> list[Event]:
    turns = ctx.operator_turns
    if not turns:
        return []
    out = [turns[0]]
    for e in turns[1:]:
        if e.t - out[-1].stop > OPENING_GAP:
            break
        if any(c.t < e.t and c.stop > out[0].t for c in ctx.caller_turns):
            break
        out.append(e)
    return out


def any_has(ctx: CallContext, events: Iterable[Event], *acts: str) -> Event | None:
    """The first of ``events`` in which any of ``acts`` is found."""
    for e in events:
        if ctx.has(e, *acts) is not None:
            return e
    return None


def joined_quote(events: Sequence[Event]) -> str:
    text = "".join(e.text.strip() for e in events)
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def profile_number(ctx: CallContext, names: Sequence[str], default: float) -> float:
    """A number from the hotline profile (first attribute of ``names`` that is set)."""
    for name in names:
        value = getattr(ctx.profile, name, None)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return default


def announce_window(ctx: CallContext, at: float, since: float) -> tuple[list[Event], bool]:
    """The operator turns that could announce a wait starting at ``at``: the operator's last turn
    before it and the turns contiguous with that one (no caller turn in between), none earlier
    than ``since``. Also whether the caller spoke after the last of them (the operator then went
    quiet after the caller's line)."""
    # Same answer as scanning every turn, by bisection over the turns in time order: one scan per
    # hold made grading quadratic in a call with many holds (20,000 turns: 20 s in this function).
    tt = turn_times(ctx)
    lo, hi = bisect_left(tt.op_starts, since), bisect_left(tt.op_starts, at)
    if lo >= hi:
        return [], tt.caller_between(since, at)
    last = tt.ops[hi - 1]
    stops = bisect_right(tt.caller_stops, last.t)  # caller turns over by the time ``last`` began
    start = max(since, tt.caller_stops[stops - 1]) if stops else since
    window = tt.ops[bisect_left(tt.op_starts, start, lo, hi):hi]
    return window, tt.caller_between(last.stop, at)


def operator_turns_between(ctx: CallContext, lo: float, hi: float) -> list[Event]:
    """The operator turns beginning strictly between ``lo`` and ``hi``, in time order (bisected)."""
    tt = turn_times(ctx)
    return tt.ops[bisect_right(tt.op_starts, lo):bisect_left(tt.op_starts, hi)]


def next_event(ctx: CallContext, since: float, types: tuple[str, ...],
               caller_say: bool = False) -> Event | None:
    """The first event at or after ``since`` of one of ``types`` (and, if asked, a caller turn),
    found from a bisection of the event times instead of a scan from the ring."""
    tt = turn_times(ctx)
    events = ctx.record.events
    for i in range(bisect_left(tt.event_times, since), len(events)):
        e = events[i]
        if e.type in types and not (e.type == "say" and caller_say):
            return e
        if caller_say and e.type == "say" and e.who == "caller":
            return e
    return None


def turn_times(ctx: CallContext) -> _TurnTimes:
    """The call's turns sorted for bisection, built once per call."""
    return _TurnTimes.of(ctx)


class _TurnTimes:
    """The operator and caller turns of one call sorted for bisection (built once per call)."""

    def __init__(self, ctx: CallContext) -> None:
        self.ops = sorted(ctx.operator_turns, key=lambda e: e.t)
        self.op_starts = [e.t for e in self.ops]
        self.caller_starts = sorted(c.t for c in ctx.caller_turns)
        self.caller_stops = sorted(c.stop for c in ctx.caller_turns)
        self.event_times = [e.t for e in ctx.record.events]  # in time order (checked when parsed)

    @staticmethod
    def of(ctx: CallContext) -> _TurnTimes:
        cached: _TurnTimes | None = ctx.__dict__.get("_turn_times")
        if cached is None:
            cached = ctx.__dict__["_turn_times"] = _TurnTimes(ctx)
        return cached

    def operator_between(self, lo: float, hi: float) -> bool:
        """An operator turn begins in ``[lo, hi)``."""
        return bisect_left(self.op_starts, lo) < bisect_left(self.op_starts, hi)

    def caller_between(self, lo: float, hi: float) -> bool:
        """A caller turn begins in ``[lo, hi)``."""
        return bisect_left(self.caller_starts, lo) < bisect_left(self.caller_starts, hi)
