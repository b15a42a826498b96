"""The package surface: what simulator.phrases exports, and that the act library loads lazily."""

from __future__ import annotations

import subprocess
import sys

import simulator.phrases as phrases


def test_exports() -> None:
    for name in ("normalise", "PhraseMatcher", "default_matcher", "MatchContext", "Hit", "score"):
        assert name in phrases.__all__ and callable(getattr(phrases, name))


def test_load_acts_and_act_ids_are_re_exported_lazily() -> None:
    code = (
        "import sys, simulator.phrases as p\n"
        "assert 'simulator.phrases.acts' not in sys.modules, 'imported eagerly'\n"
        "from simulator.phrases.acts import load_acts, act_ids\n"
        "assert p.load_acts is load_acts and p.act_ids is act_ids\n"
        "assert 'greet' in p.act_ids() and 'forbidden' in p.load_acts().acts\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_matcher_is_one_cached_instance_over_the_act_library() -> None:
    m = phrases.default_matcher()
    assert m is phrases.default_matcher()
    assert set(m.acts) == set(phrases.act_ids())
    assert m.threshold == phrases.DEFAULT_THRESHOLD == 80


def test_every_export_resolves() -> None:
    for name in phrases.__all__:
        assert getattr(phrases, name) is not None, name
    assert set(phrases.__all__) <= set(dir(phrases))


def test_act_ids_do_not_load_the_matcher() -> None:
    """``hotline scenarios lint`` needs only the act ids: the package must not pull in the matcher,
    pypinyin or zhconv (about 0.2 s of start-up) for them."""
    code = (
        "import sys\n"
        "from simulator.phrases.acts import act_ids\n"
        "assert 'greet' in act_ids()\n"
        "names = ('simulator.phrases.matcher', 'simulator.phrases.normalize', 'pypinyin', 'zhconv')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
