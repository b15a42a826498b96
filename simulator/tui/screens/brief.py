"""The brief before the call: what the trainee is told, the line they answer for, the caller.

While the trainee reads, the caller's lines are rendered ahead (``Services.prepare``, in a thread
worker) and the brief says how many are ready: on a fresh install the first call's voice is
synthesised here rather than while the caller should be speaking. The call may start at any time;
what is not ready yet is rendered during the call.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from simulator.scenario.model import Scenario
from simulator.tui.screens import hot
from simulator.tui.text import flat, on_keys
from simulator.tui.widgets.caller_card import language_name

MODE_NAMES = {"practice": "练习（显示规范用语提示）", "exam": "考核（不显示提示，结果加密封存）"}


def caller_line(sc: Scenario) -> str:
    """Who calls, in words: 陈女士，中年女性，说普通话 (一位老年男性，说云南话 without a name)."""
    from simulator.tui.widgets.caller_card import AGES, SEXES

    c = sc.caller
    who = f"{AGES.get(c.age, '')}{SEXES.get(c.sex, '')}性"
    speaks = f"说{language_name(c.language)}"
    return f"{c.name}，{who}，{speaks}" if c.name else f"一位{who}，{speaks}"


def brief_text(sc: Scenario, mode: str, saved: str | None = None) -> str:
    directory = "、".join(f"{d.name} {d.phone}".strip() for d in sc.hotline.directory) or "无"
    same = saved in (None, mode)
    note = "（M 切换，只对这通电话有效）" if same else "（本次通话；默认模式不变，可在设置里改）"
    return (
        f"[b]{escape(sc.title)}[/b]　难度 {'★' * sc.difficulty}{'☆' * (5 - sc.difficulty)}\n\n"
        f"{escape(on_keys(flat(sc.brief)))}\n\n"
        f"你接听的热线：[b]{sc.hotline.name}[/b]\n"
        f"可转介/转接的部门：{directory}\n"
        f"来电者：{escape(caller_line(sc))}\n"
        f"标签：{'、'.join(sc.tags) or '无'}\n\n"
        f"模式：{MODE_NAMES.get(mode, mode)}　{note}\n\n"
        "电话会响铃：按F2接听。接听后直接说话（有麦克风时），或在下方输入框打字回答、回车发送；"
        "F3保持，F4转接，F8挂机。"
    )


def voice_text(ahead: Any) -> str:
    """How many of the caller's lines are ready ('' when nothing renders ahead)."""
    if ahead is None:
        return ""
    ready, total = ahead.progress()
    if total == 0 or ready >= total:
        return f"[green]来电者语音已准备好（{total} 句）[/green]" if total else ""
    return (f"[yellow]正在准备来电者语音：{ready}/{total} 句[/yellow]"
            "　可以直接开始；稍等片刻，通话中来电者回应更及时")


class BriefScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "开始通话"),
        Binding("m", "mode", "练习/考核"),
        Binding("escape", "cancel", "返回"),
    ]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.mode = ""  # practice / exam for this call: the saved mode until M is pressed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("通话前简介", classes="dialog-title")
            with VerticalScroll():
                yield Static(id="brief-text")
            yield Static("", id="brief-voice")
        yield Footer()

    def on_mount(self) -> None:
        app = hot(self.app)
        app.call_mode = None
        self.mode = app.settings.mode
        self.update_text()
        self.ahead: Any = None
        self.run_worker(self.prepare_voice, thread=True, group="brief-voice", exit_on_error=False)
        self.set_interval(0.5, self.show_voice)

    def prepare_voice(self) -> None:
        from simulator.tui.app import warm_matcher

        app = hot(self.app)
        self.ahead = app.services.prepare(app.settings, self.scenario)
        warm_matcher(self.scenario)

    def show_voice(self) -> None:
        self.query_one("#brief-voice", Static).update(voice_text(self.ahead))

    def update_text(self) -> None:
        saved = hot(self.app).settings.mode
        self.query_one("#brief-text", Static).update(brief_text(self.scenario, self.mode, saved))

    def action_mode(self) -> None:
        """Switch practice/exam for this call only: the saved default (设置) stays as it is."""
        self.mode = "practice" if self.mode == "exam" else "exam"
        self.update_text()
        self.notify(f"本次通话：{MODE_NAMES[self.mode]}。默认模式不变，可在设置里修改。", timeout=4)

    def action_start(self) -> None:
        from simulator.tui.screens.call import CallScreen

        hot(self.app).call_mode = self.mode
        self.app.switch_screen(CallScreen(self.scenario))

    def action_cancel(self) -> None:
        hot(self.app).call_mode = None
        self.dismiss(None)
