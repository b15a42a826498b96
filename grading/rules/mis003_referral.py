"""MIS003 转接错误的来电：没有指引正确的部门或电话。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._content import (
    digits,
    directory,
    entry_of,
    names_department,
    numbers,
    phone_key,
    phone_said,
    wanted_entry,
)
from grading.rules._scenario import quote, replies
from grading.rules.base import CallContext, Rule


class MisrouteReferral(Rule):
    """转接错误的来电：没有告诉来电者该找哪个部门、拨打什么电话。

    检查什么
        来电者开口后，话务员指引对方：“请致电×××部门，电话×××”（部门和电话都要说），
        或征得同意后把电话转接过去（通话里有转接事件）。只说部门不说电话是严重问题；只报一个号码、
        不说是哪个部门，来电者仍能打通，记轻微问题；电话要是通讯录里管这件事的那一个。

    为什么
        000 服务应答规范 2：“……您咨询的问题，请致电×××部门电话：×××转×××查询即可”；
        001 用语示例 问候(二)：“您咨询的问题请致电×××部门查询即可或您咨询的问题请重新拨打96128转接”；
        002 第二十九条：“对不属咨询范围的，应告知正确的咨询途径。”

    正确示例
        对不起，这里是96128政务信息查询专线，火车票退票请您拨打12306铁路客服电话。

    错误示例
        对不起，这里是12320卫生热线，这个问题我们这里解答不了。（没有告诉对方该找谁）
    """

    code = "MIS003"
    name = "referral"
    title = "转接错误的来电：没有指引正确途径"
    category = "misroute"
    severity = "major"
    clause = "000-yingda-2"
    families = ("misroute",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        turns = replies(ctx)
        if not turns or ctx.record.first("transfer") is not None:
            return
        own = {n for name in ctx.match_context.hotline_names for n in numbers(name)}
        said = [(e, n) for e, n in phone_said(ctx, turns) if n not in own]
        referral = [e for e in turns if ctx.has(e, "refer")]
        if not referral and not said:
            yield self.missing(
                ctx, turns, t=turns[0].t, quote=quote(turns[0]),
                message="来电者打错（转错）了热线，话务员没有告诉对方该找哪个部门、拨打什么电话",
                tip="告知正确途径：“您咨询的问题请致电×××，电话×××”，说出部门名称和电话号码",
            )
            return
        first = min([*referral, *(e for e, _ in said)], key=lambda e: e.t)
        wanted = wanted_entry(ctx, before=first.stop)
        right = (f"“请您致电{wanted.name}，电话{digits(wanted.phone)}”" if wanted
                 else "“请致电×××部门，电话×××”")
        if not said:
            yield self.missing(
                ctx, referral, t=first.t, quote=quote(first),
                message="指引了去处，却没有告诉来电者电话号码（规范要求说出部门和电话）",
                tip=f"部门和电话一起告知：{right}",
            )
            return
        if not any(names_department(ctx, e) for e, _ in said):
            event, number = said[0]
            yield self.finding(
                t=event.t, quote=quote(event), severity="minor",
                message=f"只报了电话 {digits(number)}，没有说是哪个部门（规范要求说出部门和电话）",
                tip=f"部门和电话一起告知：{right}",
            )
        if wanted is not None and phone_key(wanted.phone):
            if any(entry_of(ctx, n) == wanted for _, n in said):
                return
            event, number = said[0]
            given = entry_of(ctx, number)
            who = f"（{given.name}的电话）" if given else "（通讯录里没有这个号码）"
            yield self.finding(
                t=event.t, quote=quote(event),
                message=f"告知的电话不对：来电者问的是{wanted.name}管的事，"
                        f"话务员说的是 {digits(number)}{who}",
                tip=f"按通讯录告知正确的部门和电话：{right}",
            )
            return
        if directory(ctx) and all(entry_of(ctx, n) is None for _, n in said):
            event, number = said[0]
            yield self.finding(
                t=event.t, quote=quote(event),
                message=f"告知的电话 {digits(number)} 不在本热线的通讯录里，无法确认是正确的途径",
                tip="按通讯录告知正确的部门和电话：“请您致电×××，电话×××”",
            )
