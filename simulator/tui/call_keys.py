"""The call screen's keys: what F2 接听 · F3 保持 · F4 转接 · F8 挂机 · F1 提示 do, and when.

:class:`CallKeys` is a mixin of :class:`~simulator.tui.screens.call.CallScreen`, which declares the
bindings (textual reads ``BINDINGS`` from widget classes only): :meth:`~CallKeys.check_action`
shows a key only while it applies, the ``action_*`` methods pass it to the
:class:`~simulator.call.session.CallSession`, and :meth:`~CallKeys.palette_commands` offers the same
in the command palette.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from simulator.call.session import CallSession
from simulator.scenario.model import Scenario
from simulator.tui.call_guard import guarded
from simulator.tui.widgets.hints import HintsPanel

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class CallKeys(_Base):
    """Mixin of the call screen: the trainee's keys and palette commands."""

    scenario: Scenario
    session: CallSession | None
    finished: bool

    if TYPE_CHECKING:

        def refresh_view(self) -> None: ...

        def call_broke(self, exc: BaseException) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        if s is None or self.finished:
            return action == "hints" or None
        if action == "answer":
            return True if s.ringing else None
        if action in ("hold", "transfer"):
            return True if s.live else None
        if action == "hang_up":
            return True if (s.live or s.ringing) else None
        if action == "hints":
            return True if self.query(HintsPanel) else None
        return True

    @guarded
    def action_answer(self) -> None:
        if self.session:
            self.session.answer()
            self.refresh_view()

    @guarded
    def action_hold(self) -> None:
        s = self.session
        if s and s.live:
            s.unhold() if s.state.held else s.hold()
            self.refresh_view()

    def action_transfer(self) -> None:
        from simulator.tui.screens.transfer import TransferScreen

        s = self.session
        if s is None or not s.live:
            return

        @guarded
        def chosen(screen: CallKeys, target: str | None) -> None:
            if target and screen.session:
                screen.session.transfer(target)
                screen.refresh_view()

        self.app.push_screen(TransferScreen(self.scenario.hotline), lambda target: chosen(self, target))

    @guarded
    def action_hang_up(self) -> None:
        s = self.session
        if s is None:
            return
        if s.ringing:
            s.abort()
        else:
            s.hang_up()
        self.refresh_view()

    def action_hints(self) -> None:
        for panel in self.query(HintsPanel):
            panel.display = not panel.display

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand("接听（F2）", "电话响铃时接听", self.action_answer)
        yield SystemCommand("保持 / 取消保持（F3）", "查询时把来电保持，来电者听到等待音乐", self.action_hold)
        yield SystemCommand("转接（F4）", "从本热线的部门目录中选择转接目标", self.action_transfer)
        yield SystemCommand("挂机（F8）", "结束通话", self.action_hang_up)
