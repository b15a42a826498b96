"""Grade one call record: build the shared :class:`CallContext`, run every rule, score.

``grade(record)`` takes a :class:`CallRecord` or a contract dict (as ``Engine.record()`` gives).
The scenario's rule families, hotline and directory come from the record's own ``scenario_facts``
(the scenario as it was during the call), else — older records — from the library's file (looked
up once per id and cached), with a note in the report; the record's own ``hotline`` overrides the
scenario's. Findings are sorted in call order
(``t``; whole-call findings, ``t`` null, last).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from grading.data import Policy, citation_equivalents, clause_by_citation, clauses, documents, policy_for
from grading.errors import GradingError, RecordError
from grading.model import CallRecord, Finding, Report, ScenarioFacts
from grading.score import score as compute_score


class RuleCrash(GradingError):
    """A rule raised an unexpected exception: a bug in the rule, reported without a traceback."""

    exit_code = 1


__all__ = ["RuleCrash", "ScenarioFacts", "build_context", "clear_caches", "grade", "scenario_facts"]


@lru_cache(maxsize=256)
def _facts(scenario_id: str) -> ScenarioFacts | str:
    """The facts, or the hint of what to do when no scenario has this id (cached either way)."""
    from simulator.errors import ScenarioError, UnknownScenarioError
    from simulator.scenario.context import CheckContext
    from simulator.scenario.library import find_path
    from simulator.scenario.loader import check_file

    if not scenario_id or any(ch in scenario_id for ch in "/\\\0") or scenario_id.startswith("."):
        return "场景 id 不能含路径"
    try:
        path = find_path(scenario_id)
    except UnknownScenarioError as exc:
        return exc.hint or "用 hotline scenarios list 查看可用的场景 id"
    # Grading needs only the id, the rule families and the hotline: a scenario whose graph or
    # playthroughs fail the linter (hotline scenarios lint) can still be graded against.
    sc, diags = check_file(path, CheckContext())
    if sc is None:
        errors = [d for d in diags if d.is_error][:1]
        raise ScenarioError(errors, hint="运行 hotline scenarios lint 查看全部问题")
    from grading.record import facts_from_block
    from simulator.scenario.facts import facts_of

    return facts_from_block(facts_of(sc), origin="library")


def scenario_facts(scenario_id: str, *, source: str = "") -> ScenarioFacts:
    """The cached facts of a scenario; RecordError at ``scenario`` when no scenario has this id."""
    facts = _facts(scenario_id)
    if isinstance(facts, str):
        raise RecordError(f"未知的场景 {scenario_id!r}", where="scenario", source=source, hint=facts)
    return facts


def clear_caches() -> None:
    _facts.cache_clear()


def build_context(record: CallRecord) -> Any:
    """The CallContext every rule of this call shares."""
    from grading.data import profile_for
    from grading.rules.base import CallContext
    from simulator.phrases import MatchContext, default_matcher

    facts = record.facts or scenario_facts(record.scenario, source=record.source)
    if record.hotline is not None:
        name, aliases = record.hotline.name, record.hotline.aliases
    else:
        name, aliases = facts.hotline_name, facts.hotline_aliases
    names = tuple(dict.fromkeys((name, *aliases)))
    match_context = MatchContext(hotline_names=names, departments=facts.departments, phones=facts.phones)
    return CallContext(
        record=record,
        families=facts.families,
        profile=profile_for(name),
        matcher=default_matcher(),  # detect and score memoise themselves
        match_context=match_context,
        facts=facts,
    )


def _weigh(policy: Policy, f: Finding) -> Finding:
    """The severity the hotline's policy gives this finding (first matching decision)."""
    if f.unclear:
        return f  # a bad microphone's finding stays a light one whatever the rule
    table = clauses()
    for d in policy.decisions:
        cited = table[d.cited].citation if d.cited else ""
        if d.matches(f.rule, f.severity, f.clause, cited):
            return f if d.severity == f.severity else replace(f, severity=d.severity)  # type: ignore[arg-type]
    return f


