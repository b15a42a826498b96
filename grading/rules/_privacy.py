"""Where a caller asks for other callers' information (shared by PRV rules)."""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event
from grading.rules._scenario import after, caller_cue, spoken_length
from grading.rules.base import CallContext

# What a caller says when asking about another caller (002 附件2 2(3) 询问其他来电者的电话信息).
ASKS_ABOUT_OTHERS = (
    "刚才打电话的人", "刚才打来的人", "刚才打来电话的人", "之前打电话的人", "上一个打电话的人",
    "谁打过电话", "是谁打的电话", "谁打来的电话", "其他来电者", "别的来电者",
    "那个人的电话", "那个人的手机号", "那个人的联系方式", "他的电话号码", "她的电话号码",
    "他的手机号", "她的手机号", "投诉人的电话", "投诉人的手机号", "投诉人是谁", "举报人的电话",
    "他的联系方式", "她的联系方式", "他家住在哪", "她家住在哪",
    "谁举报的", "谁举报我", "举报人是谁", "举报我的人", "谁投诉的", "谁投诉我", "投诉我的人",
)

# In a privacy scenario, the caller's first turn at least this long is the request.
SUBSTANTIAL = 5


def requests(ctx: CallContext) -> Iterator[tuple[Event, list[Event]]]:
    """(caller turn asking about another caller, the operator's answer before the caller speaks again).

    In a scenario of the ``privacy`` family the caller is there to ask exactly that, so when no
    cue is recognised their first substantial turn is taken as the request.
    """
    cached: tuple[tuple[Event, tuple[Event, ...]], ...] | None = ctx.__dict__.get("_privacy_requests")
    if cached is None:  # once per call: PRV001 and PRV002 both ask
        cached = ctx.__dict__["_privacy_requests"] = tuple(
            (turn, tuple(answer)) for turn, answer in _requests(ctx))
    for turn, answer in cached:
        yield turn, list(answer)


def _requests(ctx: CallContext) -> Iterator[tuple[Event, list[Event]]]:
    callers = ctx.caller_turns
    asking = [i for i, turn in enumerate(callers) if caller_cue(ctx, turn, ASKS_ABOUT_OTHERS) is not None]
    if not asking and "privacy" in ctx.families:
        asking = [i for i, turn in enumerate(callers) if spoken_length(turn) >= SUBSTANTIAL][:1]
    for i in asking:
        turn = callers[i]
        nxt = callers[i + 1].t if i + 1 < len(callers) else float("inf")
        yield turn, [e for e in after(ctx.operator_turns, turn.t) if e.t < nxt]
