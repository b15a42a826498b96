"""What every grading rule is: a class with a stable code, a category, a severity and a clause.

One rule per module in ``grading/rules/`` (file ``<code lower>_<name>.py``), sqlfluff-style:
the class docstring is the user documentation (``hotline rules CODE`` prints it) and must have
four parts — 检查什么 / 为什么 (quoting the clause) / 正确示例 / 错误示例. Each rule has YAML
pass/fail cases in ``grading/rules/cases/<CODE>.yaml`` that the tests discover.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from grading.model import CallRecord, Category, Event, Finding, Severity

if TYPE_CHECKING:
    from simulator.phrases.types import Hit, MatchContext


@dataclass
class CallContext:
    """Everything a rule may look at, computed once per call and shared by all rules.

    ``families`` are the scenario rule families (scenario file ``grading:``), ``profile`` the
    hotline profile (pass mark, speech-rate band, answer-within seconds), ``matcher`` the one
    phrase matcher. ``hits(event)`` gives the acts detected in an operator turn (cached).
    """

    record: CallRecord
    families: tuple[str, ...]
    profile: Any  # grading.data.Profile
    matcher: Any  # simulator.phrases.PhraseMatcher
    match_context: MatchContext
    low_confidence: float = 0.6
    _hits: dict[int, tuple[Hit, ...]] = field(default_factory=dict)

    @cached_property
    def operator_turns(self) -> tuple[Event, ...]:
        return self.record.says("operator")

    @cached_property
    def caller_turns(self) -> tuple[Event, ...]:
        return self.record.says("caller")

    def hits(self, event: Event) -> tuple[Hit, ...]:
        cached = self._hits.get(event.index)
        if cached is None:
            cached = self.matcher.detect(event.text, self.match_context)
            self._hits[event.index] = cached
        return cached

    def has(self, event: Event, *acts: str) -> Hit | None:
        """The first hit of any of ``acts`` in the operator turn, or None."""
        for hit in self.hits(event):
            if hit.act in acts:
                return hit
        return None

    def unclear(self, event: Event) -> bool:
        """The recogniser was unsure of this turn: a missing phrase there is not the trainee's fault."""
        return event.confidence is not None and event.confidence < self.low_confidence


class Rule:
    """Base class. Subclasses set the class attributes and implement :meth:`check`."""

    code: ClassVar[str]  # stable, e.g. "OPN001"
    name: ClassVar[str]  # short English slug, e.g. "greeting"
    title: ClassVar[str]  # Chinese one-line title
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    clause: ClassVar[str]  # clause id in grading/standards/clauses.yaml
    # Scenario rule families this rule applies to; empty = every call.
    families: ClassVar[tuple[str, ...]] = ()

    def applies(self, ctx: CallContext) -> bool:
        return not self.families or any(f in ctx.families for f in self.families)

    def check(self, ctx: CallContext) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        *,
        t: float | None,
        message: str,
        tip: str,
        quote: str = "",
        severity: Severity | None = None,
        clause: str | None = None,
        category: Category | None = None,
    ) -> Finding:
        from grading.data import clauses

        clause_id = clause or self.clause
        return Finding(
            rule=self.code,
            category=category or self.category,
            severity=severity or self.severity,
            t=t,
            quote=quote,
            clause=clauses()[clause_id].citation,
            message=message,
            tip=tip,
        )

    def run(self, ctx: CallContext) -> Iterator[Finding]:
        if self.applies(ctx):
            yield from self.check(ctx)
