"""TRF003 转接：转到了不管这件事的部门。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._content import directory, entry_named, wanted_entry
from grading.rules._scenario import quote
from grading.rules._transfer import transfers
from grading.rules.base import CallContext, Rule


class WrongDepartment(Rule):
    """转接：把来电者转到了不管这件事的部门。

    适用于所有有转接事件、场景写有部门通讯录的通话（不论场景）。

    检查什么
        转接事件写明转到哪个部门（``to``）。按来电者在转接之前说的事，从场景的通讯录里找出管这件事的
        部门；转接目标是通讯录里的另一个部门时，不合格。来电者的话对不上任何一个部门、或转接目标不在
        通讯录里时，不检查。引擎演练的通话（记录写有经过的节点）由场景本身判断转接对不对：走到
        “转错部门”的失败结局时由 OUT001 记，这里只检查手写的、没有结局的记录。

    为什么
        002 第二十九条：“对不属咨询范围的，应告知正确的咨询途径。”
        003 首问负责制：“……热心引导，快速衔接，并为客户提供准确的联系人、联系电话和地址”；
        000 服务应答规范 2：转错的电话让来电者再打一次，“请致电×××部门电话：×××”。

    正确示例
        来电者问失业保险金——话务员：我为您转接到市人社局失业保险科，您看可以吗？——（转接：人社局）

    错误示例
        来电者问失业保险金——话务员：我给您转到医保中心。——（转接：医保中心）
    """

    code = "TRF003"
    name = "wrong_department"
    title = "转接：转错了部门"
    category = "transfer"
    severity = "major"
    clause = "002-tiao-29"
    families = ()  # every call with a transfer event, whatever the scenario

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        if not directory(ctx) or _played(ctx):
            return
        for transfer, turns in transfers(ctx):
            if not transfer.to:
                continue
            given = entry_named(ctx, transfer.to)
            wanted = wanted_entry(ctx, before=transfer.t)
            if given is None or wanted is None or given == wanted:
                continue
            where = turns[-1] if turns else None
            yield self.finding(
                t=transfer.t, quote=quote(where),
                message=f"来电者问的是{wanted.name}管的事，电话却转到了“{transfer.to}”",
                tip=f"转接前确认来电者的问题归哪个部门管：应转接到{wanted.name}"
                    + (f"（电话 {wanted.phone}）" if wanted.phone else ""),
            )


def _played(ctx: CallContext) -> bool:
    """The engine recorded the ending the call reached: the scenario's graph knows which
    transfer was right (a failure ending is OUT001's), better than the caller's words do."""
    path = ctx.record.extra.get("path")
    if not isinstance(path, list) or not path or ctx.facts is None:
        return False
    return ctx.facts.ending(str(path[-1])) is not None
