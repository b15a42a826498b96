"""The scenario format as data: field tables shared by the loader and the JSON Schema.

:data:`OBJECTS` lists, for every kind of mapping in a scenario file, its fields with their kind,
whether they are required and a one-line Chinese description. The loader checks unknown/missing
fields and value kinds from these tables; :func:`json_schema` turns them into the JSON Schema that
``hotline scenarios schema`` prints and ``scenarios/scenario.schema.json`` holds (editors use it
through the ``# yaml-language-server: $schema=…`` first line).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from simulator.scenario.model import MOODS, OUTCOMES

NOISE = ("none", "light", "heavy", "speakerphone")
BARGE_IN = ("cut", "continue")
EFFECTS = ("phone", "none")
SEXES = ("female", "male")
AGES = ("child", "young", "adult", "elder")
# The grade report's categories (../shared/contracts/call-record.md; grading.model.CATEGORIES).
CATEGORIES = (
    "opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
    "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer",
)
GRADING = ("silent", "misroute", "complaint", "harassment", "dialect", "privacy", "transfer")
TRIGGERS = ("act", "said", "otherwise", "silence", "held", "hold", "unhold", "transfer", "hangup")
COMPARATORS = ("<=", ">=", "==", "<", ">")  # two-character ones first (parsing order)
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
WHEN_MOOD_PATTERN = r"^\s*(<=|>=|==|<|>)?\s*(" + "|".join(MOODS) + r")\s*$"
SCHEMA_FILE = "scenario.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping.

    ``kind``: ``text`` | ``texts`` (one text or a list) | ``text_list`` | ``int`` | ``number``
    (seconds, > 0) | ``bool`` | ``true`` (only ``true`` makes sense) | ``enum`` | ``when_mood`` |
    ``act`` / ``acts`` (act id, one or a list) | ``object`` | ``list`` (of ``obj``) |
    ``map`` (id → ``obj``) | ``int_map`` (act id → integer).
    """

    kind: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    obj: str = ""


