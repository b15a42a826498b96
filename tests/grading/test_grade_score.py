"""Scoring: weights, caps, blockers, pass mark and the per-category breakdown."""

from __future__ import annotations

from grading.model import Finding
from grading.score import DEFAULT_PASS_MARK, score


def f(rule: str = "OPN001", severity: str = "minor", category: str = "opening", *,
      unclear: bool = False, t: float | None = 1.0) -> Finding:
    return Finding(rule=rule, category=category, severity=severity, t=t, quote="", clause="c",  # type: ignore[arg-type]
                   message="m", tip="tip", unclear=unclear)


def test_clean_call_scores_100_and_passes() -> None:
    s = score([])
    assert (s.score, s.passed, s.pass_mark, s.breakdown) == (100, True, DEFAULT_PASS_MARK, {})


def test_any_blocker_fails_even_with_a_high_score() -> None:
    s = score([f("FBD001", "blocker", "forbidden")], pass_mark=0)
    assert not s.passed and s.blockers == 1 and s.score == 50


def test_one_major_fails_at_the_default_pass_mark_but_not_at_70() -> None:
    one = [f("HLD002", "major", "hold")]
    assert score(one).score == 75 and not score(one).passed
    assert score(one, pass_mark=70).passed


def test_four_minors_pass_five_fail() -> None:
    four = [f(f"CRT00{i}", "minor", "courtesy") for i in range(4)]
    five = [*four, f("PAC001", "minor", "pace")]
    assert score(four).score == 80 and score(four).passed
    assert score(five).score == 75 and not score(five).passed


def test_a_rule_repeating_loses_at_most_twice_its_heaviest_finding() -> None:
    many = [f("PAC001", "minor", "pace") for _ in range(10)]
    s = score(many)
    assert s.breakdown == {"pace": 10} and s.score == 90


def test_unclear_findings_never_fail_a_call() -> None:
    many = [f(f"R{i:05d}", "minor", "opening", unclear=True) for i in range(30)]
    s = score(many)
    assert s.passed and s.score == 90 and s.breakdown == {"opening": 10}


def test_breakdown_is_per_category_in_contract_order_and_sums_to_the_loss() -> None:
    s = score([f("HLD002", "major", "hold"), f("OPN001", "minor", "opening"),
               f("FBD001", "blocker", "forbidden")])
    assert list(s.breakdown) == ["opening", "forbidden", "hold"]
    assert s.breakdown == {"opening": 5, "forbidden": 50, "hold": 25}
    assert s.score == 100 - sum(s.breakdown.values()) == 20


def test_score_never_below_zero() -> None:
    s = score([f(f"R{i:05d}", "blocker", "forbidden") for i in range(5)])
    assert s.score == 0 and not s.passed
