"""``hotline calls list|show|export`` and ``hotline regrade`` on a store filled by ``play --save``;
``hotline history`` is the same command; none of it needs textual."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records import open_store

GOOD = "/answer 2\n您好，12320卫生热线，请问有什么可以帮您？\n/wait 5\n请问您还在吗？\n/wait 5\n" \
       "您好，您的电话没有声音，请您换部电话再打过来，再见。\n/hangup\n"
BAD = "/answer 2\n喂？\n/hangup\n"


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    for name, text, trainee, exam in (("good", GOOD, "张三", True), ("bad", BAD, "李四", False)):
        script = tmp_path / f"{name}.txt"
        script.write_text(text, encoding="utf-8")
        argv = ["play", "silent-caller", "--script", str(script), "--save", "--trainee", trainee]
        assert main([*argv, "--exam"] if exam else argv) == 0
    capsys.readouterr()
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_list_filters_and_alias(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "calls", "list")
    assert code == 0 and "张三" in out and "李四" in out and "共 2 通" in out
    code, out = run(capsys, "history", "--trainee", "张三")
    assert code == 0 and "张三" in out and "李四" not in out
    code, out = run(capsys, "calls", "list", "--exam", "--json")
    data = json.loads(out)
    assert [c["trainee"] for c in data] == ["张三"] and data[0]["mode"] == "exam"
    code, out = run(capsys, "calls", "list", "--trainee", "赵六")
    assert "没有符合条件的通话" in out and "张三" in out


def test_show_prints_dialogue_and_report(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "calls", "show", "2")
    assert code == 0 and "学员 李四" in out and "话务员：喂？" in out
    assert "通话评分" in out and "校验：✓" in out


def test_show_unknown_call_is_a_clear_error(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calls", "show", "99"]) == 2
    assert "找不到通话 99" in capsys.readouterr().err


def test_export_csv_opens_in_excel_with_chinese(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = filled / "成绩.csv"
    assert main(["calls", "export", "--csv", "-o", str(out), "--audio", str(filled / "wav")]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["编号", "开始时间", "场景", "场景名称", "学员"]
    assert {r[4] for r in rows[1:]} == {"张三", "李四"} and "无声来电" in rows[1]


def test_export_json_has_records_and_reports(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "calls", "export", "--json")
    data = json.loads(out)
    assert code == 0 and len(data) == 2
    assert data[0]["record"]["format"] == "hotline-call/1" and data[0]["reports"][0]["kind"] == "grade"


def test_export_audio_writes_wav(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    with open_store() as store:
        journal = store.begin(scenario="silent-caller")
        journal.audio("operator", b"\x05\x00" * 16000, 16000)
        journal.finish({"format": "hotline-call/1", "scenario": "silent-caller", "events": []},
                       {"score": 0, "passed": False})
    assert main(["calls", "export", "--audio", str(tmp_path / "wav"), "-o", str(tmp_path / "x.csv")]) == 0
    (path,) = (tmp_path / "wav").iterdir()
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnframes() == 16000


def test_export_to_a_read_only_folder_is_a_message(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    if os.geteuid() == 0:
        target = Path("/proc/hotline-cannot-write/x.csv")
    else:
        ro = filled / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "x.csv"
    assert main(["calls", "export", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "错误：" in err and "Traceback" not in err


def test_regrade_keeps_the_old_grade_and_says_what_changed(filled: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    with open_store() as store:  # pretend the rules changed: the stored grade differs from today's
        store.add_report(1, {"score": 10, "passed": False, "findings": [{"rule": "OLD001"}]}, "regrade")
    code, out = run(capsys, "regrade", "--jobs", "2")
    assert code == 0 and "#1" in out and "10 分 不通过 →" in out and "不再有 OLD001" in out
    assert "复评 2 通，1 通成绩有变化" in out
    with open_store() as store:
        assert [r.kind for r in store.reports(1)] == ["grade", "regrade", "regrade"]
        assert store.verify() == []
    code, out = run(capsys, "regrade", "--since", "2999-01-01")
    assert "复评 0 通" in out


def test_calls_command_imports_no_textual(filled: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from simulator.cli import main
        main(["calls", "list"]); main(["calls", "verify"])
        print("textual" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


def test_recover_closes_a_dead_call_and_verify_names_it_until_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    with open_store() as store:
        journal = store.begin(scenario="silent-caller", title="无声来电", trainee="张三", mode="exam")
        journal.sync({"format": "hotline-call/1", "scenario": "silent-caller",
                      "events": [{"t": 0.0, "type": "ring"}, {"t": 2.0, "type": "answer"}]})
        journal.abandon()
        # a station that died three minutes ago
        store.db.execute("UPDATE calls SET pid = ?, alive_at = '2026-01-01T00:00:00.000+00:00' WHERE id = ?",
                         (2**22 + 4321, journal.call_id))
        store.db.execute("UPDATE call_journal SET at = '2026-01-01T00:00:00.000+00:00' WHERE call_id = ?",
                         (journal.call_id,))  # its heartbeat: the journal's newest row
    code, out = run(capsys, "calls", "verify")
    assert code == 1 and "没有正常结束" in out and "hotline calls recover" in out
    code, out = run(capsys, "calls", "recover")
    assert code == 0 and "已保存为“中断”" in out and "恢复了 1 通" in out
    code, out = run(capsys, "calls", "verify")
    assert code == 0, out
    code, out = run(capsys, "calls", "list")
    assert "中断" in out and "张三" in out
