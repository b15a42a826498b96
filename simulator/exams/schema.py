"""The exam file format as data: field tables shared by the loader and the JSON Schema.

Like :mod:`simulator.scenario.schema`: the loader checks unknown/missing fields and value kinds from
:data:`OBJECTS`, and :func:`json_schema` turns the same tables into ``exams/exam.schema.json``, which
editors use through the ``# yaml-language-server: $schema=exam.schema.json`` first line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simulator.exams.model import COUNTS, SEED_POLICIES

SCHEMA_FILE = "exam.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema="
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_ATTEMPTS = 9
MAX_DRAW = 50


@dataclass(frozen=True, slots=True)
class Field:
    """``kind``: text | int | bool | enum | text_list | category_list | object | list | calls."""

    kind: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    obj: str = ""
    low: int | None = None
    high: int | None = None


F = Field
OBJECTS: dict[str, dict[str, Field]] = {
    "exam": {
        "id": F("text", "考试 id，必须等于文件名（不含 .yaml），小写字母、数字和连字符", True),
        "title": F("text", "考试名称（报告抬头）", True),
        "description": F("text", "说明：考什么、给谁考"),
        "pools": F("list", "题池：从每个题池里抽几个场景", True, obj="pool"),
        "seed": F("enum", "抽题方式：per-candidate 每位考生各自抽；same-for-all 全体同一套题",
                  enum=SEED_POLICIES),
        "pass": F("object", "及格标准", obj="pass"),
        "blockers": F("category_list", "一票否决的类别：这些类别里有任何问题，该通电话不及格"),
        "attempts": F("int", "每通电话允许的作答次数（1 = 不能重考）", low=1, high=MAX_ATTEMPTS),
        "counts": F("enum", "多次作答时算哪一次：best 最好一次，last 最后一次", enum=COUNTS),
        "show_report": F("bool", "每通电话结束后是否给考生看评分报告（默认 true）"),
        "start_codes": F("bool", "每次作答前是否要求监考员输入开考码（默认 false；单机考场用它查出"
                                 "把记录库恢复到早先副本后的重考，开考时要加 --start-codes 文件）"),
    },
    "pool": {
        "name": F("text", "题池名称，如 无声来电", True),
        "draw": F("int", "从本题池抽几个场景（不重复）", True, low=1, high=MAX_DRAW),
        "scenarios": F("text_list", "场景 id 列表", True),
    },
    "pass": {
        "call": F("int", "单通及格分（0–100，默认 80）", low=0, high=100),
        "overall": F("int", "总体及格分：计入的各通平均分（0–100，默认 80）", low=0, high=100),
        "calls": F("calls", "至少几通及格（整数，或 all 表示全部，默认 all）", low=1),
    },
}


def _field_schema(f: Field, categories: Iterable[str], scenarios: Iterable[str]) -> dict[str, Any]:
    k = f.kind
    out: dict[str, Any]
    if k == "text":
        out = {"type": "string"}
    elif k == "int":
        out = {"type": "integer"}
        if f.low is not None:
            out["minimum"] = f.low
        if f.high is not None:
            out["maximum"] = f.high
    elif k == "bool":
        out = {"type": "boolean"}
    elif k == "enum":
        out = {"type": "string", "enum": list(f.enum)}
    elif k == "text_list":
        ids = sorted(scenarios)
        item: dict[str, Any] = {"type": "string", "enum": ids} if ids else {"type": "string"}
        out = {"type": "array", "items": item, "minItems": 1, "uniqueItems": True}
    elif k == "category_list":
        out = {"type": "array", "items": {"type": "string", "enum": list(categories)}, "uniqueItems": True}
    elif k == "calls":
        out = {"anyOf": [{"type": "integer", "minimum": 1}, {"const": "all"}]}
    elif k == "object":
        out = {"$ref": f"#/$defs/{f.obj}"}
    elif k == "list":
        out = {"type": "array", "minItems": 1, "items": {"$ref": f"#/$defs/{f.obj}"}}
    else:  # pragma: no cover - a typo in OBJECTS
        raise ValueError(k)
    return {"description": f.doc, **out}


def _object_schema(name: str, categories: Iterable[str], scenarios: Iterable[str]) -> dict[str, Any]:
    fields = OBJECTS[name]
    out: dict[str, Any] = {
        "type": "object",
        "properties": {k: _field_schema(f, categories, scenarios) for k, f in fields.items()},
        "additionalProperties": False,
    }
    required = [k for k, f in fields.items() if f.required]
    if required:
        out["required"] = required
    return out


def json_schema(scenario_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an exam file; scenario ids become an enum when given."""
    from grading.model import CATEGORIES

    ids = list(scenario_ids)
    top = _object_schema("exam", CATEGORIES, ids)
    top["properties"]["id"]["pattern"] = ID_PATTERN
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hotline-trainer.invalid/exam.schema.json",
        "title": "hotline-trainer 考试文件",
        "description": "热线话务员考试（完整说明见 simulator/exams/loader.py 的文档字符串）",
        **top,
        "$defs": {name: _object_schema(name, CATEGORIES, ids) for name in OBJECTS if name != "exam"},
    }


def schema_text(scenario_ids: Iterable[str] = ()) -> str:
    """The schema as the exact text of ``exams/exam.schema.json``."""
    return json.dumps(json_schema(scenario_ids), ensure_ascii=False, indent=2) + "\n"