F = Field
OBJECTS: dict[str, dict[str, Field]] = {
    "scenario": {
        "id": F("text", "场景 id，必须等于文件名（不含 .yaml），小写字母、数字和连字符", True),
        "title": F("text", "标题", True),
        "difficulty": F("int", "难度 1（易）– 5（难）", True),
        "tags": F("text_list", "标签，用于筛选"),
        "brief": F("text", "通话前给学员看的情况说明", True),
        "notes": F("text", "给培训师的说明（考查点、要点）"),
        "clauses": F("text_list", '本场景考查的规范条款，如 "000 服务应答规范 3"'),
        "grading": F("acts", "评分时启用的场景规则族", enum=GRADING),
        "hotline": F("object", "学员接听的热线", True, obj="hotline"),
        "caller": F("object", "来电者", True, obj="caller"),
        "mood_rules": F("int_map", "覆盖默认的“行为 → 情绪变化”表：act id → 步数（+ 更生气）"),
        "defaults": F("object", "附加到每个等待节点末尾的转移", obj="defaults"),
        "start": F("text", "起始节点 id，缺省为第一个节点"),
        "nodes": F("map", "节点：节点 id → 节点", True, obj="node"),
        "playthroughs": F("list", "标准演练：脚本化的学员和预期结果", obj="playthrough"),
    },
    "hotline": {
        "name": F("text", "热线全称，如 12320卫生热线（自报家门时检查）", True),
        "aliases": F("text_list", '简称，如 "12320"'),
        "directory": F("list", "可转接/告知的部门", obj="directory_entry"),
    },
    "directory_entry": {
        "name": F("text", "部门名称", True),
        "phone": F("text", "电话号码（请加引号）", True),
        "note": F("text", "说明"),
    },
    "caller": {
        "persona": F("text", "声音角色 id（voices/personas.yaml）", True),
        "sex": F("enum", "性别", True, enum=SEXES),
        "age": F("enum", "年龄段", True, enum=AGES),
        "language": F("text", "语言/方言：mandarin、cantonese、northeastern……", True),
        "mood": F("enum", "开始时的情绪", enum=MOODS),
        "name": F("text", "来电者姓名（问到时可用）"),
        "effect": F("enum", "来电者声音的电话线效果：phone 电话音质 / none 原声（缺省按全局）", enum=EFFECTS),
    },
    "defaults": {
        "on": F("list", "转移列表，附加到每个等待节点自己的转移之后", obj="transition"),
    },
    "node": {
        "say": F("texts", "来电者说的话；列表 = 几种说法，由随机种子挑一种"),
        "mood": F("enum", "到达本节点时来电者的情绪", enum=MOODS),
        "silent": F("bool", "来电者故意不出声（无声来电）"),
        "noise": F("enum", "线路噪声/免提", enum=NOISE),
        "talks_over": F("bool", "来电者不等学员说完就开口"),
        "barge_in": F("enum", "学员插话时来电者这句话：cut 打断 / continue 继续说", enum=BARGE_IN),
        "unclear": F("texts", "学员的话一条转移都没匹配时来电者说的话"),
        "on": F("list", "等待学员时的转移，按顺序取第一个匹配的", obj="transition"),
        "next": F("text", "说完直接进入的节点（不等学员）"),
        "end": F("enum", "结束节点：通话结局", enum=OUTCOMES),
        "success": F("bool", "结束节点：这个结局算不算处理成功（缺省 false）"),
        "fail": F("object", "失败结局：为什么算失败（评分报告据此给出一条问题）", obj="fail"),
    },
    "fail": {
        "note": F("text", "给学员看的失败原因，如“只招呼一次就挂机，招呼不足两次”", True),
        "clause": F("text", "违反的条款 id（grading/standards/clauses.yaml），如 000-yingda-3"),
        "category": F("enum", "问题归入的报告类别（缺省：场景的第一个评分规则族）", enum=CATEGORIES),
    },
    "transition": {
        "act": F("acts", "学员说了其中任一行为"),
        "said": F("texts", "学员的话里有其中任一说法（号码、时间、名称：来电者可以复述的内容）"),
        "all": F("acts", "并且说了所有这些行为（与 act 或 said 同用）"),
        "otherwise": F("true", "学员说了话，但上面的 act/said 转移都没匹配"),
        "silence": F("number", "学员沉默了这么多秒（不在保持中）"),
        "held": F("number", "来电者被保持（hold）了这么多秒"),
        "hold": F("true", "学员把电话保持了"),
        "unhold": F("true", "学员取消了保持"),
        "transfer": F("text", '学员转接到这个部门（"*" = 任何部门）'),
        "hangup": F("true", "学员挂断了电话"),
        "when_mood": F("when_mood", '只在情绪满足条件时生效，如 ">= angry"'),
        "goto": F("text", "目标节点 id（stay: true 时不写）"),
        "stay": F("true", "来电者说完 say 后留在本节点继续等（不重说本节点的话；只用于 act/said/otherwise）"),
        "mood": F("int", "触发时情绪变化的步数（+ 更生气，- 更平静）"),
        "say": F("texts", "触发时来电者先说的话"),
    },
    "playthrough": {
        "name": F("text", "演练名称", True),
        "seed": F("int", "随机种子"),
        "script": F("text", "学员脚本（hotline play --script 格式，一行一个动作）", True),
        "path": F("text_list", "预期经过的节点 id，从起点到结束"),
        "outcome": F("enum", "预期结局", True, enum=OUTCOMES),
        "success": F("bool", "预期是否成功", True),
        "final_mood": F("enum", "预期结束时的情绪", enum=MOODS),
        "passed": F("bool", "预期评分是否通过"),
        "must_flag": F("text_list", "评分必须指出的规则代码（如 SIL002）或类别（如 silent）"),
        "must_not_flag": F("text_list", "评分不得指出的规则代码或类别"),
    },
}


