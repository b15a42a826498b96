"""Rule test cases: YAML files ``grading/rules/cases/<CODE>.yaml`` → contract call records.

Format (one file per rule; ``tests/grading/test_rule_cases.py`` discovers them, test ids contain
the code, so ``pytest -k OPN001`` runs one rule)::

    rule: OPN001
    cases:
      - name: 标准开场                 # unique within the file
        expect: pass                   # pass = no finding of this rule; fail = at least one
        turns:
          - operator: 您好，12320卫生热线，请问有什么可以帮您？
          - caller: 我想问一下……
          - hangup: caller
      - name: 只说喂
        expect: fail
        severity: major                # optional (fail only): every finding of the rule has it
        scenario: info-query           # optional, default info-query (must exist in scenarios/)
        hotline: {name: 95598供电服务热线, aliases: ["95598"]}   # optional, default 12320卫生热线
        answer: 12.0                   # optional answer time, default 3.0 (ring is always at 0)
        extra: {interrupted: true}     # optional: other record fields (path, outcome, interrupted)
        turns:
          - operator: 喂？
      - name: 原始事件
        expect: fail
        events:                        # instead of turns: raw contract events, used as written
          - {t: 0.0, type: ring}
          - {t: 3.0, type: answer}
          - {t: 3.4, end: 5.0, type: say, who: operator, text: 喂}

``turns`` items are one-key mappings, laid out like the dev calls: ring at 0, answer at
``answer``; each item starts 0.8 s after the previous one ends; speech lasts len(text)/3.6 s
(punctuation and spaces not counted, at least 0.5 s):

- ``operator: 文本`` / ``caller: 文本`` — a say event;
  ``operator_low: 文本`` — an operator turn with confidence 0.3 (recogniser unsure);
- ``wait: N`` — N seconds of silence (no event; the next item starts N s later instead of 0.8 s);
- ``hold: N`` — hold, then unhold N s later;
- ``transfer: 医政处`` — a transfer event; ``hangup: operator|caller`` — a hangup event.

A ``say`` item may carry extra keys next to its one text key:
``confidence: 0.5``, ``duration: 2.0`` (seconds, overrides the 3.6 chars/s rate),
``overlap: 3.0`` (start this many seconds before the previous say event ends — talking over),
``at: 12.5`` (absolute start time). Every other item may carry ``at`` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from grading.errors import GradingError
from simulator.call.timing import DEV_CALLS_CHARS_PER_SECOND, REPLY_GAP, case_seconds

CASES_DIR = Path(__file__).resolve().parent / "rules" / "cases"
DEFAULT_SCENARIO = "info-query"
DEFAULT_HOTLINE: dict[str, Any] = {"name": "12320卫生热线", "aliases": ["12320"]}
ANSWER_AT = 3.0
CHARS_PER_SECOND = DEV_CALLS_CHARS_PER_SECOND
GAP = REPLY_GAP
LOW_CONFIDENCE = 0.3
_SAY_KEYS = {"operator": ("operator", None), "caller": ("caller", None),
             "operator_low": ("operator", LOW_CONFIDENCE)}
_SAY_OPTIONS = {"confidence", "duration", "overlap", "at"}
_CASE_KEYS = {"name", "expect", "severity", "scenario", "hotline", "answer", "turns", "events", "note",
              "extra"}


class CaseError(GradingError):
    """A rule case file does not follow the case format."""


speech_seconds = case_seconds  # the dev calls' pace (:mod:`simulator.call.timing`)


def build_call(case: dict[str, Any]) -> dict[str, Any]:
    """The contract record (a plain dict) for one case."""
    name = case.get("name", "?")
    unknown = set(case) - _CASE_KEYS
    if unknown:
        raise CaseError(f"用例 {name!r}：未知字段 {sorted(unknown)}")
    record: dict[str, Any] = {
        "format": "hotline-call/1",
        "scenario": case.get("scenario", DEFAULT_SCENARIO),
        "hotline": case.get("hotline", DEFAULT_HOTLINE),
    }
    extra = case.get("extra") or {}
    if not isinstance(extra, dict) or set(extra) & {"format", "scenario", "hotline", "events"}:
        raise CaseError(f"用例 {name!r}：extra 应为映射（记录的其他字段，如 path、interrupted）")
    record.update(extra)
    if "events" in case:
        if "turns" in case:
            raise CaseError(f"用例 {name!r}：turns 与 events 只能二选一")
        record["events"] = list(case["events"])
        return record
    answer = float(case.get("answer", ANSWER_AT))
    events: list[dict[str, Any]] = [{"t": 0.0, "type": "ring"}, {"t": answer, "type": "answer"}]
    cursor = answer  # when the last item ended
    last_say_end: float | None = None
    gap = GAP
    for i, item in enumerate(case.get("turns") or ()):
        if not isinstance(item, dict):
            raise CaseError(f"用例 {name!r} turns[{i}]：应为映射，如 operator: 您好")
        keys = [k for k in item if k not in _SAY_OPTIONS]
        if len(keys) != 1:
            raise CaseError(f"用例 {name!r} turns[{i}]：应恰有一个动作键，实际 {keys}")
        kind = keys[0]
        value = item[kind]
        start = round(float(item["at"]) if "at" in item else cursor + gap, 2)
        gap = GAP
        if kind in _SAY_KEYS:
            who, conf = _SAY_KEYS[kind]
            text = str(value)
            if "overlap" in item:
                if last_say_end is None:
                    raise CaseError(f"用例 {name!r} turns[{i}]：overlap 之前没有说话事件")
                start = round(last_say_end - float(item["overlap"]), 2)
            end = round(start + float(item.get("duration", speech_seconds(text))), 2)
            ev: dict[str, Any] = {"t": start, "end": end, "type": "say", "who": who, "text": text}
            conf = item.get("confidence", conf)
            if conf is not None:
                ev["confidence"] = float(conf)
            events.append(ev)
            cursor = max(cursor, end)
            last_say_end = end
        elif kind == "wait":
            gap = float(value)
            if "at" in item:
                raise CaseError(f"用例 {name!r} turns[{i}]：wait 不能带 at")
        elif kind == "hold":
            events.append({"t": start, "type": "hold"})
            cursor = round(start + float(value), 2)
            events.append({"t": cursor, "type": "unhold"})
        elif kind == "transfer":
            events.append({"t": start, "type": "transfer", "to": str(value)})
            cursor = start
        elif kind == "hangup":
            if value not in ("operator", "caller"):
                raise CaseError(f"用例 {name!r} turns[{i}]：hangup 应为 operator 或 caller")
            events.append({"t": start, "type": "hangup", "who": value})
            cursor = start
        else:
            raise CaseError(f"用例 {name!r} turns[{i}]：未知动作 {kind!r}")
    events.sort(key=lambda e: e["t"])  # overlap/at may start an event before an earlier one
    record["events"] = events
    return record


def load_cases(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """(rule code, cases) of one case file; checks the file's shape, not the calls."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseError(f"{path}：YAML 语法错误：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rule"), str):
        raise CaseError(f"{path}：应为 {{rule: CODE, cases: [...]}}")
    code = data["rule"]
    if code != path.stem:
        raise CaseError(f"{path}：rule {code!r} 与文件名不一致")
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise CaseError(f"{path}：cases 应为非空列表")
    names: set[str] = set()
    for i, case in enumerate(cases):
        if not isinstance(case, dict) or not case.get("name"):
            raise CaseError(f"{path} cases[{i}]：每个用例需要 name")
        if case["name"] in names:
            raise CaseError(f"{path} cases[{i}]：用例名 {case['name']!r} 重复")
        names.add(case["name"])
        if case.get("expect") not in ("pass", "fail"):
            raise CaseError(f"{path} 用例 {case['name']!r}：expect 应为 pass 或 fail")
        if "turns" not in case and "events" not in case:
            raise CaseError(f"{path} 用例 {case['name']!r}：需要 turns 或 events")
    return code, cases


def case_files(folder: Path = CASES_DIR) -> list[Path]:
    return sorted(folder.glob("*.yaml"))
