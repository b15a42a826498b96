"""Limits checked at the boundary: the issue's reproductions as tests (numbers, depth, sizes, names)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hardkit import ROOT, hotline, no_traceback

from grading.errors import RecordError
from grading.record import load_record, parse_record
from simulator.limits import LIMITS, depth_over, seconds_ok
from simulator.scenario.lint import lint_paths

HUGE = "9" * 400


def _record(**event: object) -> dict[str, object]:
    base = {"t": 1.0, "end": 2.0, "type": "say", "who": "operator", "text": "您好"}
    return {"format": "hotline-call/1", "scenario": "info-query",
            "events": [{"t": 0.0, "type": "ring"}, {"t": 0.5, "type": "answer"}, {**base, **event}]}


def test_seconds_ok_never_raises() -> None:
    assert seconds_ok(5) and seconds_ok(0.5)
    assert not seconds_ok(int(HUGE)) and not seconds_ok(float("nan")) and not seconds_ok(True)
    assert not seconds_ok(-1) and not seconds_ok("3")


def test_depth_over_is_iterative() -> None:
    deep: object = []
    for _ in range(200_000):
        deep = [deep]
    assert depth_over(deep) is not None
    assert depth_over({"a": [{"b": 1}]}) is None


@pytest.mark.parametrize("field", ["t", "end"])
def test_record_huge_number_is_a_contract_error(field: str) -> None:
    with pytest.raises(RecordError) as info:
        parse_record(_record(**{field: int(HUGE)}))
    assert f"events[2].{field}" in info.value.message
    assert len(info.value.message) < 300


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_record_deep_nesting(tmp_path: Path, suffix: str) -> None:
    n = 100_000
    text = ('{"format": "hotline-call/1", "x": ' + "[" * n + "]" * n + "}") if suffix == ".json" \
        else ("format: hotline-call/1\nx: " + "[" * n + "]" * n + "\n")
    path = tmp_path / f"r{suffix}"
    path.write_text(text)
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert "嵌套" in info.value.message


def test_record_moderately_deep_names_the_field() -> None:
    rec = _record()
    x: object = 1
    for _ in range(LIMITS.nesting_depth + 5):
        x = {"k": x}
    rec["extra"] = x
    with pytest.raises(RecordError) as info:
        parse_record(rec)
    assert "extra.k" in info.value.message


def test_record_too_many_events_and_too_long_text() -> None:
    rec = _record()
    rec["events"] = [{"t": 0.0, "type": "ring"}] * (LIMITS.record_events + 1)
    with pytest.raises(RecordError, match="事件太多"):
        parse_record(rec)
    with pytest.raises(RecordError, match="太长"):
        parse_record(_record(text="长" * (LIMITS.text_chars + 1)))


def test_grade_cli_huge_numbers_and_depth(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(json.dumps(_record()).replace('"t": 1.0', f'"t": {HUGE}'))
    (tmp_path / "d.json").write_text('{"format": "hotline-call/1", "x": ' + "[" * 50000 + "]" * 50000 + "}")
    (tmp_path / "ok.json").write_text(json.dumps(_record()))
    proc = hotline("grade", str(tmp_path / "t.json"), str(tmp_path / "d.json"), str(tmp_path / "ok.json"))
    err = no_traceback(proc)
    assert proc.returncode == 2
    assert "events[2].t" in err and "嵌套" in err
    assert "得分" in proc.stdout.decode()  # the good file is still graded


def test_grade_cli_path_too_long(tmp_path: Path) -> None:
    proc = hotline("grade", str(tmp_path / ("r" * 300 + ".json")))
    err = no_traceback(proc)
    assert proc.returncode == 2 and "太长" in err


def _scenario_with(tmp_path: Path, old: str, new: str, name: str = "silent-caller") -> Path:
    text = (ROOT / "scenarios" / f"{name}.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_scenario_huge_silence_lint_and_play(tmp_path: Path) -> None:
    import re

    text = (ROOT / "scenarios" / "silent-caller.yaml").read_text("utf-8")
    m = re.search(r"silence: (\d+)", text)
    assert m
    path = _scenario_with(tmp_path, m.group(0), f"silence: {HUGE}")
    codes = {d.code for d in lint_paths([path])}
    assert "HT061" in codes
    for args in (["scenarios", "lint", str(path)],
                 ["play", str(path), "--script", "-", "--record", str(tmp_path / "r.json")]):
        proc = hotline(*args, input=b"")
        err = no_traceback(proc) + proc.stdout.decode()
        assert proc.returncode in (1, 2) and "HT061" in err


def test_lint_folder_reports_the_others_when_one_is_bad(tmp_path: Path) -> None:
    """96 files (above the parallel threshold), one with a 400-digit number: all 95 others reported."""
    import re

    src = ROOT / "scenarios"
    files = sorted(src.glob("*.yaml"))
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(src / "scenario.schema.json", folder) if (src / "scenario.schema.json").exists() else None
    n = 0
    while n < 96:
        for f in files:
            if n >= 96:
                break
            text = f.read_text("utf-8")
            ident = f"{f.stem}-{n}"
            text = re.sub(r"(?m)^id: .*$", f"id: {ident}", text, count=1)
            if n == 40:
                text = re.sub(r"silence: \d+", f"silence: {HUGE}", text, count=1)
            (folder / f"{ident}.yaml").write_text(text, "utf-8")
            n += 1
    proc = hotline("scenarios", "lint", str(folder))
    out = no_traceback(proc) + proc.stdout.decode()
    assert "HT061" in out
    assert proc.returncode in (1, 2)


def test_play_path_and_id_too_long(tmp_path: Path) -> None:
    proc = hotline("play", "x" * 300, "--script", "-", input=b"")
    assert "太长" in no_traceback(proc) or proc.returncode == 2
    proc = hotline("play", str(tmp_path / ("x" * 300 + ".yaml")), "--script", "-", input=b"")
    no_traceback(proc)
    assert proc.returncode == 2
    proc = hotline("scenarios", "lint", str(tmp_path / ("x" * 300 + ".yaml")))
    assert "太长" in no_traceback(proc)


def test_play_huge_script_and_long_line(tmp_path: Path) -> None:
    """A 100k-line script and a 1 MB line: a script error naming the line, at once."""
    big = tmp_path / "big.txt"
    big.write_text("/answer 2\n" + "您好\n" * 100_000, "utf-8")
    long = tmp_path / "long.txt"
    long.write_text("/answer 2\n" + "您" * 1_000_000 + "\n", "utf-8")
    for script, where in ((big, f":{LIMITS.script_lines + 1}:"), (long, ":2:")):
        proc = hotline("play", "info-query", "--script", str(script), "--record", str(tmp_path / "r.json"),
                       timeout=60)
        err = no_traceback(proc)
        assert proc.returncode == 2 and where in err, err
    assert not (tmp_path / "r.json").exists()


def test_record_ten_megabyte_turn_and_many_events(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(_record(text="您" * 10_000_000), ensure_ascii=False), "utf-8")
    many = tmp_path / "many.json"
    rec = _record()
    rec["events"] = [{"t": 0.0, "type": "ring"}] * 200_000
    many.write_text(json.dumps(rec), "utf-8")
    proc = hotline("grade", str(one), str(many), timeout=60)
    err = no_traceback(proc)
    assert proc.returncode == 2
    assert "上限" in err and "事件太多" in err


def test_play_typed_huge_line_is_bounded(tmp_path: Path) -> None:
    """A 20 MB line on stdin: reported as too long, the call still ends normally."""
    data = b"/answer 2\n" + "您".encode() * 7_000_000 + b"\n/hangup\n"
    proc = hotline("play", "info-query", "--typed", "--record", str(tmp_path / "r.json"), input=data,
                   timeout=120)
    out = proc.stdout.decode() + no_traceback(proc)
    assert proc.returncode == 0 and "太长" in out
    assert (tmp_path / "r.json").exists()
