"""TRF002 转接：没有征得来电者同意就转接。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._scenario import after, caller_cue, quote
from grading.rules._transfer import offers, transfers
from grading.rules.base import CallContext, Rule

# The caller declines the transfer.
DECLINES = ("不用转", "不要转", "别转", "不转了", "我不想转", "不用给我转")


class TransferConsent(Rule):
    """转接：没有征得来电者同意就转接（或对方不同意仍然转接）。

    适用于所有有转接事件的通话（不论场景）。

    检查什么
        每次转接之前，话务员提出转接（“我为您转接到×××，您看可以吗？”）后，来电者作了答复，
        而且答复不是拒绝（“不用转了”“别转”）。提出转接后不等对方答复就转，或对方拒绝仍转，不合格。

    为什么
        001 电话礼仪 基本电话礼仪规范—电话转接：“(1)向客户解释电话转接的原因……(2)征得客户同意后转接电话”。

    正确示例
        话务员：我为您转接到市人社局失业保险科，您看可以吗？——来电者：可以，麻烦你了。——（转接）

    错误示例
        话务员：我为您转接到市人社局失业保险科。——（不等对方答复，立即转接）
    """

    code = "TRF002"
    name = "consent"
    title = "转接：没有征得同意"
    category = "transfer"
    severity = "major"
    clause = "001-zhuanjie-2"
    families = ()  # every call with a transfer event, whatever the scenario

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for transfer, turns in transfers(ctx):
            said = offers(ctx, turns)
            answers = []
            for offer in said:
                reply = [c for c in after(ctx.caller_turns, offer.stop) if c.t < transfer.t]
                if reply:
                    answers.append(reply[0])
            target = transfer.to or "其他部门"
            if not answers:
                where = said[-1] if said else (turns[-1] if turns else None)
                # No offer recognised at all: the consent question may be in a turn the recogniser
                # could not make out (a minor 识别不清 finding then). An offer heard but not waited
                # for is the operator's doing, whatever the microphone.
                yield self.missing(
                    ctx, () if said else turns, t=transfer.t, quote=quote(where),
                    message=f"没有征得来电者同意就把电话转接到“{target}”",
                    tip=f"提出转接后问“您看可以吗？”，等来电者同意再转接到{target}",
                )
            elif all(caller_cue(ctx, a, DECLINES) is not None for a in answers):
                yield self.finding(
                    t=transfer.t, quote=quote(said[-1]),
                    message=f"来电者不同意转接（“{answers[-1].text[:20]}”），话务员仍把电话转接到“{target}”",
                    tip="来电者不同意转接时，改为告知对方部门电话或记录问题后回复，不要强行转接",
                )
