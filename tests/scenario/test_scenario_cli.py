"""``hotline scenarios …`` end to end (in-process through the real argument parser)."""

from __future__ import annotations

import json
import re

import pytest
from scenariokit import BROKEN, SCENARIOS

from simulator.cli import main
from simulator.scenario.diagnostics import CATALOGUE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["scenarios", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lint_prints_position_code_source_marker_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "ht020-undefined-node.yaml"
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}:31:29: HT020 ")
    assert lines[1].strip() == "- {act: answer, goto: thnks}"
    assert lines[2].strip() == "^~~~~" and len(lines[2]) - len(lines[2].lstrip()) == 4 + len(
        "      - {act: answer, goto: "
    )
    assert "你是不是想写 “thanks”" in lines[3]
    assert re.match(r"检查了 1 个文件：1 个错误，0 个警告。", lines[-1])


def test_lint_exit_code_ignores_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(BROKEN / "ht021-unreachable.yaml"), str(SCENARIOS))
    assert code == 0 and "HT021 警告" in out and "检查了 2 个文件：0 个错误，1 个警告。" in out


def test_lint_collects_every_file_of_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", str(BROKEN), "--no-source")
    assert code == 1
    found = set(re.findall(r": (HT\d{3}) ", out))
    assert found == {c for c in CATALOGUE if c.startswith("HT")}  # importing exams adds its EX codes
    assert "^" not in out


def test_lint_missing_path_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "lint", str(BROKEN / "no-such-file.yaml"))
    assert code == 2 and "找不到" in err


def test_lint_codes_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", "--codes")
    assert code == 0
    assert all(c in out for c in CATALOGUE) and "say: no" in out


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--dir", str(SCENARIOS))
    assert code == 0
    (row,) = json.loads(out)
    assert row["id"] == "silent-caller" and row["difficulty"] == 1 and row["hotline"] == "12320卫生热线"
    assert set(row) == {"id", "title", "difficulty", "tags", "hotline", "brief", "file", "origin"}


def test_list_skips_broken_files_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--dir", str(BROKEN / "ht030-duplicate-id"))
    assert code == 0 and "共 2 个场景" in out
    code, out, err = run(capsys, "list", "--dir", str(BROKEN))
    assert "ht020-undefined-node.yaml" in err and "ht020-undefined-node" not in out


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, _ = run(capsys, "graph", "silent-caller", "--dir", str(SCENARIOS), "--format", fmt)
    assert code == 0
    assert "静默 8s" in out and "prompt_silent" in out and "greet + self_identify" in out
    assert "喂？刚才信号不好。" in out and "anxious" in out and "转接 医政处" in out
    assert out.startswith("flowchart TD" if fmt == "mermaid" else 'digraph "silent-caller"')


def test_graph_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "graph", "silent-caler", "--dir", str(SCENARIOS))
    assert code == 2 and "silent-caller" in err


def test_spec_prints_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "spec")
    assert code == 0 and "when_mood" in out and "Playthroughs" in out
