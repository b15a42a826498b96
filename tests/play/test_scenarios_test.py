"""``hotline scenarios test``: golden playthroughs with ✓/✗ lines, where a failing one went astray,
exit 1 on any failure, JUnit XML, the expected grade (passed, must_flag, must_not_flag); and
``@node`` script lines that follow the caller."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.play.golden import check_playthrough
from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.scenario.loader import load_scenario, loads_scenario

DATA = Path(__file__).parent / "data"
TINY = (DATA / "tiny-query.yaml").read_text(encoding="utf-8")
GOOD_NODE_SCRIPT = """      @pickup 您好，96128政务信息查询专线，请问有什么可以帮您？
      @asks 办事大厅工作日上午九点开门，下午五点下班。
      @asks-again 工作日上午九点开门。
      @thanks 请问还有什么可以帮您？感谢您的来电，再见。
"""


def write(folder: Path, text: str, name: str = "tiny-query") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text.replace("id: tiny-query", f"id: {name}"), encoding="utf-8")
    return path


BROKEN_PT = """  - name: 写错了路径
    script: |
      您好，96128政务信息查询专线，请问有什么可以帮您？
      嗯嗯。
      办事大厅工作日上午九点开门。
    path: [pickup, asks, thanks, bye]
    outcome: resolved
    success: true
"""


def test_a_good_playthrough_passes_and_a_broken_one_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good", TINY)
    assert main(["scenarios", "test", str(good)]) == 0
    out = capsys.readouterr().out
    assert "✓ tiny-query · 规范处理" in out and "1 条通过，0 条失败" in out
    assert "（resolved）" not in out  # no internal ids

    bad = write(tmp_path / "bad", TINY + BROKEN_PT)
    junit = tmp_path / "report.xml"
    assert main(["scenarios", "test", str(bad), "--junit", str(junit)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(ln.startswith("✓ tiny-query · 规范处理") for ln in lines)
    failed = next(ln for ln in lines if ln.startswith("✗ tiny-query · 写错了路径"))
    # where it went astray: the node and the script line in the scenario file ("嗯嗯。")
    number = TINY.count("\n") + 4
    assert "路径在第 3 步分叉" in failed and f"{bad}:{number}" in failed, failed
    assert "嗯嗯" in (bad.read_text(encoding="utf-8").splitlines()[number - 1])
    xml = junit.read_text(encoding="utf-8")
    assert 'tests="2" failures="1"' in xml and "<failure" in xml and "写错了路径" in xml


def test_ids_and_folders_and_the_whole_library(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_SCENARIOS", str(tmp_path / "lib"))
    write(tmp_path / "lib", TINY, "my-query")
    assert main(["scenarios", "test", "my-query"]) == 0
    assert "✓ my-query · 规范处理" in capsys.readouterr().out
    write(tmp_path / "lib", "id: broken\n", "broken")
    assert main(["scenarios", "test", str(tmp_path / "lib")]) == 1
    out = capsys.readouterr().out
    assert "✗" in out and "场景无法加载" in out and "1 个场景无法加载" in out


GRADED = """  - name: 评分预期
    script: |
      喂？
      九点。
      /hangup
    outcome: operator_hung_up
    success: false
    passed: {passed}
    must_flag: [{must}]
    must_not_flag: [{must_not}]
"""


@pytest.mark.parametrize(("passed", "must", "must_not", "problems"), [
    ("false", "OPN002", "harassment", []),
    ("false", "opening", "pace", []),
    ("true", "OPN002", "harassment", ["评分：预期通过，实际不通过"]),
    ("false", "HAR002", "harassment", ["评分没有指出 HAR002"]),
    ("false", "OPN002", "opening", ["评分不应指出 opening"]),
])
def test_the_expected_grade(passed: str, must: str, must_not: str, problems: list[str]) -> None:
    text = TINY + GRADED.format(passed=passed, must=must, must_not=must_not)
    sc = loads_scenario(text, "tiny-query.yaml")
    pt = sc.playthroughs[-1]
    result = check_playthrough(sc, pt)
    assert result.grade is not None
    assert len(result.problems) == len(problems), result.report()
    for want, got in zip(problems, result.problems, strict=True):
        assert got.startswith(want), got


def _scenario(text: str):  # type: ignore[no-untyped-def]
    return loads_scenario(text, "tiny-query.yaml")


def test_node_scripts_survive_a_change_of_line_variants_and_branches() -> None:
    script = parse_script(GOOD_NODE_SCRIPT)
    plain = parse_script(re.sub(r"@[a-z-]+ ", "", GOOD_NODE_SCRIPT).replace(
        "      工作日上午九点开门。\n", ""))
    v1 = _scenario(TINY)
    # v2: every caller line has other words and more variants
    v2 = _scenario(TINY.replace("say: 喂，你好。", "say: [喂？, 喂，是政务热线吗？, 您好，我问个事。]")
                   .replace(
        "say: [我想问一下办事大厅几点开门？, 请问办事大厅什么时候上班？]",
        "say: [大厅早上几点开门啊？, 我想打听一下，你们那个办事大厅每天几点开始办公？, 请问大厅几点上班？]"))
    # v3: a branch changes — the caller now asks again before thanking
    v3 = _scenario(TINY.replace("""      - {act: answer, goto: thanks}
      - {otherwise: true, goto: asks-again}""", """      - {act: answer, goto: asks-again}
      - {otherwise: true, goto: asks-again}""").replace(
        "path: [pickup, asks, thanks, bye]", "path: [pickup, asks, asks-again, thanks, bye]"))
    for sc in (v1, v2):
        for seed in range(4):
            play = play_script(sc, script, seed)
            assert play.state.outcome == "resolved" and play.state.success, play.lines()
            assert play.state.path == ("pickup", "asks", "thanks", "bye")
            assert play_script(sc, plain, seed).state.success
    play = play_script(v3, script)
    assert play.state.success and play.state.path == ("pickup", "asks", "asks-again", "thanks", "bye")
    assert not play_script(v3, plain).state.success  # lines in order answer the wrong question
    assert any("@asks-again" in n for n in play_script(v1, script).notes)  # unused lines are named


def test_node_lines_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.errors import ScriptError

    with pytest.raises(ScriptError, match="@ 后面要紧跟节点 id"):
        parse_script("@ 您好")
    with pytest.raises(ScriptError, match="@asks 后面要写"):
        parse_script("@asks")
    typo = write(tmp_path, TINY.replace("@asks-again 工作日", "@asks-agian 工作日"))
    assert main(["scenarios", "lint", str(typo)]) == 1
    out = capsys.readouterr().out
    assert "HT038" in out and "@asks-agian 不是本场景的节点" in out and "asks-again" in out


def test_the_library_golden_panel_and_cli_share_the_verdict_lines() -> None:
    sc = load_scenario(DATA / "tiny-query.yaml")
    (result,) = [check_playthrough(sc, pt) for pt in sc.playthroughs]
    from simulator.tui.screens.scenarios import golden_text

    assert result.line(scenario=False).removeprefix("✓ ") in golden_text(sc, [result]).plain
