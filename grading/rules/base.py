"""What every grading rule is: a class with a stable code, a category, a severity and a clause.

One rule per module in ``grading/rules/`` (file ``<code lower>_<name>.py``), sqlfluff-style:
the class docstring is the user documentation (``hotline rules CODE`` prints it) and must have
four parts — 检查什么 / 为什么 (quoting the clause) / 正确示例 / 错误示例. Each rule has YAML
pass/fail cases in ``grading/rules/cases/<CODE>.yaml`` that the tests discover (format: the
docstring of :mod:`grading.casebuild`).

For rule writers: ``ctx.has(turn, "apologise")`` tells whether an operator turn contains an act;
``ctx.phrase("announce_lookup")`` gives the standard phrase to quote in a tip; when a required
phrase is missing, return ``self.missing(ctx, turns, t=..., message=..., tip=...)`` rather than
``self.finding(...)``: if the recogniser was unsure of those turns it becomes a minor 识别不清
finding, never a blocker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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
    # The scenario's facts (grading.model.ScenarioFacts): endings, failure reasons, directory.
    facts: Any = None
    _hits: dict[int, tuple[Hit, ...]] = field(default_factory=dict)
    # per turn: each act's first hit (what :meth:`has` answers, a dict lookup per act asked)
    _first: dict[int, dict[str, Hit]] = field(default_factory=dict)

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
        first = self._first.get(event.index)
        if first is None:  # rules ask each turn about many acts: index its hits once
            first = {}
            for hit in self.hits(event):
                first.setdefault(hit.act, hit)
            self._first[event.index] = first
        if len(acts) == 1:
            return first.get(acts[0])
        found = [h for h in map(first.get, acts) if h is not None]
        if len(found) > 1:  # the earliest in the turn's hit order, as one pass over the hits gives
            order = self.hits(event)
            return min(found, key=order.index)
        return found[0] if found else None

    def unclear(self, event: Event | None) -> bool:
        """The recogniser was unsure of this turn: a missing phrase there is not the trainee's fault."""
        return event is not None and event.confidence is not None and event.confidence < self.low_confidence

    def phrase(self, act: str) -> str:
        """The first standard phrase of ``act`` with ``{hotline}`` etc. filled in, for tips."""
        from simulator.phrases.acts import load_acts

        library = load_acts()
        phrases = library.get(act).phrases if act in library else ()
        if not phrases:
            return ""
        mc = self.match_context
        text = phrases[0]
        for key, values in (("{hotline}", mc.hotline_names), ("{department}", mc.departments),
                            ("{phone}", mc.phones)):
            if key in text:
                text = text.replace(key, values[0] if values else key.strip("{}"))
        return text


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
        unclear: bool = False,
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
            unclear=unclear,
        )

    def missing(
        self,
        ctx: CallContext,
        events: Event | Sequence[Event] | None,
        *,
        t: float | None,
        message: str,
        tip: str,
        quote: str = "",
        severity: Severity | None = None,
        clause: str | None = None,
        category: Category | None = None,
    ) -> Finding:
        """A finding for a *missing* required phrase, fair to a bad microphone.

        ``events`` are the operator turn(s) where the phrase should have been. When the recogniser
        was unsure of any of them (:meth:`CallContext.unclear`), the finding is a minor
        "识别不清" one instead of the rule's severity — a bad microphone must not fail an exam.
        """
        seq: Sequence[Event] = (events,) if isinstance(events, Event) else (events or ())
        unsure = [e for e in seq if ctx.unclear(e)]
        if unsure:
            conf = min(e.confidence or 0.0 for e in unsure)
            return self.finding(
                t=t, quote=quote, severity="minor", clause=clause, category=category,
                message=f"识别不清（置信度 {conf:.2f}），未能确认：{message}",
                tip=f"{tip}（请靠近话筒、吐字清楚）", unclear=True,
            )
        return self.finding(t=t, quote=quote, severity=severity, clause=clause, category=category,
                            message=message, tip=tip)

    def run(self, ctx: CallContext) -> Iterator[Finding]:
        if self.applies(ctx):
            yield from self.check(ctx)
