"""Scenario libraries: the built-in folder plus the trainers' own (user data folder's ``scenarios/``,
``HOTLINE_SCENARIOS``), listed with where each comes from, overriding built-in ids with a warning;
every command takes an id or a path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.scenario import library

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "您好，12320卫生热线，请问有什么可以帮您？\n/wait 6\n/hangup\n"


def own_scenario(folder: Path, new_id: str, title: str = "我的无声来电") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "scenarios" / "silent-caller.yaml").read_text(encoding="utf-8")
    text = text.replace("id: silent-caller", f"id: {new_id}", 1)
    text = text.replace("title: 无声来电", f"title: {title}", 1)
    path = folder / f"{new_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def hotline(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full.pop("HOTLINE_HOME", None)
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=300)


def test_roots_come_in_order_and_user_ids_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("HOTLINE_SCENARIOS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    kinds = [r.kind for r in library.roots()]
    assert kinds == ["env", "env", "user", "builtin"]
    mine = own_scenario(tmp_path / "data" / "scenarios", "my-silent")
    over = own_scenario(tmp_path / "b", "info-query", title="本中心的信息查询")
    assert library.find_path("my-silent") == mine
    assert library.find_path("info-query") == over  # overrides the built-in one
    assert "silent-caller" in library.ids() and "my-silent" in library.ids()
    warnings = library.override_warnings()
    assert len(warnings) == 1 and "info-query" in warnings[0] and "覆盖" in warnings[0]
    assert library.resolve(str(mine)) == mine and library.resolve("my-silent") == mine
    from simulator.errors import UnknownScenarioError

    with pytest.raises(UnknownScenarioError) as info:
        library.find_path("my-silnt")
    assert info.value.hint == "你是不是想找 my-silent？"


def test_a_user_scenario_lists_plays_and_grades_elsewhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    own_scenario(data / "scenarios", "my-silent")
    extra = tmp_path / "centre"
    own_scenario(extra, "info-query", title="本中心的信息查询")
    env = {"HOTLINE_DATA": str(data), "HOTLINE_SCENARIOS": str(extra)}
    listed = hotline("scenarios", "list", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("my-silent"))
    assert "用户场景库" in row and "我的无声来电" in row
    assert "HOTLINE_SCENARIOS" in next(ln for ln in listed.stdout.splitlines() if ln.startswith("info-query"))
    assert "覆盖" in listed.stderr and "info-query" in listed.stderr
    as_json = json.loads(hotline("scenarios", "list", "--json", cwd=tmp_path, env=env).stdout)
    assert {r["id"]: r["origin"] for r in as_json}["my-silent"] == "用户场景库"
    # graph and lint take an id or a path
    graph = hotline("scenarios", "graph", "my-silent", cwd=tmp_path, env=env)
    assert graph.returncode == 0 and graph.stdout.startswith(("flowchart", "graph", "%%"))
    lint = hotline("scenarios", "lint", "my-silent", str(extra / "info-query.yaml"), cwd=tmp_path, env=env)
    assert lint.returncode == 0 and "检查了 2 个文件" in lint.stdout, lint.stdout + lint.stderr
    # play by id, then grade from another folder with the scenario folder gone
    script = tmp_path / "call.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "call.json"
    played = hotline("play", "my-silent", "--script", str(script), "--record", str(out),
                     cwd=tmp_path, env=env)
    assert played.returncode == 0 and "未评分" not in played.stdout, played.stdout + played.stderr
    shutil.rmtree(data / "scenarios")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    graded = hotline("grade", str(out), cwd=elsewhere, env={"HOTLINE_DATA": str(tmp_path / "nothing")})
    assert graded.returncode == 0, graded.stderr
    assert "通话评分：my-silent" in graded.stdout and "注：" not in graded.stdout
