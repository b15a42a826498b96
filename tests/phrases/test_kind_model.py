"""The learned 禁语 kind detector (simulator.phrases.kindmodel): a second detector behind the
patterns, for 禁语 in wording no pattern was written for, that keeps correct speech clean."""

from __future__ import annotations

import json
import random
from itertools import pairwise

import pytest

from simulator.phrases import PhraseMatcher, default_matcher
from simulator.phrases.acts import load_acts
from simulator.phrases.kindmodel import (
    BOUND_SLACK,
    MODEL_FILE,
    KindModel,
    grams,
    kind_model,
    model_entries,
    sentences,
)
from simulator.phrases.normalize import normalise
from simulator.phrases.types import EMPTY_CONTEXT, Act, ForbiddenEntry

# Fresh wording of the kinds (written for this test, not in any probe file): no pattern knows them.
FRESH = (
    "这种事你找别人去，别来烦我们",
    "你自己不会看说明书吗",
)
# Correct sentences that share words with 禁语 (the hard negatives among them).
CORRECT = (
    "别着急，我马上帮您查",
    "您问的这个问题我帮您记下来了",
    "我不清楚的地方会先帮您核实",
    "对不起，让您久等了，系统刚才有点慢。",
    "请您稍等，我帮您查一下。",
    "这个问题不归我们热线办理，请您致电12345。",
    "请问还有什么可以帮您？",
    "感谢您的来电，再见。",
    "您不用挂机，我这就帮您转接。",
)


def _learned(text: str) -> list[str]:
    return [h.entry or "" for h in default_matcher().detect(text) if (h.entry or "").startswith("m-")]


@pytest.mark.parametrize("text", FRESH)
def test_fresh_wording_is_found_with_its_kind_and_clause(text: str) -> None:
    hits = [h for h in default_matcher().detect(text) if h.act == "forbidden"]
    assert hits, f"{text} 没有被识别为禁语"
    entries = {e.id: e for e in load_acts().get("forbidden").forbidden}
    for h in hits:
        entry = entries[h.entry or ""]
        assert entry.kind and entry.clause and entry.tip
        assert h.quote and h.quote in text


@pytest.mark.parametrize("text", CORRECT)
def test_correct_speech_stays_clean(text: str) -> None:
    assert not [h for h in default_matcher().detect(text) if h.act == "forbidden"]


def test_model_only_speaks_when_the_patterns_are_silent() -> None:
    hits = default_matcher().detect("跟你说了也白说")  # a pattern 禁语
    assert any(h.act == "forbidden" for h in hits)
    assert not _learned("跟你说了也白说")


def test_a_chatting_turn_is_left_to_its_own_rule() -> None:
    text = "哈哈，谢谢夸奖。一个人在家是挺无聊的，您平时都喜欢干点什么？"  # dev-calls 018
    assert not _learned(text)


def test_the_learned_hit_quotes_one_sentence() -> None:
    text = "您好，请问有什么可以帮您？这种事你找别人去，别来烦我们。"
    hits = [h for h in default_matcher().detect(text) if (h.entry or "").startswith("m-")]
    assert [h.quote for h in hits] == ["这种事你找别人去，别来烦我们"]
    assert sentences("好的。嗯！行") == [(0, 2), (3, 4), (5, 6)]


def test_model_entries_name_a_kind_and_are_not_matched_as_words() -> None:
    entries = model_entries(load_acts().get("forbidden").forbidden)
    assert set(entries) >= set(kind_model().kinds)  # every kind the model can name has an entry
    for entry in entries.values():
        assert not entry.variants and not entry.patterns
        assert not _learned_as_words(entry)


def _learned_as_words(entry: ForbiddenEntry) -> bool:
    """Whether the matcher's word search reports the entry (it must not: it stands for a kind)."""
    from simulator.phrases.search import search

    m = default_matcher()
    return any(h.entry == entry.id for h in search(m._units(EMPTY_CONTEXT), entry.text, 80))


def test_a_library_without_model_entries_gets_no_learned_hits() -> None:
    forbidden = Act("forbidden", "禁语", (), forbidden=(ForbiddenEntry("f-1", "你去投诉吧", "002-tiao-25"),))
    m = PhraseMatcher({"forbidden": forbidden})
    assert not m.detect("这种事你找别人去，别来烦我们")


def test_model_file_is_deterministic_data() -> None:
    raw = MODEL_FILE.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert data["threshold"] > 0
    model = kind_model()
    assert model.score("这种事你找别人去别来烦我们") == model.score("这种事你找别人去别来烦我们")


