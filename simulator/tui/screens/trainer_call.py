"""One call as the trainer sees it from the records store: who, when, the dialogue, every grade.

Opened from the trainer's view. Shows the call's details, the dialogue in call order, the grade
given when the call ended and, beside it, every later one (a regrade, an appeal's override) with
its note — the original is never replaced, so the trainer sees both.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from simulator.tui.widgets.titlebar import TitleBar

KIND_NAMES = {"grade": "通话结束时的评分", "regrade": "重新评分", "override": "申诉复核",
              "recover": "中断后评分"}
EVENT_NAMES = {"ring": "响铃", "answer": "接听", "hold": "保持", "unhold": "取消保持", "hangup": "挂机"}


class TrainerCallScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "返回")]

    def __init__(self, call_id: int, store_url: str | None = None) -> None:
        super().__init__()
        self.call_id = call_id
        self.store_url = store_url

    def compose(self) -> ComposeResult:
        yield TitleBar("通话详情")
        with VerticalScroll(id="trainer-call"):
            yield Static("正在读取……", id="trainer-call-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from simulator.errors import HotlineError
        from simulator.records import open_store

        try:
            with open_store(self.store_url) as store:
                call = store.call(self.call_id)
                text = render_call(call, store.record(call.id), store.reports(call.id))
        except HotlineError as exc:
            text = f"无法读取这通电话：{exc.message}"
        self.app.call_from_thread(self.query_one("#trainer-call-text", Static).update, text)

    def action_back(self) -> None:
        self.app.pop_screen()


def render_call(call: Any, record: dict[str, Any] | None, reports: list[Any]) -> str:
    from grading.report_text import render
    from simulator.records.reports import report_from_json

    mode = "考核" if call.mode == "exam" else "练习"
    status = {"finished": "已结束", "interrupted": "中断", "open": "进行中"}.get(call.status, call.status)
    lines = [f"{call.title or call.scenario}　学员 {call.trainee or '（未填写）'}　{mode}　{status}",
             f"时间 {call.started_at.replace('T', ' ')[:19]}　培训站 {call.station}", ""]
    exam = (call.meta or {}).get("exam") if isinstance(call.meta, dict) else None
    if isinstance(exam, dict):
        lines.insert(1, f"考场 {exam.get('sitting')}　第 {exam.get('slot')} 通第 {exam.get('attempt')} 次"
                        f"作答")
    lines.append("对话：")
    for e in (record or {}).get("events") or []:
        if not isinstance(e, dict):
            continue
        t = f"{float(e.get('t', 0.0)):6.1f}s"
        if e.get("type") == "say":
            who = "话务员" if e.get("who") == "operator" else "来电者"
            lines.append(f"  {t}  {who}：{e.get('text', '')}")
        else:
            kind = str(e.get("type"))
            name = f"转接 {e.get('to', '')}" if kind == "transfer" else EVENT_NAMES.get(kind, kind)
            lines.append(f"  {t}  —— {name} ——")
    for r in reports:
        lines.append("")
        lines.append(f"【{KIND_NAMES.get(r.kind, r.kind)}】{r.created_at.replace('T', ' ')[:16]}"
                     + (f"　{r.note}" if r.note else ""))
        try:
            lines.append(render(report_from_json(r.body)).rstrip())
        except Exception:  # an unreadable report body is shown as such, never a crash
            lines.append(f"  得分 {r.score}")
    if not reports:
        lines += ["", "（这通电话没有评分）"]
    return "\n".join(lines)
