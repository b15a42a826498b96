"""Draws are reproducible: the same exam, candidate and seed draw the same calls and caller seeds."""

from __future__ import annotations

from dataclasses import replace

from simulator.exams.draw import draw
from simulator.exams.library import find


def test_same_exam_candidate_and_seed_draw_identical_calls() -> None:
    exam = find("hotline-certification")
    for seed in (0, 1, 12345, 2**31 - 1):
        for who in ("张三", "李四", "王五"):
            assert draw(exam, who, seed) == draw(find("hotline-certification"), who, seed)


def test_draw_takes_one_from_each_pool_in_order_without_repeats() -> None:
    exam = find("hotline-certification")
    slots = draw(exam, "张三", 7)
    assert [s.pool for s in slots] == [p.name for p in exam.pools]
    for s, pool in zip(slots, exam.pools, strict=True):
        assert s.scenario in pool.scenarios
        assert len(s.seeds) == exam.attempts
    assert [s.index for s in slots] == list(range(1, len(slots) + 1))


def test_per_candidate_draws_differ_between_candidates_and_seeds() -> None:
    exam = find("hotline-certification")
    names = [f"考生{i}" for i in range(30)]
    draws = {tuple(s.scenario for s in draw(exam, n, 1)) for n in names}
    assert len(draws) > 5  # neighbours get different calls
    assert {tuple(draw(exam, "张三", seed)) for seed in range(20)}.__len__() > 5


def test_same_for_all_gives_everyone_the_same_calls_and_retakes_another_variant() -> None:
    exam = find("mock-exam")
    assert exam.seed == "same-for-all" and exam.attempts == 2
    assert draw(exam, "张三", 3) == draw(exam, "李四", 3)
    for s in draw(exam, "张三", 3):
        assert s.seeds[0] != s.seeds[1]


def test_changing_the_pools_changes_the_draw_but_not_the_pass_marks() -> None:
    exam = find("hotline-certification")
    stricter = replace(exam, passing=replace(exam.passing, call=90))
    assert draw(exam, "张三", 5) == draw(stricter, "张三", 5)
