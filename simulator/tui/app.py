"""The app: screens, app-wide keys, the command palette, settings and the scenario library.

Screens (one module each under :mod:`simulator.tui.screens`): home → picker → brief → call →
report; history → report; scenarios (trainers); settings; small dialogs for the trainee's name and
the transfer target. ``Ctrl+Q`` quits from anywhere; mid-call it asks first (in an exam: the call
will count), then the call screen stops the voice and the ear, hangs up and closes the call as
interrupted before the app exits — as it does at once on SIGTERM or SIGHUP (:mod:`simulator.tui.
launch`). On start, calls a killed app left open are closed as interrupted and graded
(:func:`simulator.records.recover.recover`). ``Ctrl+P`` opens the command palette (every screen's
actions are there as well).

The scenario library loads in a thread worker as soon as the home screen is up, so the first frame
is not held back and the picker is ready when the trainee gets there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from simulator.scenario.model import Scenario
from simulator.tui.services import Services
from simulator.tui.store import settings as settings_store
from simulator.tui.store.settings import Settings


def quiet_gc() -> None:
    """Move every object alive now into the collector's permanent generation.

    The libraries, the phrase matcher's caches and the widgets are hundreds of thousands of
    long-lived objects; a full collection walks them all and took 50–140 ms here — a frozen UI
    during a call. Frozen, they are no longer walked. Called after the warm-up, when a call
    starts and whenever something happened in it (cheap: no collection, just a move); the
    garbage frozen along the way is collected by :func:`tidy_gc` once the call is over.
    """
    gc.freeze()


def warm_matcher(scenario: Scenario) -> None:
    """Compile the phrase matcher for this scenario's line (its name, departments, phones) on the
    calling thread — a worker's: compiled on the first turn instead, it held the UI for 50–100 ms."""
    from simulator.engine import match_context
    from simulator.phrases import default_matcher

    default_matcher().detect("您好", match_context(scenario.hotline))


