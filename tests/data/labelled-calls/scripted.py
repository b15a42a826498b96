"""Scripted calls of the labelled set: played through the engine (as ``hotline play ID --script``
does), so the record carries the path, the outcome and the scenario facts, like a call from the app.

Each scenario's golden playthroughs are played again with the trainee's lines as a recogniser
writes them (no punctuation, a space between characters, 请稍等 → 请稍登, 抱歉 → 报歉): the
examiner's label does not change with the spelling — a good call passes with no finding, a faulty
one fails with the categories its playthrough names (``must_flag``/``must_not_flag``), or, where
it names none, with no category ruled out.
"""

from __future__ import annotations

import re
from typing import Any

_ALL = ("opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
        "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer")


def respell(line: str) -> str:
    if not line.strip() or line.lstrip().startswith(("/", "#", "@")):
        return line
    plain = re.sub(r"[，。？！、,.?!：:；;“”‘’]", "", line.strip())
    plain = plain.replace("请稍等", "请稍登").replace("抱歉", "报歉")
    if re.search(r"[A-Za-z]", plain):
        return plain  # English: the recogniser writes words, not letters
    return " ".join(plain)


def _category(sc: Any, pt: Any, item: str) -> str:
    """A playthrough's must-flag item as a report category (it may name a rule code instead)."""
    if item in _ALL:
        return item
    if item.upper() == "OUT001" and pt.path:
        node = sc.nodes.get(pt.path[-1])
        fail = getattr(node, "fail", None)
        if fail is not None and fail.category:
            return str(fail.category)
        return sc.grading[0] if sc.grading else "closing"
    from grading.rules import get_rule

    return str(get_rule(item).category)


def scripted() -> list[tuple[str, dict[str, Any]]]:
    """(call id, record with ``expect``) for every playthrough of the library, re-spelled."""
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.library import scenario_files
    from simulator.scenario.loader import load_scenario

    out = []
    for path in scenario_files():
        sc = load_scenario(path)
        for n, pt in enumerate(sc.playthroughs):
            text = "\n".join(respell(x) for x in pt.script.splitlines())
            record = play_script(sc, parse_script(text), seed=pt.seed).record
            passed = pt.success if pt.passed is None else pt.passed
            flag = [_category(sc, pt, x) for x in pt.must_flag]
            absent = [c for c in _ALL if c not in flag] if passed else list(pt.must_not_flag)
            record["expect"] = {"passed": passed, "categories": flag, "absent": absent,
                                "why": f"{pt.name}（识别器写法）"}
            out.append((f"{sc.id}-play{n + 1}-asr", record))
    return out


def paraphrased() -> list[tuple[str, dict[str, Any]]]:
    """(call id, record with ``expect``) for every call of ``tests/data/paraphrased-calls.yaml``: a
    correct call per scenario in an operator's own wording and common faults, played through the
    engine."""
    from pathlib import Path

    import yaml

    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.library import scenario_files
    from simulator.scenario.loader import load_scenario

    scenarios = {sc.id: sc for sc in (load_scenario(p) for p in scenario_files())}
    source = Path(__file__).resolve().parent.parent / "paraphrased-calls.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    out = []
    for n, item in enumerate(data):
        sc = scenarios[item["scenario"]]
        record = play_script(sc, parse_script(item["script"]), seed=int(item.get("seed", 1))).record
        absent = list(_ALL) if item["absent"] == "all" else list(item["absent"])
        record["expect"] = {"passed": bool(item["passed"]), "categories": list(item["categories"]),
                            "absent": absent, "why": item["why"]}
        tag = "ok" if item["passed"] and not item["categories"] else "fault"
        out.append((f"{sc.id}-{tag}{n + 1}", record))
    return out
