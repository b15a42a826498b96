"""Exam files: the shipped exams are clean and cover the five caller kinds; broken files give every
problem with its code and position; the JSON Schema shipped is the one the code makes."""

from __future__ import annotations

import json
from pathlib import Path

from examkit import hotline

from simulator.exams.library import find, lint
from simulator.exams.schema import SCHEMA_FILE, schema_text
from simulator.paths import exams_dir

BROKEN = """\
id: Broken_Exam
title: no
pools:
  - name: 无声
    draw: 3
    scenarios: [silent-caller, silnet-caller]
  - name: 误拨
    drwa: 1
    scenarios: [misrouted-call, silent-caller]
seed: random
pass: {call: 120, calls: 9}
blockers: [forbiden, privacy, privacy]
attempts: 2
"""


def test_shipped_exams_lint_clean_and_cover_the_five_caller_kinds() -> None:
    result = lint([exams_dir()])
    assert len(result.files) >= 1
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    from simulator.scenario.library import find as find_scenario

    exam = find("hotline-certification")
    families = set()
    for pool in exam.pools:
        for sid in pool.scenarios:
            families.update(find_scenario(sid).grading)
    assert {"silent", "misroute", "complaint", "harassment", "dialect"} <= families


def test_broken_exam_lists_every_problem_with_code_and_position(tmp_path: Path) -> None:
    path = tmp_path / "broken-exam.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    result = lint([path])
    got = {(d.code, d.pos.line, d.pos.col) for d in result.diagnostics}
    assert {
        ("EX014", 1, 1), ("EX015", 1, 5), ("EX003", 2, 8), ("EX010", 5, 11), ("EX011", 6, 32),
        ("EX005", 7, 5), ("EX006", 8, 5), ("EX012", 9, 33), ("EX007", 10, 7), ("EX008", 11, 14),
        ("EX007", 12, 12), ("EX021", 12, 31), ("EX022", 13, 11),
    } <= got
    code, out, _ = hotline("exam", "lint", str(path))
    assert code == 1
    assert f"{path}:6:32: EX011" in out and "你是不是想写 “silent-caller”" in out
    assert f"{path}:8:5: EX006" in out and "“draw”" in out


def test_yaml_errors_and_id_mismatch(tmp_path: Path) -> None:
    bad = tmp_path / "syntax.yaml"
    bad.write_text("# yaml-language-server: $schema=exam.schema.json\nid: syntax\npools: [\n",
                   encoding="utf-8")
    other = tmp_path / "named.yaml"
    other.write_text("# yaml-language-server: $schema=exam.schema.json\nid: other-name\ntitle: 甲\n"
                     "pools: [{name: a, draw: 1, scenarios: [silent-caller]}]\nattempts: 1\nattempts: 2\n",
                     encoding="utf-8")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    codes = {(Path(d.pos.file).name, d.code) for d in lint([tmp_path]).diagnostics}
    assert ("syntax.yaml", "EX001") in codes
    assert ("named.yaml", "EX013") in codes and ("named.yaml", "EX002") in codes
    assert ("binary.yaml", "EX016") in codes


def test_schema_file_is_current_and_accepts_the_shipped_exams() -> None:
    import jsonschema
    import yaml

    text = (exams_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert text == schema_text(), "exams/exam.schema.json is stale: hotline exam schema --write"
    schema = json.loads(text)
    for path in exams_dir().glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_an_exam_file_can_require_start_codes(tmp_path: Path, key_file: Path) -> None:
    """``start_codes: true`` in the exam: every sitting of it needs the invigilator's codes, so opening one
    without writing the sheet is refused; without the field nothing changes (the exam's JSON and digest
    stay as they were)."""
    from examkit import SMALL_EXAM

    plain = tmp_path / "exams" / "small-exam.yaml"
    plain.parent.mkdir(parents=True)
    plain.write_text(SMALL_EXAM.replace("ATTEMPTS", "1"), encoding="utf-8")
    assert "start_codes" not in find(str(plain)).to_json()
    coded = tmp_path / "coded" / "small-exam.yaml"
    coded.parent.mkdir()
    coded.write_text(SMALL_EXAM.replace("ATTEMPTS", "1") + "start_codes: true\n", encoding="utf-8")
    exam = find(str(coded))
    assert exam.start_codes and exam.to_json()["start_codes"] is True
    db = str(tmp_path / "records.db")
    code, _, err = hotline("exam", "open", str(coded), "--sitting", "码-1", "--candidates", "张三",
                           "--key-file", str(key_file), "--db", db)
    assert code == 2 and "--start-codes" in err
    sheet = tmp_path / "usb" / "sheet.txt"
    code, _, err = hotline("exam", "open", str(coded), "--sitting", "码-1", "--candidates", "张三",
                           "--start-codes", str(sheet), "--key-file", str(key_file), "--db", db)
    assert code == 0 and "张三" in sheet.read_text(encoding="utf-8"), err
    bad = tmp_path / "bad" / "small-exam.yaml"
    bad.parent.mkdir()
    bad.write_text(SMALL_EXAM.replace("ATTEMPTS", "1") + "start_codes: 是\n", encoding="utf-8")
    code, out, _ = hotline("exam", "lint", str(bad))
    assert code == 1 and "EX004" in out and "start_codes" in out
