"""The grading package's exception tree (rooted in the simulator's, so the CLI renders both)."""

from __future__ import annotations

from simulator.errors import HotlineError


class GradingError(HotlineError):
    """Base of grading errors."""


class RecordError(GradingError):
    """A call record is unreadable or breaks the hotline-call/1 contract.

    ``where`` names the place: ``file:line:col`` for syntax errors, a JSON path such as
    ``events[3].t`` for contract errors.
    """

    exit_code = 2

    def __init__(self, message: str, *, where: str = "", source: str = "", hint: str | None = None) -> None:
        self.where = where
        self.source = source
        place = ":".join(p for p in (source, where) if p)
        super().__init__(f"{place}: {message}" if place else message, hint=hint)
