"""TRF001 转接：没有向来电者说明就转接。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import norm
from grading.rules._scenario import quote, spoken_length
from grading.rules._transfer import offers, transfers
from grading.rules.base import CallContext, Rule

# An announcement with fewer spoken characters than this besides the target's name
# ("我为您转接到医政处，您看可以吗") says where, not why.
BARE = 14


class ExplainTransfer(Rule):
    """转接：转接前没有向来电者说明为什么转、转到哪里。

    适用于所有有转接事件的通话（不论场景）。

    检查什么
        每次转接之前，话务员说过转接的话（“我为您转接到×××”“将电话转至×××”），并说明原因。
        完全没有说明就转接，为 major；只有一句光秃秃的“我为您转接到×××，您看可以吗”
        （除部门名称外不足 14 个字），前一句也没有解释，没有说为什么要转，为 minor。

    为什么
        001 电话礼仪 基本电话礼仪规范—电话转接：“(1)向客户解释电话转接的原因 参考话术：
        ‘您的问题比较特殊，我为您转接到×××处理’ (2)征得客户同意后转接电话”。

    正确示例
        失业保险金的申领条件要根据您的参保缴费情况确定，市人社局失业保险科的工作人员可以为您详细解答。
        我为您转接到市人社局失业保险科，您看可以吗？

    错误示例
        （来电者问完问题，话务员一言不发直接转接）
    """

    code = "TRF001"
    name = "explain"
    title = "转接：没有说明原因就转接"
    category = "transfer"
    severity = "major"
    clause = "001-zhuanjie-1"
    families = ()  # every call with a transfer event, whatever the scenario

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        for transfer, turns in transfers(ctx):
            said = offers(ctx, turns)
            target = transfer.to or "其他部门"
            if not said:
                last = turns[-1] if turns else None
                yield self.missing(
                    ctx, turns, t=transfer.t, quote=quote(last),
                    message=f"没有向来电者说明就把电话转接到“{target}”",
                    tip=f"转接前先说明原因：“您的问题比较特殊，我为您转接到{target}处理，您看可以吗？”",
                )
                continue
            first = said[0]
            # The reason may be in the offer itself or in the operator's turn just before it
            # (“医保报销由市医疗保障局负责。”——“那我找哪里？”——“我为您转接到市医疗保障局，您看可以吗？”).
            i = turns.index(first)
            explained = any(spoken_length(e) - len(target) >= BARE for e in said) or (
                i > 0 and spoken_length(turns[i - 1]) >= BARE
            )
            if explained:
                continue
            # Neither where nor why (“我给您转接一下，可以吗？”): the caller is told nothing.
            named = bool(transfer.to) and norm(transfer.to or "") in "".join(norm(e.text) for e in said)
            yield self.finding(
                t=first.t, quote=quote(first), severity="minor" if named else "major",
                message="转接前只说了转到哪里，没有说明为什么要转接",
                tip=f"说明原因：“您的问题需要{target}的工作人员为您详细解答，我为您转接到{target}，您看可以吗？”",
            )
