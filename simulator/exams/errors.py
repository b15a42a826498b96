"""Errors of the exams package: each says what happened and what the trainer can do."""

from __future__ import annotations

from typing import Any

from simulator.errors import HotlineError, ScenarioError


class ExamError(HotlineError):
    """Something about an exam, a sitting or a key is wrong (message and hint in Chinese)."""


class ExamFileError(ScenarioError):
    """An exam file has errors (carries every error diagnostic, rendered like the scenario linter's)."""

    def __init__(self, diagnostics: list[Any], *, hint: str | None = None) -> None:
        super().__init__(diagnostics, hint=hint)


class UnknownExamError(ExamError):
    """No exam has this id or path."""


class SittingError(ExamError):
    """A sitting does not exist, is closed, or a request does not fit it (attempts, candidates)."""


class KeyProblem(ExamError):
    """The trainer's secret is missing, too weak, stored somewhere the candidate can read, or wrong."""


class AttemptsExhausted(SittingError):
    """The candidate has used every attempt the sitting allows for this call."""