def _cite_own_line(ctx: Any, f: Finding) -> Finding:
    """Cite the call's own line's standard where it has the clause (profiles.yaml ``citations``);
    where it has none, say the finding borrows another line's standard."""
    seeds: frozenset[str] = getattr(ctx.profile, "seeds", frozenset())
    clause = clause_by_citation(f.clause)
    if not seeds or clause is None or clause.seed[:3] in seeds or f.category == "forbidden":
        # A 禁语 is cited by its entry on every line: each standard bans the kind of speech
        # (000 服务禁语, 002 第二十五条 with 附件3 cut off in the seed, 003 忌语, 004 六 5).
        return f
    equivalents = citation_equivalents()
    table = clauses()
    alternatives = equivalents.get(f"{f.rule}:{clause.id}") or equivalents.get(clause.id) or ()
    own = next((table[a] for a in alternatives if table[a].seed[:3] in seeds), None)
    if own is not None:
        return replace(f, clause=own.citation)
    line = ctx.match_context.hotline_names[0] if ctx.match_context.hotline_names else "本热线"
    document = documents().get(clause.seed, clause.seed)
    note = f"（{line}的规范没有相应条款，此条借用《{document}》）"
    return replace(f, message=f"{f.message.rstrip('。')}。{note}")


def _without_repeated_outcome(findings: list[Finding]) -> list[Finding]:
    """The scenario's failure ending (OUT001) is left out when a blocker of its category already
    tells the same failure (a 禁语 that made the caller hang up is one finding, not two)."""
    vetoed = {f.category for f in findings if f.severity == "blocker" and not f.rule.startswith("OUT")}
    return [f for f in findings if not (f.rule == "OUT001" and f.category in vetoed)]


def _order(f: Finding) -> tuple[bool, float, str]:
    return (f.t is None, f.t if f.t is not None else 0.0, f.rule)


def grade(record: CallRecord | Mapping[str, Any], *, pass_mark: int | None = None) -> Report:
    """Grade one call. ``pass_mark`` (an exam's) overrides the hotline profile's."""
    from grading.rules import all_rules

    if not isinstance(record, CallRecord):
        from grading.record import parse_record

        record = parse_record(record)
    ctx = build_context(record)
    findings: list[Finding] = []
    for rule in all_rules():
        try:
            if rule.applies(ctx):  # (Rule.run, without its generator around check's)
                findings.extend(rule.check(ctx))
        except Exception as exc:  # a bug in a rule must not become a traceback for a trainee
            where = f"（{record.source}）" if record.source else ""
            raise RuleCrash(
                f"规则 {rule.code} 评分时出错{where}：{type(exc).__name__}: {exc}",
                hint="这是程序缺陷，请把这份通话记录和这条消息报告给开发者",
            ) from exc
    findings = _without_repeated_outcome(findings)
    policy = policy_for(getattr(ctx.profile, "id", "default"))
    findings = [_cite_own_line(ctx, _weigh(policy, f)) for f in findings]
    findings.sort(key=_order)
    mark = pass_mark if pass_mark is not None else getattr(ctx.profile, "pass_mark", None)
    result = compute_score(findings, pass_mark=mark, weights=policy.weights)
    events = record.events
    notes: tuple[str, ...] = ()
    if ctx.facts.origin != "record":
        notes = (f"这份记录没有附带场景资料（较早的记录），按场景库中现在的 {record.scenario} 评分；"
                 "场景改过的话，结果可能与当时不同。",)
    return Report(
        notes=notes,
        scenario=record.scenario,
        passed=result.passed,
        score=result.score,
        findings=tuple(findings),
        pass_mark=result.pass_mark,
        breakdown=result.breakdown,
        hotline=ctx.match_context.hotline_names[0],
        source=record.source,
        duration=max((e.stop for e in events), default=0.0),
    )
