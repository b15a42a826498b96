"""The call-record reader: contract checks with the reason and the place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from grading.errors import RecordError
from grading.record import load_record, parse_record

GOOD: dict[str, Any] = {
    "format": "hotline-call/1",
    "scenario": "info-query",
    "hotline": {"name": "12320卫生热线", "aliases": ["12320"]},
    "events": [
        {"t": 0.0, "type": "ring"},
        {"t": 3.1, "type": "answer"},
        {"t": 3.4, "end": 7.9, "type": "say", "who": "operator", "text": "您好，12320卫生热线",
         "confidence": 0.9},
        {"t": 8.6, "end": 12.0, "type": "say", "who": "caller", "text": "我想问一下"},
        {"t": 20.0, "type": "hold"},
        {"t": 35.0, "type": "unhold"},
        {"t": 50.0, "type": "transfer", "to": "医政处"},
        {"t": 61.5, "type": "hangup", "who": "caller"},
    ],
    "seed": 7,
}


def parse(data: Any) -> Any:
    return parse_record(data, source="x.json", check_scenario=False)


def test_good_record_builds_typed_events_and_keeps_extra_fields() -> None:
    rec = parse(GOOD)
    assert rec.scenario == "info-query"
    assert rec.hotline is not None and rec.hotline.aliases == ("12320",)
    assert [e.type for e in rec.events][:3] == ["ring", "answer", "say"]
    assert rec.events[2].confidence == 0.9 and rec.events[2].index == 2
    assert rec.events[6].to == "医政处"
    assert rec.extra == {"seed": 7}
    assert [e.text for e in rec.says("caller")] == ["我想问一下"]


def test_hotline_is_optional() -> None:
    data = copy.deepcopy(GOOD)
    del data["hotline"]
    assert parse(data).hotline is None


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    keys: list[Any] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        keys.append(int(part) if part.isdigit() else part)
    for k in keys[:-1]:
        target = target[k]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("format", "hotline-call/2", "format"),
        ("format", KeyError, "format"),
        ("scenario", "", "scenario"),
        ("scenario", 3, "scenario"),
        ("hotline", "12320", "hotline"),
        ("hotline.name", None, "hotline.name"),
        ("hotline.aliases", "12320", "hotline.aliases"),
        ("events", {}, "events"),
        ("events[1]", 5, "events[1]"),
        ("events[3].t", "8.6", "events[3].t"),
        ("events[3].t", -1, "events[3].t"),
        ("events[3].t", True, "events[3].t"),
        ("events[1].t", 5.0, "events[2].t"),  # out of time order: the later event is blamed
        ("events[2].type", "talk", "events[2].type"),
        ("events[2].who", "trainer", "events[2].who"),
        ("events[7].who", KeyError, "events[7].who"),
        ("events[2].text", None, "events[2].text"),
        ("events[2].end", 1.0, "events[2].end"),
        ("events[2].end", KeyError, "events[2].end"),
        ("events[2].confidence", 1.5, "events[2].confidence"),
        ("events[6].to", 3, "events[6].to"),
    ],
)
def test_contract_errors_name_the_json_path(path: str, value: Any, where: str) -> None:
    with pytest.raises(RecordError) as info:
        parse(_broken(path, value))
    assert info.value.where == where
    assert info.value.exit_code == 2
    assert f"x.json:{where}:" in info.value.render()


def test_not_an_object() -> None:
    with pytest.raises(RecordError) as info:
        parse([1, 2])
    assert info.value.where == "$" and "对象" in info.value.message


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text('{\n  "format": "hotline-call/1",\n  "events": [,]\n}\n', encoding="utf-8")
    with pytest.raises(RecordError) as info:
        load_record(f, check_scenario=False)
    assert info.value.where == "3:14"
    assert str(f) in info.value.render() and "JSON" in info.value.message


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("format: hotline-call/1\nevents: [\n  {t: 0, type: ring\n", encoding="utf-8")
    with pytest.raises(RecordError) as info:
        load_record(f, check_scenario=False)
    line, col = info.value.where.split(":")
    assert int(line) >= 3 and int(col) >= 1 and "YAML" in info.value.message


def test_yaml_record_reads_like_json(tmp_path: Path) -> None:
    import yaml

    f = tmp_path / "call.yaml"
    f.write_text(yaml.safe_dump(GOOD, allow_unicode=True), encoding="utf-8")
    assert load_record(f, check_scenario=False).events == parse(GOOD).events


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="无法读取"):
        load_record(tmp_path / "nope.json")
    f = tmp_path / "gbk.json"
    f.write_bytes(json.dumps(GOOD, ensure_ascii=False).encode("gbk"))
    with pytest.raises(RecordError, match="UTF-8"):
        load_record(f)


def test_nan_is_not_a_number_of_seconds(tmp_path: Path) -> None:
    f = tmp_path / "nan.json"
    f.write_text(json.dumps(GOOD).replace('"t": 3.1', '"t": NaN'), encoding="utf-8")
    with pytest.raises(RecordError):
        load_record(f, check_scenario=False)


def test_unknown_scenario_is_an_error_not_a_guess() -> None:
    pytest.importorskip("simulator.scenario.library")
    data = copy.deepcopy(GOOD)
    data["scenario"] = "info-quer"
    with pytest.raises(RecordError) as info:
        parse_record(data, source="x.json")
    assert info.value.where == "scenario" and "info-quer" in info.value.message
