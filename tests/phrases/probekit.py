"""Load and score the phrase probes in ``tests/phrases/probes/`` (shared by the probe test and
``benchmarks/probe_eval.py``).

A 禁语 probe is detected when the matcher reports any ``forbidden`` hit; a hard negative (``clean``)
is a false alarm when it reports one. An act probe is recognised when the act is among the hits;
an act negative (``not``) is wrong when it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.phrases import MatchContext, PhraseMatcher

PROBES = Path(__file__).resolve().parent / "probes"
TUNE = ("forbidden.yaml", "acts.yaml", "kinds.yaml", "tune7.yaml", "tune8.yaml", "tune9.yaml")
HELDOUT = ("heldout.yaml",)
HELDOUT2 = ("heldout2.yaml",)
HELDOUT3 = ("heldout3.yaml",)  # written from the seeds before issue 13's second pass; measured once
HELDOUT4 = ("heldout4.yaml",)  # written before tuning, measured once at the end of that pass
HELDOUT5 = ("heldout5.yaml",)  # written after heldout4 was measured, before its failures were read
HELDOUT6 = ("heldout6.yaml",)  # written after heldout5 was measured, before its failures were read
HELDOUT7 = ("heldout7.yaml",)  # 12320 wording, written before this session tuned anything


@dataclass
class Probe:
    text: str
    expect: str  # "forbidden", "clean", "act", "not"
    act: str = ""  # for act / not
    clause: str = ""
    kind: str = ""
    form: str = ""
    source: str = ""
    ctx: MatchContext = field(default_factory=MatchContext)


def _ctx(data: dict[str, Any]) -> MatchContext:
    c = data.get("context") or {}
    return MatchContext(
        hotline_names=tuple(c.get("hotline_names", ())),
        departments=tuple(c.get("departments", ())),
        phones=tuple(str(p) for p in c.get("phones", ())),
    )


def load(files: tuple[str, ...]) -> list[Probe]:
    out: list[Probe] = []
    for name in files:
        data = yaml.safe_load((PROBES / name).read_text(encoding="utf-8"))
        ctx = _ctx(data)
        for group in data.get("forbidden") or ():
            for text, form in group["probes"]:
                out.append(Probe(str(text), "forbidden", clause=group["clause"], kind=group["kind"],
                                 form=form, source=name, ctx=ctx))
        for group in data.get("clean") or ():
            for text in group["probes"]:
                out.append(Probe(str(text), "clean", clause=group["near"], source=name, ctx=ctx))
        for act, texts in (data.get("acts") or {}).items():
            out.extend(Probe(str(t), "act", act=act, source=name, ctx=ctx) for t in texts)
        for act, texts in (data.get("not") or {}).items():
            out.extend(Probe(str(t), "not", act=act, source=name, ctx=ctx) for t in texts)
    return out


def passes(m: PhraseMatcher, p: Probe) -> bool:
    hits = m.detect(p.text, p.ctx)
    acts = {h.act for h in hits}
    if p.expect == "forbidden":
        return "forbidden" in acts
    if p.expect == "clean":
        return "forbidden" not in acts
    if p.expect == "act":
        return p.act in acts
    return p.act not in acts


@dataclass
class Scores:
    detected: int = 0
    positives: int = 0
    false_alarms: int = 0
    negatives: int = 0
    acts_found: int = 0
    act_probes: int = 0
    act_wrong: int = 0
    act_negatives: int = 0
    failures: list[Probe] = field(default_factory=list)

    @property
    def detection(self) -> float:
        return self.detected / self.positives if self.positives else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.negatives if self.negatives else 0.0

    @property
    def act_recall(self) -> float:
        return self.acts_found / self.act_probes if self.act_probes else 1.0

    @property
    def act_false_rate(self) -> float:
        return self.act_wrong / self.act_negatives if self.act_negatives else 0.0


def score(m: PhraseMatcher, probes: list[Probe]) -> Scores:
    s = Scores()
    for p in probes:
        ok = passes(m, p)
        if p.expect == "forbidden":
            s.positives += 1
            s.detected += ok
        elif p.expect == "clean":
            s.negatives += 1
            s.false_alarms += not ok
        elif p.expect == "act":
            s.act_probes += 1
            s.acts_found += ok
        else:
            s.act_negatives += 1
            s.act_wrong += not ok
        if not ok:
            s.failures.append(p)
    return s
