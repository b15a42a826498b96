"""Read a ``hotline-call/1`` call record (JSON or YAML), check it against the contract, build a
:class:`~grading.model.CallRecord`.

Every problem raises :class:`~grading.errors.RecordError` with the reason (Chinese) and the place:
``file:line:col`` for syntax errors, a JSON path such as ``events[3].t`` for contract errors.
Unknown top-level fields are kept in ``CallRecord.extra`` and otherwise ignored. A record that
carries ``scenario_facts`` (every record the engine writes: :mod:`simulator.scenario.facts`) is
graded against them and needs no scenario file; for an older record the scenario id must be in the
library — an unknown id is an error, never a guess.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from grading.errors import RecordError
from grading.model import EVENT_TYPES, CallRecord, Event, HotlineInfo, ScenarioFacts
from simulator.fsio import describe_os_error, shown
from simulator.limits import LIMITS, depth_over, seconds_ok, shorten

FORMAT = "hotline-call/1"
_KNOWN = {"format", "scenario", "hotline", "events"}
FACTS_KEY = "scenario_facts"  # simulator.scenario.facts.FACTS_KEY
_WHO = ("operator", "caller")


def load_record(path: str | Path, *, check_scenario: bool = True) -> CallRecord:
    """Read and check one record file."""
    p = Path(path)
    source = shown(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(LIMITS.record_file_bytes + 1)
        if len(data) > LIMITS.record_file_bytes:
            raise RecordError(f"文件超过 {LIMITS.record_file_bytes:,} 字节的上限，不像一通通话的记录",
                              source=source)
        text = data.decode("utf-8-sig")
    except OSError as exc:
        message, hint = describe_os_error(exc, path, action="读取")
        raise RecordError(message, source=source, hint=hint) from None
    except UnicodeDecodeError as exc:
        raise RecordError(f"不是 UTF-8 编码（第 {exc.start} 字节）", source=source) from None
    return parse_record(parse_text(text, source=source, suffix=p.suffix.lower()), source=source,
                        check_scenario=check_scenario)


def parse_text(text: str, *, source: str = "", suffix: str = "") -> Any:
    """JSON for ``.json`` (or text starting with ``{``), YAML otherwise."""
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and text.lstrip().startswith("{")):
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise RecordError(f"JSON 语法错误：{exc.msg}", where=f"{exc.lineno}:{exc.colno}",
                              source=source) from None
        except ValueError as exc:
            raise RecordError(f"JSON 语法错误：{exc}", source=source) from None
        except RecursionError:
            raise _too_deep(source) from None
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise _too_deep(source) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise RecordError(f"YAML 内容无法读取：{shorten(str(exc), 80)}", source=source) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise RecordError(f"YAML 语法错误：{exc.problem or exc.context}", where=where,
                          source=source) from None
    except yaml.YAMLError as exc:
        raise RecordError(f"YAML 语法错误：{exc}", source=source) from None


def _too_deep(source: str, where: str = "") -> RecordError:
    return RecordError(f"对象和列表嵌套太深（上限 {LIMITS.nesting_depth} 层），不像一通通话的记录",
                       where=where, source=source)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不允许 {name}")


def parse_record(data: Any, *, source: str = "", check_scenario: bool = True) -> CallRecord:
    """Check a decoded record against the contract and build the typed record."""

    def fail(message: str, where: str) -> RecordError:
        return RecordError(message, where=where, source=source)

    if not isinstance(data, Mapping):
        raise fail(f"记录应为一个对象（JSON object），实际是 {_kind(data)}", "$")
    if (deep := depth_over(data)) is not None:
        raise _too_deep(source, shorten(deep, 80))
    fmt = data.get("format")
    if fmt != FORMAT:
        got = "缺少" if "format" not in data else f"为 {_shown(fmt)}"
        raise fail(f"format 应为 {FORMAT!r}（{got}）", "format")
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or not scenario.strip():
        raise fail("scenario 应为非空字符串（场景 id）", "scenario")
    facts = None
    if data.get(FACTS_KEY) is not None:
        try:
            facts = facts_from_block(data[FACTS_KEY], origin="record")
        except _BadFacts as exc:
            raise fail(f"{FACTS_KEY} 不完整：{exc.args[0]}", f"{FACTS_KEY}.{exc.args[1]}") from None
        if facts.id != scenario:
            raise fail(f"{FACTS_KEY}.id（{facts.id}）与 scenario（{scenario}）不一致", f"{FACTS_KEY}.id")
    elif check_scenario:
        from grading.grader import scenario_facts

        scenario_facts(scenario, source=source)  # raises RecordError(where="scenario") when unknown
    hotline = _hotline(data.get("hotline"), fail) if "hotline" in data else None
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise fail(f"events 应为列表，实际是 {_kind(raw_events)}", "events")
    if len(raw_events) > LIMITS.record_events:
        raise fail(f"事件太多：{len(raw_events):,} 个，上限 {LIMITS.record_events:,}", "events")
    events: list[Event] = []
    chars = 0
    for i, raw in enumerate(raw_events):
        ev = _event(i, raw, fail)
        chars += len(ev.text)
        if chars > LIMITS.record_text_chars:
            raise fail(f"全部对话文字超过 {LIMITS.record_text_chars:,} 个字符的上限", f"events[{i}].text")
        if events and ev.t < events[-1].t:
            raise fail(f"事件应按时间顺序排列：t={ev.t} 早于上一事件的 t={events[-1].t}", f"events[{i}].t")
        events.append(ev)
    extra = {k: v for k, v in data.items() if k not in _KNOWN}
    return CallRecord(scenario=scenario, events=tuple(events), hotline=hotline, extra=extra,
                      source=source, facts=facts)


class _BadFacts(ValueError):
    """(what is wrong, the field) in a ``scenario_facts`` block."""


def facts_from_block(raw: Any, *, origin: str) -> ScenarioFacts:
    """A ``scenario_facts`` block (as :func:`simulator.scenario.facts.facts_of` writes it) → facts."""
    if not isinstance(raw, Mapping):
        raise _BadFacts(f"应为对象，实际是 {_kind(raw)}", "$")

    def text(value: Any, where: str, *, required: bool = False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise _BadFacts(f"{where} 应为{'非空' if required else ''}字符串", where)
        return value

    def texts(value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise _BadFacts(f"{where} 应为字符串列表", where)
        return tuple(text(v, f"{where}[{i}]", required=True) for i, v in enumerate(value))

    hotline = raw.get("hotline")
    if not isinstance(hotline, Mapping):
        raise _BadFacts("hotline 应为对象 {name, aliases}", "hotline")
    directory = raw.get("directory") or []
    if not isinstance(directory, list) or not all(isinstance(d, Mapping) for d in directory):
        raise _BadFacts("directory 应为 {name, phone} 对象的列表", "directory")
    nodes = raw.get("nodes") or {}
    if not isinstance(nodes, Mapping) or not all(isinstance(v, Mapping) for v in nodes.values()):
        raise _BadFacts("nodes 应为 节点 id → 对象 的映射", "nodes")
    names = [text(d.get("name"), f"directory[{i}].name", required=True) for i, d in enumerate(directory)]
    phones = [text(d.get("phone"), f"directory[{i}].phone") for i, d in enumerate(directory)]
    return ScenarioFacts(
        id=text(raw.get("id"), "id", required=True),
        families=texts(raw.get("grading"), "grading"),
        hotline_name=text(hotline.get("name"), "hotline.name", required=True),
        hotline_aliases=texts(hotline.get("aliases"), "hotline.aliases"),
        departments=tuple(names),
        phones=tuple(p for p in phones if p),
        version=text(raw.get("version"), "version"),
        title=text(raw.get("title"), "title"),
        nodes={str(k): dict(v) for k, v in nodes.items()},
        origin=origin,
        directory=tuple(zip(names, phones, [text(d.get("note"), f"directory[{i}].note")
                                            for i, d in enumerate(directory)], strict=True)),
    )


def _hotline(raw: Any, fail: Any) -> HotlineInfo:
    if not isinstance(raw, Mapping):
        raise fail(f"hotline 应为对象，实际是 {_kind(raw)}", "hotline")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("hotline.name 应为非空字符串", "hotline.name")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list):
        raise fail("hotline.aliases 应为字符串列表", "hotline.aliases")
    for j, alias in enumerate(aliases):
        if not isinstance(alias, str) or not alias.strip():
            raise fail("别名应为非空字符串", f"hotline.aliases[{j}]")
    return HotlineInfo(name=name, aliases=tuple(aliases))


def _number(raw: Any) -> float | None:
    """Seconds within the limits (a 400-digit integer is None, not an OverflowError)."""
    if type(raw) is float:  # the usual case: in range means finite (inf is over, NaN compares false)
        return raw if 0.0 <= raw <= LIMITS.seconds_max else None
    if not seconds_ok(raw):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def _shown(raw: Any) -> str:
    """A bad value as quoted in a message: short, whatever it is."""
    try:
        return shorten(repr(raw), 40)
    except ValueError:  # an integer too long to print
        return "（很长的数字）"


def _event(i: int, raw: Any, fail: Any) -> Event:
    at = f"events[{i}]"
    if type(raw) is not dict and not isinstance(raw, Mapping):  # (an ABC check only for the unusual)
        raise fail(f"事件应为对象，实际是 {_kind(raw)}", at)
    type_ = raw.get("type")
    if type_ not in EVENT_TYPES:
        raise fail(f"type 应为 {' / '.join(EVENT_TYPES)} 之一，实际是 {_shown(type_)}", f"{at}.type")
    t = _number(raw.get("t"))
    if t is None or t < 0:
        raise fail(f"t 应为 0–{LIMITS.seconds_max} 之间的秒数，实际是 {_shown(raw.get('t'))}", f"{at}.t")
    who = raw.get("who")
    if (who is not None or type_ in ("say", "hangup")) and who not in _WHO:
        raise fail(f"who 应为 operator 或 caller，实际是 {_shown(who)}", f"{at}.who")
    text, end, confidence, to = "", None, None, None
    if type_ == "say":
        raw_text = raw.get("text")
        if not isinstance(raw_text, str):
            raise fail(f"say 事件的 text 应为字符串，实际是 {_kind(raw_text)}", f"{at}.text")
        if len(raw_text) > LIMITS.text_chars:
            raise fail(f"一句话太长：{len(raw_text):,} 个字符，上限 {LIMITS.text_chars:,}", f"{at}.text")
        text = raw_text
        end = _number(raw.get("end"))
        if end is None or end < t:
            raise fail(f"say 事件的 end 应为不早于 t、不超过 {LIMITS.seconds_max} 的秒数，"
                       f"实际是 {_shown(raw.get('end'))}", f"{at}.end")
        if "confidence" in raw and raw["confidence"] is not None:
            confidence = _number(raw["confidence"])
            if confidence is None or not 0.0 <= confidence <= 1.0:
                raise fail(f"confidence 应为 0–1 之间的数，实际是 {_shown(raw['confidence'])}",
                           f"{at}.confidence")
    if type_ == "transfer" and raw.get("to") is not None:
        to = raw["to"]
        if not isinstance(to, str):
            raise fail(f"transfer 的 to 应为字符串，实际是 {_kind(to)}", f"{at}.to")
    return Event(index=i, t=t, type=type_, who=who, text=text, end=end, confidence=confidence, to=to)


def _kind(value: Any) -> str:
    names = {dict: "对象", list: "列表", str: "字符串", bool: "布尔值", int: "数字", float: "数字"}
    if value is None:
        return "空值（null）"
    return names.get(type(value), type(value).__name__)