def tidy_gc() -> None:
    """After a call, leaving its report: collect everything once (a pause of a few hundred
    milliseconds, at a screen change), then freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class HotlineApp(App[Any]):
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"
    TITLE = "热线话务员培训模拟器"
    # Larger terminals: a wider side panel on the call screen (styles/app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-normal"), (120, "-wide")]  # noqa: RUF012 - textual's own type
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("ctrl+p", "command_palette", "命令", priority=True),
    ]

    def __init__(self, services: Services | None = None) -> None:
        super().__init__()
        self.services = services or Services()
        self.settings: Settings = settings_store.load(self.services.settings_file)
        self.call_mode: str | None = None  # this call only (the brief's M key)
        self._library: list[Scenario] | None = None
        self._library_problems: list[str] = []
        self._library_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        from simulator.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.run_worker(self.warm_up, thread=True, group="library", exit_on_error=False)
        self.run_worker(self.recover_calls, thread=True, group="recover", exit_on_error=False)

    def recover_calls(self) -> None:
        """Close the calls a killed app left open (kept as interrupted, graded), and say so."""
        from simulator.records import StoreError
        from simulator.records.recover import recover

        try:
            closed = recover(self.services.store)
        except StoreError as exc:
            self.call_from_thread(self.notify, exc.render(), severity="error", timeout=30)
            return
        if closed:
            names = "、".join(c.title or c.scenario for c in closed[:3])
            self.call_from_thread(self.notify, f"上次有 {len(closed)} 通电话没有正常结束（{names}），"
                                  "已按记下的内容保存为“中断”并评分，可在历史记录中查看。", timeout=15)

    def live_call(self) -> Any:
        """The call screen of a call in progress, or None."""
        from simulator.tui.screens.call import CallScreen

        for screen in self.screen_stack:
            if isinstance(screen, CallScreen) and screen.in_call:
                return screen
        return None

    async def action_quit(self) -> None:
        """Quit; during a call, ask first (the call is kept as interrupted; in an exam it counts)."""
        from simulator.tui.screens.quit import QuitScreen

        if self.live_call() is None:
            self.quit_now()
            return
        if isinstance(self.screen, QuitScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.quit_now()

        self.push_screen(QuitScreen(self.settings.exam), answered)

    def quit_now(self) -> None:
        """Quit at once (also on SIGTERM/SIGHUP): a call in progress is closed as interrupted first."""
        from simulator.tui.screens.call import CallScreen

        for screen in self.screen_stack:
            if isinstance(screen, CallScreen):
                screen.shutdown()
        self.exit()

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="搜索命令……", id="--command-palette"))

    # ------------------------------------------------------------------ shared state

    def warm_up(self) -> None:
        """Load what the first call needs — the library, the phrase matcher, the standards, the
        rules — on a worker thread, so the call screen never waits for a first-time load. The
        collector is paused meanwhile (loading allocates a great many objects that all stay
        alive, and collecting them took up to 90 ms at a time), then they are frozen out of its
        way (:func:`quiet_gc`)."""
        gc.disable()
        try:
            self._warm()
        finally:
            quiet_gc()
            gc.enable()

    def _warm(self) -> None:
        library = self.library()
        from grading.data import situations
        from simulator.engine import match_context
        from simulator.phrases import default_matcher

        situations()
        if library:
            sc = library[0]
            default_matcher().detect("您好，请问有什么可以帮您？", match_context(sc.hotline))
            from simulator.records.reports import grade_record

            grade_record({"format": "hotline-call/1", "scenario": sc.id, "events": [
                {"t": 0.0, "type": "ring"}, {"t": 2.0, "type": "answer"},
                {"t": 2.5, "end": 5.0, "type": "say", "who": "operator", "text": "您好，请讲。"},
                {"t": 9.0, "type": "hangup", "who": "operator"}]})

    def library(self) -> list[Scenario]:
        """Every scenario that loads (blocking: call from a thread worker the first time)."""
        with self._library_lock:
            if self._library is None:
                from simulator.errors import HotlineError
                from simulator.scenario.context import default_context
                from simulator.scenario.library import scenario_files
                from simulator.scenario.loader import load_scenario

                context = default_context()
                out: list[Scenario] = []
                for path in scenario_files():
                    try:
                        out.append(load_scenario(path, context=context))
                    except HotlineError as exc:
                        self._library_problems.append(f"{path.name}：{exc.message.splitlines()[0]}")
                self._library = out
            return self._library

    @property
    def library_problems(self) -> list[str]:
        return list(self._library_problems)

    def call_settings(self) -> Settings:
        """The settings of the call about to start or running: the saved ones, with the mode the
        trainee chose for this call in the brief (M), which is not saved."""
        if self.call_mode in ("practice", "exam"):
            return replace(self.settings, mode=self.call_mode)
        return self.settings

    def save_settings(self, new: Settings) -> None:
        self.settings = new
        settings_store.save(new, self.services.settings_file)

    # ------------------------------------------------------------------ commands

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from simulator.tui.screens import go

        yield SystemCommand("开始练习", "选择场景，接听一通模拟来电", lambda: go(self, "picker"))
        yield SystemCommand("考场作答", "参加考官开的考试（没有提示，不能重来）", lambda: go(self, "sitting"))
        yield SystemCommand("历史记录", "查看以前的通话和评分报告", lambda: go(self, "history"))
        yield SystemCommand("场景管理", "培训师：检查场景、查看场景图、运行标准演练",
                            lambda: go(self, "scenarios"))
        yield SystemCommand("培训师视图", "全班成绩、薄弱环节、进步情况、考场成绩",
                            lambda: go(self, "trainer"))
        yield SystemCommand("设置", "设备、识别器、声音引擎、电话音效、练习/考核",
                            lambda: go(self, "settings"))
        yield SystemCommand("回到首页", "关闭其他页面，回到首页", lambda: go(self, "home"))
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            yield from commands()
        yield SystemCommand("切换配色", "选择界面配色主题", self.action_change_theme)
        yield SystemCommand("按键帮助", "显示当前页面的全部按键", self.action_show_help_panel)
        yield SystemCommand("退出", "退出程序（通话中会先确认，然后挂机并保存记录）", self.action_quit)
