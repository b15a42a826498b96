"""Build the labelled call set (``dev/`` and ``heldout/``) from the examiner's call list.

Run ``PYTHONPATH=. python tests/data/labelled-calls/build.py`` after editing the calls; the JSON
records it writes are committed (``scripted/``: the library's playthroughs played through the engine
in recogniser spelling, scripted.py; ``paraphrased/``: paraphrased-calls.yaml's calls in an operator's own
wording, played the same way), and ``hotline grade --evaluate tests/data/labelled-calls`` (or
``benchmarks/grade_agreement.py``) scores the grader against them.

Every call was written from the seeds (../shared/seeds/) the way an examiner reads them, before
the grader was tuned on it: an exemplary call per scenario (calls_base.py), then the ways trainees
really get it right (other wording, recogniser spelling: no punctuation, spaces, 幺 for 一,
homophones) and wrong (a flaw the seeds name, often only partly: a greeting without the line's
name, a referral without a number, 尽快 when asked when, a 禁语 in passing). Each record's
``expect`` is the dev calls' format: ``passed``, ``categories`` (must-flag), ``absent``
(must-not-flag: every category the flaw clearly leaves untouched), ``why`` (the clause). One call
in four goes to ``heldout/``, which is never looked at while tuning: its figure is the honest one.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from calls_base import CLOSE, GOOD, GREETING, LINE  # noqa: E402
from calls_extra import EXTRA  # noqa: E402

CATEGORIES = ("opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
              "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer")
RATE = 3.6  # characters a second
GAP = 0.8


def _chars(text: str) -> int:
    return len(re.sub(r"[\s\W_]+", "", text)) or 1


def events(turns: list[str], answer: float = 3.0) -> list[dict[str, Any]]:
    """Contract events from compact turns (laid out like the dev calls)."""
    out: list[dict[str, Any]] = [{"t": 0.0, "type": "ring"}]
    if answer >= 0:
        out.append({"t": answer, "type": "answer"})
    cursor, gap, last_end = max(answer, 1.2), GAP, None  # unanswered: the first act 2 s into the ring
    for turn in turns:
        kind, _, rest = turn.partition(" ")
        start = round(cursor + gap, 2)
        gap = GAP
        if kind in ("O", "C", "OL", "OV"):
            text = rest
            conf = None
            if kind == "OL":
                conf, kind = 0.35, "O"
            if kind == "OV":  # operator talks over the last caller line by N seconds
                over, _, text = rest.partition(" ")
                start = round((last_end or cursor) - float(over), 2)
                kind = "O"
            end = round(start + max(0.6, _chars(text) / RATE), 2)
            ev: dict[str, Any] = {"t": start, "end": end, "type": "say",
                                  "who": "operator" if kind == "O" else "caller", "text": text}
            if conf is not None:
                ev["confidence"] = conf
            out.append(ev)
            cursor, last_end = max(cursor, end), end
        elif kind == "W":
            gap = float(rest)
        elif kind == "H":
            out.append({"t": start, "type": "hold"})
            cursor = round(start + float(rest), 2)
            out.append({"t": cursor, "type": "unhold"})
        elif kind == "T":
            out.append({"t": start, "type": "transfer", "to": rest})
            cursor = start
        elif kind == "X":
            out.append({"t": start, "type": "hangup", "who": rest})
            cursor = start
        else:
            raise ValueError(turn)
    out.sort(key=lambda e: e["t"])
    return out


def label(passed: bool, flag: list[str] | None = None, open_: list[str] | None = None,
          why: str = "") -> dict[str, Any]:
    flag = flag or []
    absent = [c for c in CATEGORIES if c not in flag and c not in (open_ or [])]
    return {"passed": passed, "categories": flag, "absent": absent, "why": why}


def asr(text: str) -> str:
    """A recogniser's spelling: no punctuation, spaces between characters, 一 → 幺 in numbers."""
    plain = re.sub(r"[，。？！、,.?!：:；;“”]", "", text)
    plain = plain.replace("请稍等", "请稍登").replace("抱歉", "报歉")
    return " ".join(plain)


def calls() -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]], dict[str, Any]]]:
    """(id, scenario, hotline, events, expect) of every call."""
    out = []
    for scenario, variants in GOOD.items():
        for n, (line, body) in enumerate(variants):
            hot, greet = LINE[line], GREETING[line]
            close = list(CLOSE)
            if scenario == "foreign-language":
                close = ["O Is there anything else I can help you with?", "C No, thank you.",
                         "O Thank you for calling. Goodbye.", "C Bye.", "X caller"]
            if scenario == "transfer-consent":
                close = []
            base = f"{scenario}-{n + 1}"
            full = ["O " + greet, *body, *close]
            out.append((f"{base}-ok", scenario, hot, events(full), label(True, why="规范处理")))
            spelled = [t if not t.startswith("O ") else "O " + asr(t[2:]) for t in full]
            out.append((f"{base}-ok-asr", scenario, hot, events(spelled),
                        label(True, why="规范处理，识别器写法（无标点、字间空格、同音字）")))
            if n == 0:
                out.extend(_generic_flaws(base, scenario, hot, greet, body, close))
    out.extend((cid, sc, hot, events(turns, answer), expect) for cid, sc, hot, turns, answer, expect in EXTRA)
    return out