def test_the_shipped_model_is_what_training_gives_now() -> None:
    """Changing the probes, the patterns or the labelled calls changes the training data: the
    shipped counts and threshold must be retrained (``scripts/train_kind_model.py``)."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, str(repo / "scripts" / "train_kind_model.py"), "--check"],
                         cwd=repo, capture_output=True, text=True, timeout=600,
                         env={**__import__("os").environ, "PYTHONPATH": str(repo)})
    assert run.returncode == 0, run.stdout + run.stderr


def _odd_norms(rng: random.Random, alphabet: str, n: int) -> list[str]:
    """Normalised-looking strings the probes do not have: repeated characters and pairs, a
    character or two, ``^`` and ``$`` inside (the model's own end marks)."""
    out = []
    for _ in range(n):
        size = rng.choice((1, 2, 3, 5, 8, 13, 21, 40))
        pool = rng.sample(alphabet, k=rng.choice((2, 4, 30)))  # few distinct: many repeats
        out.append("".join(rng.choice(pool) for _ in range(size)))
    return out


def test_the_score_bound_is_never_below_the_score() -> None:
    """A sentence is scored only when its :class:`ScoreBound` is above the limit, so the bound
    must be at least the exact score for every sentence: probes, correct speech, odd strings —
    for the shipped model and for one whose unseen grams count negative."""
    from probekit import PROBES, load

    texts = [p.text for p in load(tuple(sorted(p.name for p in PROBES.glob("*.yaml"))))]
    norms = [normalise(t[s:e]) for t in [*texts, *FRESH, *CORRECT] for s, e in sentences(t)]
    real = len(norms)
    alphabet = "".join(sorted({c for n in norms for c in n})) + "^$"
    norms += _odd_norms(random.Random(5), alphabet, 3000)
    rng = random.Random(6)
    grams_seen = sorted({g for n in norms[:300] for g in grams(n)})
    negative = KindModel.from_data({  # more 禁语 than correct speech: unseen grams count negative
        "threshold": 0.0, "positives": 50, "negatives": 7, "kinds": ["a"], "kind_sizes": [50],
        "grams": {g: [rng.randint(0, 9), rng.randint(0, 9)] for g in rng.sample(grams_seen, 3000)},
        "kind_grams": {g: {"0": 1} for g in grams_seen[:50]},
    })
    for model in (kind_model(), negative):
        for norm in norms:
            assert model.bound(norm) >= model.score(norm) - BOUND_SLACK, norm
    # and it does its job: 40 % of the probe sentences (most of them 禁语 or near-misses) need no
    # exact score (95 % of ordinary operator sentences)
    assert sum(kind_model().bound(n) <= kind_model().threshold for n in norms[:real]) > real / 4


def test_scores_do_not_depend_on_the_hash_seed() -> None:
    """The sum over a sentence's set of grams follows the set's order, which follows the
    process's hash seed: the exactly rounded sum gives the same figure in every process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("from simulator.phrases.kindmodel import kind_model\n"
            "from simulator.phrases.normalize import normalise\n"
            f"m = kind_model()\nfor t in {list(FRESH + CORRECT)!r}:\n"
            "    n = normalise(t)\n    print(repr(m.score(n)), m.kind(n))\n")
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    runs = {subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True,
                           env={**env, "PYTHONHASHSEED": seed}, timeout=120).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_a_sentence_seen_before_is_judged_as_the_first_time() -> None:
    """A model keeps each sentence's normalised form and bound (``memo``): the sentence said
    again, alone or inside another utterance, at another threshold, gets the same result."""
    from probekit import PROBES, load

    from simulator.phrases.kindmodel import candidate
    from simulator.phrases.search import search

    m = default_matcher()
    texts = [p.text for p in load(tuple(sorted(p.name for p in PROBES.glob("*.yaml"))))][::7]
    texts += ["。".join(pair) for pair in pairwise(texts)]
    hits = {t: tuple(h for h in search(m._units(EMPTY_CONTEXT), t, m.threshold) if h.act != "forbidden")
            for t in texts}
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    for threshold in (kind_model().threshold, -1e9):
        fresh = [candidate(t, hits[t], KindModel.from_data(data), threshold) for t in texts[:40]]
        model = KindModel.from_data(data)
        again = [candidate(t, hits[t], model, threshold) for t in texts + texts[:40]][-40:]
        assert model.memo and fresh == again


def test_the_bound_from_the_pieces_is_the_bound_of_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text normalised piece by piece (between its punctuation) gives the bound its pieces'
    pairs and the pairs across the cuts: the same pairs as the whole text's."""
    from probekit import PROBES, load

    from simulator.phrases import kindmodel
    from simulator.phrases.normalize import pieces_of

    texts = [p.text for p in load(tuple(sorted(p.name for p in PROBES.glob("*.yaml"))))]
    joined = ["，".join(texts[k : k + n]) for n in (1, 2, 3) for k in range(0, len(texts) - n, 11)]
    norms = [normalise(t) for t in joined]
    norms = [n for n in norms if len(pieces_of(n) or ()) > 1]
    assert len(norms) > 100
    model = kind_model()
    by_pieces = [model.bound(n) for n in norms]
    monkeypatch.setattr(kindmodel, "pieces_of", lambda text: None)
    whole = [model.bound(n) for n in norms]
    assert by_pieces == pytest.approx(whole, abs=1e-9)
