"""The app's screens, one per module, and :func:`go` (navigation used by keys and the palette)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import App

if TYPE_CHECKING:
    from textual.screen import Screen

    from simulator.tui.app import HotlineApp

PLACES = ("home", "picker", "sitting", "history", "scenarios", "settings", "trainer")


def hot(app: App[Any]) -> HotlineApp:
    """The app, typed as :class:`~simulator.tui.app.HotlineApp`."""
    return cast("HotlineApp", app)


def make(name: str) -> Screen[Any]:
    if name == "picker":
        from simulator.tui.screens.picker import PickerScreen

        return PickerScreen()
    if name == "history":
        from simulator.tui.screens.history import HistoryScreen

        return HistoryScreen()
    if name == "scenarios":
        from simulator.tui.screens.scenarios import ScenariosScreen

        return ScenariosScreen()
    if name == "sitting":
        from simulator.tui.screens.sitting import SittingScreen

        return SittingScreen()
    if name == "trainer":
        from simulator.tui.screens.trainer import TrainerScreen

        return TrainerScreen()
    if name == "settings":
        from simulator.tui.screens.settings import SettingsScreen

        return SettingsScreen()
    raise ValueError(name)


def go(app: App[Any], name: str) -> None:
    """Show a main place: back to the home screen first, then push it (not during a call)."""
    from simulator.tui.screens.call import CallScreen
    from simulator.tui.screens.home import HomeScreen

    if any(isinstance(s, CallScreen) and s.in_call for s in app.screen_stack):
        app.notify("通话进行中：请先挂机（F8）再离开。", severity="warning")
        return
    while len(app.screen_stack) > 1 and not isinstance(app.screen, HomeScreen):
        app.pop_screen()
    if name != "home":
        app.push_screen(make(name))