def _generic_flaws(base: str, scenario: str, hot: dict[str, Any], greet: str, body: list[str],
                   close: list[str]) -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]], dict[str, Any]]]:
    out = []
    fam = _family(scenario)
    # 1. A greeting without the line's name (自报家门: 001 电话礼仪 1, 002 附件1 1(1), 004 六 3.3)
    out.append((f"{base}-no-name", scenario, hot, events(["O 您好，请问有什么可以帮您？", *body, *close]),
                label(False, ["opening"], [], "开场没有自报家门：001 电话礼仪 1；004 六 3.3")))
    # 2. Answered after 13 s: late, minor (004 六 3.2 三声 10 秒) — still a pass
    out.append((f"{base}-late-13s", scenario, hot, events(["O " + greet, *body, *close], answer=13.0),
                label(True, ["timing"], [], "接听晚了 3 秒：004 六 3.2，轻微")))
    # 3. Answered after 28 s: the caller waited nine rings
    out.append((f"{base}-late-28s", scenario, hot, events(["O " + greet, *body, *close], answer=28.0),
                label(False, ["timing"], [], "振铃 28 秒才接：004 六 3.2")))
    if close and close[-1] == "X caller":
        # 4. The operator hangs up before the caller (000 服务禁忌(二); 004 六 3.7)
        early = [*close[:-2], "X operator"]
        out.append((f"{base}-hangs-up-first", scenario, hot, events(["O " + greet, *body, *early]),
                    label(False, ["closing"], [fam] if fam else [], "话务员先挂机：000 服务禁忌(二)")))
        # 5. No 请问还有什么可以帮您 (000 服务应答规范 9; 001 电话结束): minor, a pass
        no_else = [t for t in close if "还有什么" not in t and "anything else" not in t
                   and t not in ("C 没有了，谢谢。", "C No, thank you.")]
        out.append((f"{base}-no-anything-else", scenario, hot, events(["O " + greet, *body, *no_else]),
                    label(True, ["closing"], [], "没有询问是否还有其他问题：轻微")))
    # 6. 喂 before the greeting: not a veto (proportion), the greeting follows at once
    out.append((f"{base}-wei-then-greeting", scenario, hot,
                events(["O 喂，" + greet, *body, *close]),
                label(True, [], ["forbidden", "courtesy", "opening"], "先说了一声“喂”，随即规范问候：不一票否决")))
    return out


def _family(scenario: str) -> str:
    return {"misrouted-call": "misroute", "angry-complainant": "complaint", "power-outage": "complaint",
            "heating-no-heat": "complaint", "suggestion-criticism": "complaint", "privacy-request": "privacy",
            "transfer-consent": "transfer", "dialect-speaker": "dialect", "dialect-yunnan-elder": "dialect",
            "dialect-shaanxi-indoor-fault": "dialect", "foreign-language": "dialect",
            "harassment-call": "harassment", "silent-caller": "silent"}.get(scenario, "")


def _write_folder(name: str, records: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Replace folder ``name``'s records with ``records``, numbered in order."""
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for i, (cid, record) in enumerate(records):
        path = folder / f"{i + 1:03d}-{cid}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return records


def main() -> int:
    for split in ("dev", "heldout"):
        folder = HERE / split
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
    items = calls()
    ids = [c[0] for c in items]
    assert len(ids) == len(set(ids)), "duplicate call ids"
    for i, (cid, scenario, hot, evs, expect) in enumerate(items):
        split = "heldout" if i % 4 == 3 else "dev"
        record = {"format": "hotline-call/1", "scenario": scenario, "hotline": hot, "events": evs,
                  "expect": expect}
        if cid.endswith("-interrupted"):  # the app closed the call half-way (exam: never a pass)
            record["interrupted"] = True
        if cid.endswith("-empty"):  # a record with nothing in it
            record["events"] = []
        path = HERE / split / f"{i + 1:03d}-{cid}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    from scripted import paraphrased, scripted

    played = _write_folder("scripted", scripted())
    reworded = _write_folder("paraphrased", paraphrased())
    print(f"{len(items)} written calls, {len(played)} scripted calls, {len(reworded)} paraphrased calls")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
