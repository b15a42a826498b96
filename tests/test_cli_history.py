"""``hotline history``: the app's sealed history on the command line — listing, ``--json``,
``--verify`` (exit 1 on every way of quietly editing a result), ``show``, the error messages, and
that none of it needs textual.

The history is built with the real store (:mod:`simulator.tui.store`) from real records: golden
playthroughs of the scenario library and one failed exam played from a script.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.cli import main

KEY = "trainer-secret"
# (scenario, trainee, mode, operator script or None for the scenario's first golden playthrough)
CALLS = (
    ("silent-caller", "张三", "exam", None),
    ("misrouted-call", "李四", "practice", None),
    ("misrouted-call", "张三", "exam", "/answer 2\n喂？\n这不归我们管。\n/hangup\n"),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder (``calls/`` + ``history.key``) with three sealed calls, oldest first."""
    from simulator.play.golden import check_playthrough
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.library import find
    from simulator.tui.store.calls import finish_call
    from simulator.tui.store.history import History

    data = tmp_path_factory.mktemp("data")
    (data / "history.key").write_text(KEY + "\n", encoding="utf-8")
    history = History(data / "calls", key=KEY.encode())
    for scenario_id, trainee, mode, script in CALLS:
        scenario = find(scenario_id)
        if script is None:
            record = check_playthrough(scenario, scenario.playthroughs[0]).play.record
        else:
            record = play_script(scenario, parse_script(script), 1).record
        folder = history.new_folder(scenario_id)
        (folder / "operator.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVE")
        finish_call(history, folder, record, title=scenario.title, trainee=trainee, mode=mode)
    return data


