"""SIL003 无声来电：问候后只提示了一次。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._scenario import ADDRESS_ACTS, quote, silent_phase
from grading.rules.base import CallContext, Rule

# 稍停: a prompt counts only after this many seconds of silence since the operator's previous turn
# (a shorter gap is one breath; the recogniser may split one sentence into turns that close).
PAUSE = 2.0


class SecondPrompt(Rule):
    """无声来电：问候后只提示了一次就告知挂机。

    检查什么
        来电者一直不出声、话务员先挂机时，开场问候之后、告知语之前，话务员提示来电者两次
        （先“您好，请问您需要咨询什么问题”，稍停再“您好，请问您能听到我的声音吗”）。
        每次提示前要稍停（与上一句之间至少停 2 秒）：几句提示一口气说完，来电者来不及反应，也不合格。
        只招呼一次就挂机由 SIL001 检查，这里只管“问候 + 一次提示”就告知挂机的情形。

    为什么
        002 附件2 2(4)：“接听电话过程中遇到来电者不讲话时，应主动提醒咨询人员‘您好，请问您需要咨询什么问题’，
        稍停后若还是没有声音，应再次提醒一遍‘您好，请问您能听到我的声音吗？’对方仍无反应时，
        应主动提示‘对不起，我听不到您的声音，请您重新拨打。’稍停挂断电话。”

    正确示例
        您好，12320卫生热线，请讲。（停）您好，请问您需要咨询什么问题？（停）
        您好，请问您能听到我的声音吗？（停）对不起，我听不到您的声音，请您重新拨打。（挂机）

    错误示例
        您好，12320卫生热线，请讲。（停）您好，请问您需要咨询什么问题？（停）
        对不起，我听不到您的声音，请您重新拨打。（挂机）——少了第二次提示
    """

    code = "SIL003"
    name = "second_prompt"
    title = "无声来电：问候后只提示了一次"
    category = "silent"
    severity = "major"
    clause = "002-fj2-2-4"
    families = ("silent",)

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        phase = silent_phase(ctx)
        if phase is None:
            return
        turns, hangup = phase
        addressed = [e for e in turns if ctx.has(e, *ADDRESS_ACTS) and not ctx.has(e, "silent_notice")]
        if len(addressed) < 2:
            return  # SIL001
        if addressed[0] is not turns[0]:
            return  # the opening was no greeting: every turn counted is a prompt, two or more
        prompts = addressed[1:]
        paused = [e for e in prompts if _pause_before(turns, e) >= PAUSE]
        if len(paused) >= 2:
            return
        if len(prompts) >= 2:
            # Enough prompts, but said in one breath: the caller had no time to answer (稍停).
            yield self.finding(
                t=prompts[0].t, quote=quote(prompts[0]),
                message="来电无声，提示一句接一句，中间没有停顿，来电者来不及反应",
                tip="每次提示后稍停三四秒，听一听有没有声音，再提醒下一遍",
            )
            return
        yield self.missing(
            ctx, turns, t=hangup.t, quote=quote(prompts[-1]),
            message="来电无声，问候后只提示了一次就告知挂机，规范要求稍停后再提醒一遍",
            tip="第一次提示后仍无声音，稍停再提醒“您好，请问您能听到我的声音吗？”，然后再说告知语",
        )


def _pause_before(turns: list[Event], turn: Event) -> float:
    """Seconds of silence between the operator's previous turn and ``turn``."""
    earlier = [e.stop for e in turns if e.stop <= turn.t and e is not turn]
    return turn.t - max(earlier) if earlier else float("inf")
