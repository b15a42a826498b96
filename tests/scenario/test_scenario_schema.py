"""The JSON Schema: the shipped file equals the printed one, and it agrees with the loader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from scenariokit import BROKEN, SCENARIOS

from simulator.paths import scenarios_dir
from simulator.scenario.context import default_context
from simulator.scenario.schema import SCHEMA_FILE, json_schema, schema_text
from simulator.scenario.yamlpos import compose, plain

ROOT = Path(__file__).resolve().parents[2]
# codes whose mistake the JSON Schema alone can see (the rest needs the graph, the file name …)
SCHEMA_VISIBLE = {"HT003", "HT004", "HT005", "HT006", "HT007", "HT008", "HT009", "HT010", "HT011", "HT012",
                  "HT013", "HT014", "HT032", "HT033", "HT037"}  # fmt: skip


def _validator() -> jsonschema.Draft202012Validator:
    ctx = default_context()
    schema = json_schema(ctx.act_ids or (), ctx.personas or ())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _data(path: Path) -> object:
    tree, diags = compose(path.read_text(encoding="utf-8"), str(path))
    assert tree is not None and not diags
    return plain(tree)


def test_shipped_schema_file_equals_the_printed_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "scenarios", "schema"], capture_output=True, text=True, check=True
    ).stdout
    shipped = (scenarios_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert out == shipped, "scenarios/scenario.schema.json is stale: run `hotline scenarios schema --write`"
    ctx = default_context()
    assert out == schema_text(ctx.act_ids or (), ctx.personas or ())
    assert "self_identify" in json.loads(out)["$defs"]["transition"]["properties"]["act"]["anyOf"][0]["enum"]


@pytest.mark.parametrize("path", sorted(SCENARIOS.rglob("*.yaml")) + sorted(scenarios_dir().rglob("*.yaml")),
                         ids=lambda p: p.name)  # fmt: skip
def test_valid_files_pass_the_schema(path: Path) -> None:
    errors = [e.message for e in _validator().iter_errors(_data(path))]
    assert not errors


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(BROKEN.glob("ht0*.yaml")) if p.name[:5].upper() in SCHEMA_VISIBLE],
    ids=lambda p: p.name,
)
def test_schema_catches_what_it_can_see(path: Path) -> None:
    assert list(_validator().iter_errors(_data(path))), f"the JSON Schema accepts {path.name}"