@pytest.fixture
def data(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the built data folder, found through HOTLINE_DATA, key in history.key."""
    copy = tmp_path / "data"
    shutil.copytree(built, copy)
    monkeypatch.setenv("HOTLINE_DATA", str(copy))
    monkeypatch.delenv("HOTLINE_HISTORY_KEY", raising=False)
    return copy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["history", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def index_lines(data: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (data / "calls" / "index.jsonl").read_text("utf-8").splitlines()]


def write_index(data: Path, lines: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (data / "calls" / "index.jsonl").write_text(text, encoding="utf-8")


# --- listing ----------------------------------------------------------------------------------------


def test_list_newest_first_with_result_and_check(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert str(data / "calls") in lines[0]
    head, rows = lines[1], lines[2:5]
    for column in ("#", "日期", "场景", "学员", "模式", "得分", "结果", "校验"):
        assert column in head
    # newest first: the failed exam, the practice call, the silent-caller exam
    assert rows[0].startswith("1 ") and "转接错误的来电" in rows[0] and "张三" in rows[0]
    assert "考核" in rows[0] and "不通过" in rows[0] and rows[0].endswith("✓")
    assert "李四" in rows[1] and "练习" in rows[1] and " 通过" in rows[1] and rows[1].endswith("✓")
    assert "无声来电" in rows[2] and "考核" in rows[2] and "100" in rows[2]
    assert "共 3 通，全部校验通过" in out


def test_json_list_and_filters(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    items = json.loads(out)
    assert code == 0 and [i["n"] for i in items] == [1, 2, 3]
    assert [i["scenario"] for i in items] == ["misrouted-call", "misrouted-call", "silent-caller"]
    first = items[0]
    assert first["passed"] is False and first["mode"] == "exam" and first["trainee"] == "张三"
    assert first["verified"] is True and first["problem"] == "" and first["sealed"] is True
    assert Path(first["folder"]).is_dir() and (Path(first["folder"]) / "record.json").is_file()
    assert Path(first["folder"]).name == first["id"]

    _, out, _ = run(capsys, "--json", "--exam")
    assert [i["n"] for i in json.loads(out)] == [1, 3]  # numbers stay those of the full list
    _, out, _ = run(capsys, "--json", "--trainee", "李四")
    assert [i["trainee"] for i in json.loads(out)] == ["李四"]
    code, out, _ = run(capsys, "--exam", "--trainee", "李四")
    assert code == 0 and "没有学员“李四”的考核通话记录" in out and "张三" in out


def test_verify_passes(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--verify")
    assert (code, out.strip(), err) == (0, "全部 3 通记录校验通过", "")
    code, out, _ = run(capsys, "--verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True and json.loads(out)["count"] == 3


def test_data_folder_copied_from_a_training_pc(data: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "--verify")
    assert code == 0 and "还没有通话记录" in out  # nothing here: no history, nothing wrong
    code, out, _ = run(capsys, "--verify", "--data", str(data))
    assert (code, out.strip()) == (0, "全部 3 通记录校验通过")
    code, out, _ = run(capsys, "--verify", "--data", str(data / "calls"))  # the calls folder itself
    assert (code, out.strip()) == (0, "全部 3 通记录校验通过")
    # the trainer's own key: HOTLINE_HISTORY_KEY wins over history.key
    (data / "history.key").unlink()
    monkeypatch.setenv("HOTLINE_HISTORY_KEY", KEY)
    assert run(capsys, "--verify", "--data", str(data))[0] == 0


# --- tampering ------------------------------------------------------------------------------------


def edit_score(data: Path) -> tuple[str, str]:
    lines = index_lines(data)
    lines[2]["score"], lines[2]["passed"] = 95, True  # the failed exam, now "passed"
    write_index(data, lines)
    return str(lines[2]["id"]), "索引条目被改动"


def change_report(data: Path) -> tuple[str, str]:
    folder = data / "calls" / str(index_lines(data)[2]["id"])
    report = json.loads((folder / "report.json").read_text("utf-8"))
    report["score"], report["passed"], report["findings"] = 100, True, []
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return folder.name, "report.json 被改动过"


def delete_middle_line(data: Path) -> tuple[str, str]:
    lines = index_lines(data)
    write_index(data, [lines[0], lines[2]])  # the line after the deleted one is flagged
    return str(lines[2]["id"]), "前面的记录被删除或插入"


def delete_last_line(data: Path) -> tuple[str, str]:
    """No broken link is left in the chain, but the call's folder is."""
    lines = index_lines(data)
    write_index(data, lines[:2])
    return str(lines[2]["id"]), "不在封存的索引中"


def insert_line(data: Path) -> tuple[str, str]:
    """A valid line copied (a passed exam, twice): its own MAC holds, its place in the chain not."""
    lines = index_lines(data)
    write_index(data, [lines[0], lines[0], lines[1], lines[2]])
    return str(lines[0]["id"]), "前面的记录被删除或插入"


def remove_audio(data: Path) -> tuple[str, str]:
    folder = data / "calls" / str(index_lines(data)[0]["id"])
    (folder / "operator.wav").unlink()
    return folder.name, "operator.wav 已被删除"


def remove_record(data: Path) -> tuple[str, str]:
    folder = data / "calls" / str(index_lines(data)[1]["id"])
    (folder / "record.json").unlink()
    return folder.name, "record.json 已被删除"


TAMPERS = {"edit-score": edit_score, "change-report": change_report, "delete-middle-line": delete_middle_line,
           "delete-last-line": delete_last_line, "insert-line": insert_line, "remove-audio": remove_audio,
           "remove-record": remove_record}


@pytest.mark.parametrize("how", list(TAMPERS))
def test_verify_flags_tampering(how: str, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call, problem = TAMPERS[how](data)
    code, out, err = run(capsys, "--verify")
    assert code == 1, out
    assert err == ""
    flagged = [line for line in out.splitlines() if line.startswith("#")]
    assert any(call in line for line in flagged), out  # names the call (its folder)
    assert problem in out
    assert "不能作为考核成绩" in out
    # the list shows ⚠ with the problem; --json carries it
    code, out, _ = run(capsys)
    assert code == 0 and "⚠ " in out and problem in out and "校验失败" in out
    _, out, _ = run(capsys, "--json")
    bad = [i for i in json.loads(out) if i["problem"]]
    assert any(i["id"] == call and problem in i["problem"] and not i["verified"] for i in bad)
    _, out, _ = run(capsys, "--verify", "--json")
    assert json.loads(out)["ok"] is False


def test_verify_names_time_scenario_trainee_and_index_line(data: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    call, _ = change_report(data)
    code, out, _ = run(capsys, "--verify")
    assert code == 1
    assert out.splitlines()[0].startswith("⚠ 3 通记录中有 1 通校验失败")
    line = next(x for x in out.splitlines() if x.startswith("#1 "))
    assert "转接错误的来电（misrouted-call）" in line and "学员 张三" in line and "考核" in line
    assert f"文件夹 {call}" in line and "索引第 3 行" in line
    assert "    问题：report.json 被改动过" in out


def test_a_wrong_key_is_suspected(data: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_HISTORY_KEY", "not-the-key")
    code, out, _ = run(capsys, "--verify")
    assert code == 1 and out.count("问题：索引条目被改动") == 3
    assert "用错了密钥" in out and "HOTLINE_HISTORY_KEY" in out


# --- show ---------------------------------------------------------------------------------------------


def test_show_by_number_and_folder(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("校验：✓")
    assert "转接错误的来电（misrouted-call）" in out and "学员 张三" in out
    assert "成绩（索引中封存）：" in out and "不通过" in out
    # the stored report, rendered by grading.report_text
    assert "通话评分：misrouted-call" in out and "结果：不通过" in out and "原话：“" in out
    folder = json.loads(run(capsys, "--json")[1])[2]["folder"]
    code, out, _ = run(capsys, "show", Path(folder).name)
    assert code == 0 and "无声来电" in out and "结果：通过" in out
    code, out, _ = run(capsys, "show", folder)  # a path works too
    assert code == 0 and "无声来电" in out


def test_show_a_tampered_call(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    change_report(data)
    code, out, _ = run(capsys, "show", "1")
    assert code == 0
    assert out.splitlines()[0] == "校验：⚠ report.json 被改动过 —— 此结果可能被改动过，不能作为考核成绩"
    assert "⚠ 报告里的成绩（100 分，通过）与索引中的成绩" in out
    code, out, _ = run(capsys, "show", "1", "--regrade")
    assert code == 0 and "重新评分" in out and "结果：不通过" in out


def test_show_regrades_when_the_report_is_gone(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = data / "calls" / str(index_lines(data)[0]["id"])
    (folder / "report.json").unlink()
    code, out, _ = run(capsys, "show", "3")
    assert code == 0 and out.startswith("校验：⚠ report.json 已被删除")
    assert "报告文件缺失或无法读取" in out and "通话评分：silent-caller" in out


def test_show_unknown_call(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "9")
    assert code == 2 and "没有第 9 通电话：共 3 通" in err
    code, _, err = run(capsys, "show", "no-such-call")
    assert code == 2 and "找不到通话 no-such-call" in err


# --- messages ------------------------------------------------------------------------------------------


def test_no_history_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.delenv("HOTLINE_HISTORY_KEY", raising=False)
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("还没有通话记录") and "培训界面" in out
    assert run(capsys, "--json")[1].strip() == "[]"
    code, out, _ = run(capsys, "--verify")
    assert code == 0 and "还没有通话记录" in out
    assert not (tmp_path / "history.key").exists()  # read-only: no key is created


def test_missing_key_says_where_it_looks(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "history.key").unlink()
    code, out, err = run(capsys, "--verify")
    assert code == 2 and out == ""
    assert err.startswith("错误：找不到校验密钥")
    assert str(data / "history.key") in err and "HOTLINE_HISTORY_KEY" in err and "提示：" in err
    assert not (data / "history.key").exists()


def test_unreadable_index(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "calls" / "index.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    code, out, err = run(capsys, "--verify")
    assert code == 2 and out == "" and "错误：无法读取通话索引" in err and "UTF-8" in err
    (data / "calls" / "index.jsonl").unlink()
    (data / "calls" / "index.jsonl").mkdir()
    code, _, err = run(capsys)
    assert code == 2 and "无法读取通话索引" in err and "文件夹" in err


def test_a_missing_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path / "nowhere"))
    assert code == 2 and "数据目录不存在" in err


# --- no textual ---------------------------------------------------------------------------------------


def test_history_works_without_textual(data: Path) -> None:
    """As tests/test_headless.py: list, verify and show with textual made unimportable."""
    code = textwrap.dedent(
        f"""
        import sys
        sys.modules["textual"] = None  # any import of textual now fails
        from simulator.cli import main
        codes = [main(["history", "--data", {str(data)!r}]),
                 main(["history", "--verify", "--data", {str(data)!r}]),
                 main(["history", "show", "1", "--data", {str(data)!r}])]
        loaded = sorted(m for m, mod in sys.modules.items()
                        if mod is not None and m.split(".")[0] in ("textual", "sounddevice"))
        print("RESULT", codes, ",".join(loaded))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**_env(), "HOTLINE_DATA": str(data)})
    assert out.stdout.splitlines()[-1] == "RESULT [0, 0, 0] ", out.stdout + out.stderr
    assert "全部 3 通记录校验通过" in out.stdout and "通话评分：" in out.stdout


def test_registration_stays_light() -> None:
    """``hotline --help`` does not import the store (nor grading) for the history command."""
    code = textwrap.dedent(
        """
        import sys
        from simulator.cli import build_parser
        build_parser().format_help()
        names = ("simulator.tui", "simulator.tui.store.history", "grading")
        print(",".join(m for m in names if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "HOTLINE_HISTORY_KEY"}
