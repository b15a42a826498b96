"""The phrase probes (tests/phrases/probes/): 禁语 in any wording, hard negatives, act synonyms.

The tuning set must meet issue 13's bar (≥ 98 % of 禁语 probes detected, ≤ 1 % false alarms on
the hard negatives); the examples quoted in the issue are checked one by one. The held-out set is
only guarded against collapse here — its figure is reported by ``benchmarks/probe_eval.py``.
"""

from __future__ import annotations

import pytest
from probekit import HELDOUT, HELDOUT2, TUNE, Probe, load, passes, score

from simulator.phrases import MatchContext, default_matcher

CTX = MatchContext(hotline_names=("12320卫生热线", "12320"), departments=("社保局",), phones=("12333",))

# Issue 13, class 1: 禁语 in passing or in other words; hard negatives that must stay clean.
ISSUE_FORBIDDEN = [
    "您这到底什么意思我没太明白",
    "系统还没出结果，等一会吧",
    "上次不就跟您讲明白了",
    "您咋还不挂呢",
    "这个确实没法查",
    "这事儿俺们管不着",
]
ISSUE_CLEAN = [
    "别着急，我马上帮您查",
    "您问的这个问题我帮您记下来了",
    "我不清楚的地方会先帮您核实",
    "对不起，刚才给您转接的同事可能没能充分理解您的意思，我这里是12320卫生热线，"
    "您咨询的问题，请致电社保局电话：12333查询即可",
]
# Issue 13, class 6: synonyms of standard phrases.
ISSUE_ACTS = [
    ("您这边还有别的要咨询的吗", "anything_else"),
    ("您不用挂机，我这就帮您转接", "offer_transfer"),
    ("这是我们分内的事", "accept_praise"),
    ("是不是开着免提？麻烦您拿起话筒说", "ask_speakerphone"),
    ("太感谢您了，您的肯定就是对我们最大的鼓励", "accept_praise"),
    ("太感谢您了，您的肯定就是对我们最大的鼓励", "thank_feedback"),
]


def _acts(text: str) -> set[str]:
    return {h.act for h in default_matcher().detect(text, CTX)}


@pytest.mark.parametrize("text", ISSUE_FORBIDDEN)
def test_issue_forbidden_in_passing_or_other_words(text: str) -> None:
    assert "forbidden" in _acts(text)


@pytest.mark.parametrize("text", ISSUE_CLEAN)
def test_issue_hard_negatives_stay_clean(text: str) -> None:
    assert "forbidden" not in _acts(text)


@pytest.mark.parametrize(("text", "act"), ISSUE_ACTS)
def test_issue_synonyms_are_recognised(text: str, act: str) -> None:
    assert act in _acts(text)


def _report(failures: list[Probe]) -> str:
    return "\n".join(f"{p.expect} {p.act or p.clause} {p.form}: {p.text}" for p in failures)


def test_probe_set_is_big_enough() -> None:
    s = score(default_matcher(), load(TUNE))
    assert s.positives >= 300 and s.negatives >= 100 and s.act_probes >= 100


def test_forbidden_probes_meet_the_bar() -> None:
    s = score(default_matcher(), load(TUNE))
    assert s.detection >= 0.98, _report([p for p in s.failures if p.expect == "forbidden"])
    assert s.false_alarm_rate <= 0.01, _report([p for p in s.failures if p.expect == "clean"])


def test_act_probes() -> None:
    s = score(default_matcher(), load(TUNE))
    assert s.act_recall >= 0.95, _report([p for p in s.failures if p.expect == "act"])
    # Known gap: 您好像说错了 still reads as a greeting (exact 您好 inside 好像).
    assert s.act_wrong <= 1, _report([p for p in s.failures if p.expect == "not"])


def test_every_detected_forbidden_cites_its_clause_and_has_a_tip() -> None:
    m = default_matcher()
    entries = {e.id: e for e in m.acts["forbidden"].forbidden}
    for p in load(TUNE):
        if p.expect != "forbidden" or not passes(m, p):
            continue
        for hit in m.detect(p.text, p.ctx):
            if hit.act == "forbidden":
                entry = entries[hit.entry or ""]
                assert entry.clause and entry.tip, entry.id


@pytest.mark.parametrize("files", [HELDOUT, HELDOUT2])
def test_heldout_does_not_collapse(files: tuple[str, ...]) -> None:
    s = score(default_matcher(), load(files))
    assert s.detection >= 0.85 and s.false_alarm_rate <= 0.05
