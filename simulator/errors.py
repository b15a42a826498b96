"""The simulator package's exception tree.

Every error the simulator raises on purpose derives from :class:`HotlineError`; the CLI renders
them once, on stderr, with the message and (where there is one) the hint of what to do.
"""

from __future__ import annotations

from typing import Any


class HotlineError(Exception):
    """Base of every error the simulator raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        text = f"错误：{self.message}"
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


class ScenarioError(HotlineError):
    """A scenario file could not be loaded (carries the first diagnostic)."""

    def __init__(self, diagnostics: list[Any], *, hint: str | None = None) -> None:
        from simulator.scenario.diagnostics import render_diagnostic

        self.diagnostics = list(diagnostics)
        text = "\n".join(render_diagnostic(d) for d in self.diagnostics) or "场景无法加载"
        super().__init__(text, hint=hint)

    def render(self) -> str:
        text = self.message
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


class UnknownScenarioError(HotlineError):
    """No scenario has the requested id."""


class ScriptError(HotlineError):
    """A play script line could not be understood."""


class EngineError(HotlineError):
    """The engine was driven out of order (e.g. a step after the call ended)."""


class MissingExtraError(HotlineError):
    """An optional heavy part is not installed; the hint says how to install it."""
