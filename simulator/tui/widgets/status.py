"""The call status line: ring count, call timer, hold, the end; and where audio comes from."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from simulator.call.session import CallSession
from simulator.call.wording import OUTCOME_NAMES


def clock_text(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def status_text(session: CallSession) -> Text:
    st = session.state
    if session.ringing:
        return Text(f"☎ 电话响铃中……第 {session.rings()} 声　按 F2 接听", style="bold reverse yellow")
    if not st.answered and not st.ended:
        return Text("准备中……", style="dim")
    if session.over or st.ended:
        outcome = OUTCOME_NAMES.get(st.outcome or "", st.outcome or "已中断")
        verdict = "（成功）" if st.success else ""
        return Text(f"通话结束：{outcome}{verdict}　用时 {clock_text(session.talk_seconds())}",
                    style="bold")
    if st.held:
        held = clock_text(session.talk_seconds())
        return Text(f"⏸ 保持中（等待音乐）{held}　F3 取消保持", style="bold magenta")
    return Text(f"● 通话中　{clock_text(session.talk_seconds())}", style="bold green")


class CallStatus(Static):
    shown: Text | None = None

    def show(self, session: CallSession) -> None:
        text = status_text(session)
        if self.shown is None or text.plain != self.shown.plain or text.style != self.shown.style:
            self.shown = text
            self.update(text, layout=False)  # one line (#call-status height: 1): no re-layout each second
