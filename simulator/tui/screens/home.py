"""Home: practice, history, scenarios, settings, and who is training (remembered in the settings)."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from simulator.tui.screens import go, hot
from simulator.tui.store.settings import MODES, RECOGNISERS, VOICE_ENGINES
from simulator.tui.widgets.titlebar import TitleBar

MENU = (
    ("picker", "开始练习", "选择场景，接听一通模拟来电，结束后按服务规范评分"),
    ("sitting", "考场作答", "考生：参加考官开的考试（没有提示，不能重来，结果签名封存）"),
    ("history", "历史记录", "以前的通话、得分和评分报告"),
    ("scenarios", "场景管理", "培训师：检查场景文件、查看场景图、运行标准演练"),
    ("trainer", "培训师视图", "全班成绩、薄弱环节、进步情况、考场成绩，可打开任意一通电话"),
    ("settings", "设置", "麦克风与扬声器、识别器、声音引擎、电话音效、练习/考核"),
)
KEYS = {"picker": "P", "sitting": "E", "history": "H", "scenarios": "S", "trainer": "T", "settings": "C"}


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "go('picker')", "开始练习"),
        Binding("e", "go('sitting')", "考场"),
        Binding("h", "go('history')", "历史"),
        Binding("s", "go('scenarios')", "场景"),
        Binding("t", "go('trainer')", "培训师"),
        Binding("c", "go('settings')", "设置"),
        Binding("n", "trainee", "学员"),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="home"):
            yield Static("热线话务员培训模拟器", id="home-title")
            yield Static("96128 · 12320 · 95598 · 供热客服　新话务员接听练习", id="home-sub")
            yield Static(self.who_text(), id="home-who")
            yield OptionList(*(Option(f"[b]{KEYS[k]}[/b]  {title}　[dim]{desc}[/dim]", id=k)
                               for k, title, desc in MENU), id="home-menu")
            yield Static(self.setup_text(), id="home-setup")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_info()

    def who_text(self) -> str:
        return f"学员：{hot(self.app).settings.trainee or '（未填写，按 N 填写姓名或工号）'}"

    def setup_text(self) -> str:
        s = hot(self.app).settings
        return (f"模式：{MODES[s.mode]}\n"
                f"来电者声音：{VOICE_ENGINES[s.voice_engine]}　识别：{RECOGNISERS[s.recogniser]}\n"
                "键盘操作：↑↓ 选择，回车确认；每页底部列出全部按键；Ctrl+P 打开命令面板。")

    def refresh_info(self) -> None:
        self.query_one("#home-who", Static).update(self.who_text())
        self.query_one("#home-setup", Static).update(self.setup_text())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            go(self.app, event.option.id)

    def action_go(self, place: str) -> None:
        go(self.app, place)

    def action_trainee(self) -> None:
        from simulator.tui.screens.trainee import TraineeScreen

        def done(name: str | None) -> None:
            if name is not None:
                app = hot(self.app)
                app.save_settings(replace(app.settings, trainee=name))
                self.refresh_info()

        self.app.push_screen(TraineeScreen(hot(self.app).settings.trainee), done)
