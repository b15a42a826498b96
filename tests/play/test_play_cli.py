"""``hotline play``: a real subprocess run writing a record, the default record folder, errors, --typed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from enginekit import contract_problems

from simulator.cli import main

DEMO = Path(__file__).parent / "data" / "play-demo.yaml"
SCRIPT = "/answer 3\n# 解答\n您好，12320卫生热线。可以到社区卫生服务中心接种。\n感谢您的来电，再见。\n/wait 5"


def _script(tmp_path: Path, text: str = SCRIPT) -> Path:
    path = tmp_path / "script.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_subprocess_run_prints_the_dialogue_and_writes_the_record(tmp_path: Path) -> None:
    out = tmp_path / "call.json"
    env = {**os.environ, "HOTLINE_DATA": str(tmp_path / "data")}
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "play", str(DEMO), "--script", str(_script(tmp_path)),
         "--record", str(out), "--seed", "4"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "场景：播放测试（play-demo），种子 4"
    assert "[  0.0s] —— 电话响铃 ——" in lines and "[  3.0s] —— 话务员接听 ——" in lines
    asks = "来电者（焦虑）：你好，我想问一下流感疫苗去哪里打？"
    caller = next(i for i, line in enumerate(lines) if asks in line)
    assert lines[caller + 1].endswith("] 话务员：您好，12320卫生热线。可以到社区卫生服务中心接种。")
    assert "结局：问题解决" in lines and "是否成功：是" in lines
    assert "路径：asks → thanks → done" in lines
    assert lines[-1] == f"记录文件：{out}"
    record = json.loads(out.read_text(encoding="utf-8"))
    assert contract_problems(record) == []
    assert record["scenario"] == "play-demo" and record["seed"] == 4 and record["outcome"] == "resolved"
    assert not (tmp_path / "data").exists()  # --record given: nothing in the calls folder


def test_default_record_goes_to_the_calls_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))
    script = _script(tmp_path)
    assert main(["play", str(DEMO), "--script", str(script)]) == 0
    assert main(["play", str(DEMO), "--script", str(script)]) == 0  # same second: a second file
    files = sorted((tmp_path / "data" / "calls").glob("*.json"))
    assert len(files) == 2 and all("play-demo-seed0" in f.name for f in files)
    out = capsys.readouterr().out
    assert f"记录文件：{files[0]}" in out and f"记录文件：{files[1]}" in out


def test_the_call_ran_whatever_the_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", str(DEMO), "--script", str(_script(tmp_path, "/answer 2\n/hangup\n")),
                 "--record", str(tmp_path / "c.json")])
    assert code == 0
    out = capsys.readouterr().out
    assert "结局：话务员挂机" in out and "是否成功：否" in out


def test_script_errors_name_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = _script(tmp_path, "您好\n\n/wait soon\n")
    assert main(["play", str(DEMO), "--script", str(script), "--record", str(tmp_path / "c.json")]) == 2
    err = capsys.readouterr().err
    assert f"错误：{script}:3: /wait 后面应是秒数" in err
    assert not (tmp_path / "c.json").exists()


def test_unknown_scenario_and_missing_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "no-such-scenario-xyz", "--script", str(_script(tmp_path))]) == 2
    assert "no-such-scenario-xyz" in capsys.readouterr().err
    assert main(["play", str(DEMO), "--script", str(tmp_path / "missing.txt")]) == 2
    assert "无法读取脚本" in capsys.readouterr().err


def test_typed_mode_reads_stdin(tmp_path: Path) -> None:
    out = tmp_path / "typed.json"
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "play", str(DEMO), "--typed", "--record", str(out)],
        input="/answer 4\n/oops\n您好，可以到社区医院接种。\n", capture_output=True, text=True,
        encoding="utf-8", timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "错误：<输入>:2: 未知的命令 /oops" in proc.stdout
    assert "[  4.0s] —— 话务员接听 ——" in proc.stdout
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["path"][:2] == ["asks", "thanks"] and contract_problems(record) == []


def test_out_and_speak_replies_need_live(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", str(DEMO), "--script", str(_script(tmp_path)), "--out", str(tmp_path / "c.wav")])
    assert code != 0 and "--live" in capsys.readouterr().err


def test_live_play_runs_the_script_in_real_time_with_the_caller_voice(tmp_path: Path) -> None:
    """The real runtime on the real clock with the real voice chain, the caller's voice into a WAV:
    the same path (and record order) as simulated play. Generous limits: a busy machine renders
    the voice slowly (call time holds while it does)."""
    out, wav = tmp_path / "call.json", tmp_path / "caller.wav"
    env = {**os.environ, "HOTLINE_DATA": str(tmp_path / "data")}
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "play", str(DEMO), "--script", str(_script(tmp_path)),
         "--live", "--out", str(wav), "--record", str(out), "--seed", "4", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    live = result["record"]
    assert not contract_problems(live) and json.loads(out.read_text(encoding="utf-8")) == live
    assert result["report"]["scenario"] == live["scenario"]
    simulated = subprocess.run(
        [sys.executable, "-m", "simulator", "play", str(DEMO), "--script", str(_script(tmp_path)),
         "--record", str(tmp_path / "sim.json"), "--seed", "4", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    sim = json.loads(simulated.stdout)["record"]
    assert live["path"] == sim["path"] and live["outcome"] == sim["outcome"]
    order = [(e["type"], e.get("who"), e.get("text")) for e in live["events"]]
    assert order == [(e["type"], e.get("who"), e.get("text")) for e in sim["events"]]
    assert wav.is_file() and wav.stat().st_size > 16000  # the caller's voice, as played


def test_live_fast_needs_live(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", str(DEMO), "--script", str(_script(tmp_path)), "--fast"])
    assert code != 0 and "--live" in capsys.readouterr().err


def test_live_fast_plays_the_call_on_a_fake_clock_with_the_same_record_as_simulated(tmp_path: Path) -> None:
    """``--live --fast``: the live runtime and the real caller voice on a fake clock — the same path,
    record order and grade as simulated play, without waiting the call's real length."""
    env = {**os.environ, "HOTLINE_DATA": str(tmp_path / "data")}

    def run(*extra: str) -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, "-m", "simulator", "play", str(DEMO), "--script", str(_script(tmp_path)),
             "--record", str(tmp_path / f"{len(extra)}.json"), "--seed", "4", "--json", *extra],
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=900,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    live, sim = run("--live", "--fast"), run()
    assert not contract_problems(live["record"])
    assert live["record"]["path"] == sim["record"]["path"]
    order = [(e["type"], e.get("who"), e.get("text")) for e in live["record"]["events"]]
    assert order == [(e["type"], e.get("who"), e.get("text")) for e in sim["record"]["events"]]
    assert live["report"]["passed"] == sim["report"]["passed"]