def _strings(enum: Iterable[str] = ()) -> dict[str, Any]:
    values = sorted(enum)
    return {"type": "string", "enum": values} if values else {"type": "string"}


def _one_or_list(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


def _field_schema(f: Field, acts: Iterable[str]) -> dict[str, Any]:
    k = f.kind
    if k in ("act", "acts"):
        item = _strings(f.enum or acts)
        out = item if k == "act" else _one_or_list(item)
    elif k == "text":
        out = {"type": "string"}
    elif k == "texts":
        out = _one_or_list({"type": "string"})
    elif k == "text_list":
        out = {"type": "array", "items": {"type": "string"}}
    elif k == "int":
        out = {"type": "integer"}
    elif k == "number":
        out = {"type": "number", "exclusiveMinimum": 0}
    elif k == "bool":
        out = {"type": "boolean"}
    elif k == "true":
        out = {"const": True}
    elif k == "enum":
        out = {"type": "string", "enum": list(f.enum)}
    elif k == "when_mood":
        out = {"type": "string", "pattern": WHEN_MOOD_PATTERN}
    elif k == "object":
        out = {"$ref": f"#/$defs/{f.obj}"}
    elif k == "list":
        out = {"type": "array", "items": {"$ref": f"#/$defs/{f.obj}"}}
    elif k == "map":
        out = {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": f"#/$defs/{f.obj}"}}
    elif k == "int_map":
        out = {"type": "object", "propertyNames": _strings(acts), "additionalProperties": {"type": "integer"}}
    else:  # pragma: no cover - a typo in OBJECTS
        raise ValueError(k)
    return {"description": f.doc, **out}


def _object_schema(name: str, acts: Iterable[str]) -> dict[str, Any]:
    fields = OBJECTS[name]
    out: dict[str, Any] = {
        "type": "object",
        "properties": {k: _field_schema(f, acts) for k, f in fields.items()},
        "additionalProperties": False,
    }
    required = [k for k, f in fields.items() if f.required]
    if required:
        out["required"] = required
    return out


def json_schema(act_ids: Iterable[str] = (), persona_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file; act and persona ids become enums."""
    acts = sorted(act_ids)
    defs = {name: _object_schema(name, acts) for name in OBJECTS if name != "scenario"}
    defs["caller"]["properties"]["persona"].update(_strings(persona_ids))
    defs["transition"]["oneOf"] = [{"required": [t]} for t in TRIGGERS]
    with_acts = [{"required": ["act"]}, {"required": ["said"]}]
    defs["transition"]["anyOf"] = [{"required": ["goto"]}, {"required": ["stay"]}]
    defs["transition"]["dependentSchemas"] = {"all": {"anyOf": with_acts}}
    defs["node"]["dependentRequired"] = {"success": ["end"], "fail": ["end"]}
    defs["node"]["not"] = {
        "anyOf": [{"required": ["end", "on"]}, {"required": ["end", "next"]}, {"required": ["next", "on"]}]
    }
    top = _object_schema("scenario", acts)
    top["properties"]["id"]["pattern"] = ID_PATTERN
    top["properties"]["difficulty"].update(minimum=1, maximum=5)
    del top["properties"]["grading"]["anyOf"][1]["minItems"]  # grading: [] = no scenario rules
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hotline-trainer.invalid/scenario.schema.json",
        "title": "hotline-trainer 场景文件",
        "description": "热线培训场景（完整说明见 simulator/scenario/loader.py 的文档字符串）",
        **top,
        "$defs": defs,
    }


def schema_text(act_ids: Iterable[str] = (), persona_ids: Iterable[str] = ()) -> str:
    """The schema as the exact text of ``scenarios/scenario.schema.json``."""
    return json.dumps(json_schema(act_ids, persona_ids), ensure_ascii=False, indent=2) + "\n"
