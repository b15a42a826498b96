"""A call record carries what grading needs from its scenario (``scenario_facts``).

A trainer's scenario outside the library plays, and its record grades from another working
directory after the scenario's folder is gone; re-grading uses the scenario as it was during the
call; an old record without the facts still grades from the library, with a note in the report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grading.errors import RecordError
from grading.grader import grade
from grading.record import parse_record
from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.scenario.library import find
from simulator.scenario.loader import load_scenario, text_version

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "您好，12320卫生热线，请问有什么可以帮您？\n/wait 6\n/hangup\n"


def _hotline(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=300)


def _own_scenario(folder: Path, new_id: str = "my-silent") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "scenarios" / "silent-caller.yaml").read_text(encoding="utf-8")
    path = folder / f"{new_id}.yaml"
    path.write_text(text.replace("id: silent-caller", f"id: {new_id}", 1), encoding="utf-8")
    return path


def test_every_engine_record_carries_the_scenario_facts() -> None:
    sc = find("misrouted-call")
    record = play_script(sc, parse_script("您好，12320卫生热线。\n/hangup\n")).record
    facts = record["scenario_facts"]
    assert facts["id"] == "misrouted-call" and facts["grading"] == list(sc.grading)
    assert facts["version"] == text_version(Path(sc.source).read_text(encoding="utf-8"))
    assert facts["hotline"]["name"] == sc.hotline.name
    assert [d["phone"] for d in facts["directory"]] == [d.phone for d in sc.hotline.directory]
    endings = {n: e for n, e in facts["nodes"].items() if "end" in e}
    assert endings and all(e["end"] == sc.nodes[n].end for n, e in endings.items())
    assert grade(record).notes == ()  # graded from the record's own facts


def test_a_record_grades_anywhere_with_its_scenario_folder_gone(tmp_path: Path) -> None:
    scenario = _own_scenario(tmp_path / "trainer")
    script = tmp_path / "call.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "call.json"
    env = {"HOTLINE_DATA": str(tmp_path / "data")}
    played = _hotline("play", str(scenario), "--script", str(script), "--record", str(out),
                      cwd=tmp_path, env=env)
    assert played.returncode == 0, played.stderr
    assert "未评分" not in played.stdout and "通话评分：my-silent" in played.stdout
    shutil.rmtree(tmp_path / "trainer")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    graded = _hotline("grade", str(out), "--json", cwd=elsewhere, env=env)
    assert graded.returncode == 0, graded.stderr
    report = json.loads(graded.stdout)
    assert report["scenario"] == "my-silent"
    assert any(f["category"] == "silent" for f in report["findings"])  # the scenario's family


def test_regrading_uses_the_scenario_as_it_was(tmp_path: Path) -> None:
    path = _own_scenario(tmp_path)
    record = play_script(load_scenario(path), parse_script(SCRIPT)).record
    before = grade(record)
    assert any(f.category == "silent" for f in before.findings)
    # Today the trainer dropped the silent family; the old call still grades as it was.
    path.write_text(path.read_text(encoding="utf-8").replace("grading: [silent]", "grading: []"),
                    encoding="utf-8")
    again = grade(json.loads(json.dumps(record)))
    assert [f.rule for f in again.findings] == [f.rule for f in before.findings]


def test_an_old_record_without_facts_grades_from_the_library_with_a_note() -> None:
    record = play_script(find("silent-caller"), parse_script(SCRIPT)).record
    del record["scenario_facts"]
    report = grade(record)
    assert report.notes and "场景库" in report.notes[0]
    from grading.report_text import render

    assert "注：这份记录没有附带场景资料" in render(report)


@pytest.mark.parametrize(("change", "where"), [
    ({"hotline": None}, "scenario_facts.hotline"),
    ({"id": "other"}, "scenario_facts.id"),
    ({"grading": "silent"}, "scenario_facts.grading"),
    ({"directory": [{"phone": "120"}]}, "scenario_facts.directory[0].name"),
])
def test_broken_facts_are_a_clear_error(change: dict[str, object], where: str) -> None:
    record = play_script(find("silent-caller"), parse_script(SCRIPT)).record
    record["scenario_facts"].update(change)
    with pytest.raises(RecordError) as info:
        parse_record(record)
    assert info.value.where == where
