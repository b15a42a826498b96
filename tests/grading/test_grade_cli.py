"""``hotline grade`` and ``hotline rules``: outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gradekit import GOOD_OPENING, call

from simulator.cli import main


def _write(tmp_path: Path, name: str, record: object) -> Path:
    f = tmp_path / name
    f.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return f


GOOD = call([
    {"operator": GOOD_OPENING}, {"caller": "请问你们几点上班？"},
    {"operator": "我们早上八点半上班。"}, {"caller": "好的，谢谢。"},
    {"operator": "请问还有什么可以帮您？"}, {"caller": "没有了。"},
    {"operator": "感谢您的来电，再见。"}, {"caller": "再见。"}, {"hangup": "caller"},
])
BAD = call([{"operator": "喂？"}, {"caller": "你好"}, {"operator": "您问我，我问谁？"},
            {"hangup": "operator"}])


def test_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path, "bad.json", BAD)
    assert main(["grade", str(f)]) == 0  # graded, whatever the verdict
    out = capsys.readouterr().out
    assert "结果：不通过" in out and "得分：" in out and "原话：“您问我，我问谁？”" in out
    assert "依据：" in out and "建议：" in out


def test_json_is_exactly_the_contract_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path, "good.json", GOOD)
    assert main(["grade", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"scenario", "passed", "score", "findings"}
    assert data["scenario"] == "info-query" and isinstance(data["passed"], bool)
    for finding in data["findings"]:
        assert set(finding) == {"rule", "category", "severity", "t", "quote", "clause", "message", "tip"}


def test_several_files_give_a_json_list_and_one_html_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(_write(tmp_path, "a.json", GOOD)), str(_write(tmp_path, "b.json", BAD))]
    page = tmp_path / "out.html"
    assert main(["grade", *files, "--json", "--html", str(page)]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert isinstance(data, list) and len(data) == 2 and data[1]["passed"] is False
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "您问我，我问谁？" in html and "共 2 通" in html
    assert str(page) in captured.err


def test_pass_mark_option_changes_the_verdict_not_the_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _write(tmp_path, "good.json", GOOD)
    main(["grade", str(f), "--json"])
    normal = json.loads(capsys.readouterr().out)
    assert normal["score"] < 100  # the pass mark is 0–100 (issue 16: 1000 and -5 are refused)
    main(["grade", str(f), "--json", "--pass-mark", str(normal["score"] + 1)])
    strict = json.loads(capsys.readouterr().out)
    assert strict["score"] == normal["score"] and strict["passed"] is False


def test_invalid_record_exits_2_with_the_place_and_others_still_graded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = dict(GOOD, events=[*GOOD["events"][:3], {"t": "soon", "type": "say"}])
    bad = _write(tmp_path, "broken.json", broken)
    good = _write(tmp_path, "good.json", GOOD)
    syntax = tmp_path / "syntax.json"
    syntax.write_text('{"format": "hotline-call/1",\n "events": [}', encoding="utf-8")
    assert main(["grade", str(bad), str(good), str(syntax)]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:events[3].t:" in captured.err and f"{syntax}:2:" in captured.err
    assert "Traceback" not in captured.err and "得分：" in captured.out


def test_unknown_scenario_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path, "x.json", dict(GOOD, scenario="no-such-scenario"))
    assert main(["grade", str(f)]) == 2
    assert "no-such-scenario" in capsys.readouterr().err


def test_rules_lists_every_rule_and_shows_one(capsys: pytest.CaptureFixture[str]) -> None:
    from grading.rules import all_rules

    rules = all_rules()
    if not rules:
        pytest.skip("还没有规则")
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in rules:
        assert r.code in out and r.clause in out
    code = rules[0].code
    assert main(["rules", code.lower()]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(code) and "检查什么" in shown and "错误示例" in shown
    assert main(["rules", "ZZZ999"]) == 2
    assert "ZZZ999" in capsys.readouterr().err