def test_live_fast_with_spoken_replies_runs_the_whole_chain(tmp_path: Path) -> None:
    """``--live --fast --speak-replies``: the operator's lines spoken (Kokoro) into the file-backed
    microphone, heard by whisper a chunk at a time on the fake clock: the call goes the same way as
    simulated play and the record holds what the recogniser heard."""
    from simulator.hearing.config import load_config
    from simulator.play.live import play_live
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.loader import load_scenario

    if not (load_config().whisper_path() / "model.bin").is_file():
        pytest.skip("no Whisper model (hotline models install)")
    scenario = load_scenario(DEMO)
    script = parse_script(SCRIPT, "demo")
    live = play_live(scenario, script, 4, speak_replies="f-adult-mandarin", echo=lambda _l: None, fast=True)
    sim = play_script(scenario, script, 4).record
    assert live.record["path"] == sim["path"] and live.record["outcome"] == sim["outcome"]
    heard = [e for e in live.record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert len(heard) == 2 and "卫生热线" in heard[0]["text"] and "再见" in heard[1]["text"]


def test_a_slower_operator_voice_is_mostly_a_time_stretch() -> None:
    """Kokoro slowed by more than 10 % adds a vocal onset before each sentence (whisper heard 您好
    as 一年好); the voice renders at most 10 % slower and the rest is a pitch-keeping stretch."""
    from simulator.play.live import split_rate

    assert split_rate(0) == (0, 1.0)
    assert split_rate(5) == (5, 1.0)
    assert split_rate(-10) == (-10, 1.0)
    engine, tempo = split_rate(-30)
    assert engine == -10 and tempo == pytest.approx(0.9 / 0.7)
    assert split_rate(-90)[1] == pytest.approx(0.9 / 0.5)  # never past half speed
