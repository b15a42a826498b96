"""The C accelerator (simulator/phrases/_speedups.c) gives the pure-Python code's answers exactly.

It is built by ``pip install -e .``; each test here runs the same input through both paths and
compares: the index's candidates, the search's window tests and alignment, and whole detect()
results in a process where the accelerator is switched off (``HOTLINE_PURE_PYTHON=1``).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import probekit
import pytest
from mutations import NOISE, mutated
from seedlib import seed_library
from traps import CORRECT, RUDE

from simulator.phrases import MatchContext, default_matcher, search, speedups
from simulator.phrases.align import Compiled
from simulator.phrases.index import Catalogue, catalogue
from simulator.phrases.library import build_units
from simulator.phrases.normalize import Normalised, normalise_map, pieces_of
from simulator.phrases.pinyin import Syllables, homophone_key, syllables

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
CONTEXTS = [
    MatchContext(),
    MatchContext(hotline_names=("12320卫生热线", "12320"), departments=("医政处",), phones=("025-83620000",)),
    MatchContext(hotline_names=("95598供电服务热线", "95598"), departments=("城西供电所",)),
]
def _corpus(count: int = 400) -> list[str]:
    """The traps, the tuning probes (禁语 in passing, paraphrased, recogniser spelling; correct
    near-misses) and library phrases with a few characters changed."""
    lib = seed_library()
    units = build_units(lib.values(), CONTEXTS[1])
    phrases = [c.phrase for unit in units for c in unit.phrases]
    probes = [p.text for p in probekit.load(probekit.TUNE)]
    return list(CORRECT + RUDE) + probes[::3] + mutated(random.Random(11), phrases, count)


def _candidate_cases(count: int, thresholds: tuple[float, ...]) -> Iterator[
        tuple[Catalogue, Normalised, Syllables, float, dict[int, list[Compiled]]]]:
    """(catalogue, text, its syllables, threshold, the index's candidates) for each call context,
    text of :func:`_corpus` short enough for the C alignment, and threshold."""
    for ctx in CONTEXTS:
        cat = catalogue(build_units(seed_library().values(), ctx), 80.0)
        for text in _corpus(count):
            norm = normalise_map(text)
            syl = syllables(norm.text)
            if not syl.chars or len(syl.chars) > search.FIT_LONGEST:
                continue
            for threshold in thresholds:
                yield cat, norm, syl, threshold, cat.candidates(syl, threshold) or {}


def _in_c_and_python(monkeypatch: pytest.MonkeyPatch, run: Callable[..., T], *args: Any) -> tuple[T, T]:
    """``run(*args)`` with the search's C paths, then with them switched off."""
    got = run(*args)
    monkeypatch.setattr(search, "_FAST", None)
    try:
        return got, run(*args)
    finally:
        monkeypatch.undo()


needs_build = pytest.mark.skipif(speedups.module() is None, reason=speedups.status())


def test_the_accelerator_is_built_and_used() -> None:
    """`pip install -e .` builds it on a machine with a C compiler (every machine this project
    installs on); a missing build would make grading several times slower without a failure."""
    if os.environ.get(speedups.ENV_OFF):
        pytest.skip("switched off in this environment")
    assert speedups.module() is not None, speedups.status()
    assert speedups.status() == "C 加速已启用"


def test_a_build_of_another_source_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if speedups.module() is None:
        pytest.skip(speedups.status())
    edited = tmp_path / "_speedups.c"
    edited.write_text(speedups.SOURCE.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    monkeypatch.setattr(speedups, "SOURCE", edited)
    module, why = speedups._load.__wrapped__()  # type: ignore[attr-defined]
    assert module is None
    assert "pip install -e ." in why
    monkeypatch.setenv(speedups.ENV_OFF, "1")
    module, why = speedups._load.__wrapped__()  # type: ignore[attr-defined]
    assert module is None and speedups.ENV_OFF in why


@needs_build
@pytest.mark.parametrize("ctx", CONTEXTS, ids=["plain", "12320", "95598"])
def test_candidates_in_c_are_the_python_candidates(ctx: MatchContext) -> None:
    cat = catalogue(build_units(seed_library().values(), ctx), 80.0)
    fast = cat.fast
    assert fast is not None
    compared = 0
    for text in _corpus():
        syl = syllables(normalise_map(text).text)
        if not syl.chars or not syl.token_mask:
            continue
        for threshold in (80.0, 85.0, 92.5, 100.0):
            object.__setattr__(cat, "fast", None)
            try:
                expected = cat.candidates(syl, threshold)
            finally:
                object.__setattr__(cat, "fast", fast)
            got = cat.candidates(syl, threshold)
            assert got == expected, (text, threshold)
            assert list(got or ()) == list(expected or ()), (text, threshold)  # the same order
            compared += 1
    assert compared > 1000


@needs_build
@pytest.mark.parametrize("ctx", CONTEXTS, ids=["plain", "12320", "95598"])
def test_pattern_candidates_in_c_are_the_python_ones(ctx: MatchContext) -> None:
    """The pattern prefilter over the whole homophone key in C, piece by piece in Python."""
    cat = catalogue(build_units(seed_library().values(), ctx), 80.0)
    pf = cat.pattern_filter
    fast = pf.fast
    assert fast is not None
    compared = found = 0
    probes = [p.text for p in probekit.load(probekit.TUNE + probekit.HELDOUT)]
    for text in _corpus() + probes + [t + "，" + u for t, u in zip(CORRECT, RUDE, strict=False)]:
        norm = normalise_map(text)
        if not norm.text:
            continue
        key = homophone_key(norm.text)
        got = cat.pattern_candidates(key, pieces_of(norm.text))
        pf.fast = None
        try:
            expected = cat.pattern_candidates(key, pieces_of(norm.text))
            assert cat.pattern_candidates(key) == expected  # (the pieces read one by one: the same)
        finally:
            pf.fast = fast
        assert got == expected and list(got) == list(expected), text
        compared += 1
        found += bool(expected)
    assert compared > 2000 and found > 50


@needs_build
def test_window_tests_and_alignment_in_c_are_the_python_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """search.best_alignment for every candidate phrase of every text, at the matcher's
    thresholds and at raised ones (unit_hit asks for just more than the best score so far)."""
    rng = random.Random(5)
    compared = hits = 0
    raised = 80.005 + rng.random() * 19
    for _, norm, syl, threshold, candidates in _candidate_cases(250, (80.0, raised, 95.0)):
        for phrases in candidates.values():
            for c in phrases:
                got, expected = _in_c_and_python(monkeypatch, search.best_alignment,
                                                 c, norm, syl, threshold, search.LAZY, True)
                assert got == expected, (norm.source, c.phrase, threshold)
                compared += 1
                hits += expected is not None
    assert compared > 5000 and hits > 500


@needs_build
def test_the_phrase_loop_in_c_is_the_python_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """search.unit_hit of every candidate unit of every text (its phrases the index found
    reachable, longest first), with the loop over them in C and in Python."""
    compared = found = 0
    for cat, norm, syl, threshold, candidates in _candidate_cases(250, (80.0, 90.0)):
        for ui, phrases in candidates.items():
            unit = cat.units[ui]
            got, expected = _in_c_and_python(monkeypatch, search.unit_hit,
                                             unit, phrases, norm, syl, threshold, search.LAZY, True, ())
            assert got == expected, (norm.source, unit.act, threshold)
            compared += 1
            found += expected is not None
    assert compared > 3000 and found > 500


@needs_build
def test_detect_is_the_same_without_the_accelerator() -> None:
    """Whole detect() results, this process against one with the accelerator switched off."""
    texts = _corpus(300)
    ctx = CONTEXTS[1]
    code = (
        "import json, sys\n"
        "from simulator.phrases import MatchContext, default_matcher, speedups\n"
        "assert speedups.module() is None\n"
        "texts, names, departments, phones = json.load(sys.stdin)\n"
        "ctx = MatchContext(tuple(names), tuple(departments), tuple(phones))\n"
        "m = default_matcher()\n"
        "print(json.dumps([[repr(h) for h in m.detect(t, ctx)] for t in texts], ensure_ascii=False))\n"
    )
    env = {**os.environ, speedups.ENV_OFF: "1", "PYTHONPATH": str(ROOT)}
    data = json.dumps([texts, ctx.hotline_names, ctx.departments, ctx.phones], ensure_ascii=False)
    run = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    m = default_matcher()
    here = [[repr(h) for h in m.detect(t, ctx)] for t in texts]
    assert json.loads(run.stdout) == json.loads(json.dumps(here, ensure_ascii=False))


@needs_build
def test_the_kind_models_bound_in_c_is_the_python_bound() -> None:
    """The same terms summed in another order: equal up to rounding, and still at least the
    exact score (up to the slack the comparison allows)."""
    import dataclasses

    from simulator.phrases.kindmodel import BOUND_SLACK, kind_model
    from simulator.phrases.normalize import normalise

    m = kind_model()
    assert m.bound.fast is not None
    python = dataclasses.replace(m.bound, fast=None)
    texts = [normalise(t) for t in _corpus(300)] + ["^$", "吧", "等一会吧等一会吧等一会吧"]
    rng = random.Random(3)
    texts += ["".join(rng.choice(NOISE) for _ in range(rng.randint(1, 60))) for _ in range(2000)]
    for norm in filter(None, texts):
        bound = m.bound(norm)
        assert abs(bound - python(norm)) <= 1e-9, norm
        assert bound >= m.score(norm) - BOUND_SLACK, norm


@needs_build
def test_joining_readings_in_c_is_joining_them_in_python() -> None:
    """pinyin._join: the readings of a text's pieces (or chunks) as one, in C and in Python."""
    from simulator.phrases import pinyin

    assert pinyin._FAST_JOIN is not None
    compared = 0
    for text in _corpus(300):
        chars = normalise_map(text).text
        pieces = pieces_of(chars)
        groups = pinyin._groups(pieces) if pieces else [chars[k : k + 3] for k in range(0, len(chars), 3)]
        parts = [pinyin._reading(g) for g in groups if g]
        if not parts or None in parts:
            continue
        got, expected = pinyin._FAST_JOIN(parts), pinyin._join_python(parts)  # type: ignore[arg-type]
        assert got == expected, text
        assert [type(x) for x in got] == [type(x) for x in expected], text
        compared += len(parts) > 1
    assert compared > 200


@needs_build
def test_every_report_is_the_same_without_the_accelerator(tmp_path: Path) -> None:
    """benchmarks/grade_snapshot.py (every report and detect() of the labelled calls and of
    unique calls, every probe sentence, the probe figures) written in pure Python, checked with
    the accelerator: identical. This also keeps the pure-Python path, which a machine without a
    C compiler runs, tested end to end."""
    snap = tmp_path / "snap.json"
    script = str(ROOT / "benchmarks" / "grade_snapshot.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    write = subprocess.run([sys.executable, script, "--bench-calls", "120", "--write", str(snap)],
                           capture_output=True, text=True, env={**env, speedups.ENV_OFF: "1"}, cwd=ROOT,
                           timeout=900, check=False)
    assert write.returncode == 0, write.stderr
    check = subprocess.run([sys.executable, script, "--bench-calls", "120", "--check", str(snap)],
                           capture_output=True, text=True, env=env, cwd=ROOT, timeout=900, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "identical" in check.stdout
