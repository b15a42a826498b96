"""A whole practice call in the real app with a real microphone: nothing is injected but storage.

The app runs on the real monotonic clock with its default voice and ear: the caller's lines are
rendered by the voice chain and played by ``Player`` into a PulseAudio null sink (the speakers);
the trainee's answers — an offline neural voice reading the golden playthrough — are played with
``paplay`` into another null sink whose monitor is the microphone the app captures through
sounddevice, webrtcvad and faster-whisper. The trainee waits for the caller to finish, as a person
would, and the call must end as the golden playthrough says, with the report on screen.

``speakers``: no headset — the microphone is the monitor of the very sink the caller plays into,
so the caller's own voice comes back into it. Those echoes must not become the trainee's turns.

Skips with the reason when there is no sound server (CI starts one: ``scripts/start-pulse.sh``), no
Whisper model or no Kokoro (``./setup.sh`` installs both).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tuikit import open_call, screen_text, script_of, settle, wait_real

from simulator.engine.actions import CallerSay
from simulator.hearing.turns import is_echo
from simulator.phrases import default_matcher
from simulator.scenario.library import find
from simulator.tui.app import HotlineApp
from simulator.tui.devices import DeviceList
from simulator.tui.screens.report import ReportScreen
from simulator.tui.services import Services

SCENARIO = "praise-call"
QUIET = 0.8  # seconds of quiet after the caller's line before the trainee answers


def null_sink(name: str) -> str | None:
    made = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={name}", "rate=16000",
                           "channels=1"], capture_output=True, text=True)
    return None if made.returncode else made.stdout.strip()


@pytest.fixture
def sinks(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(speaker sink, sink whose monitor is the microphone) for streams this process opens."""
    if shutil.which("paplay") is None or shutil.which("pactl") is None:
        pytest.skip("没有 paplay/pactl（apt-get install pulseaudio-utils）")
    if subprocess.run(["pactl", "info"], capture_output=True).returncode:
        pytest.skip("没有可连接的声音服务器（运行 scripts/start-pulse.sh）")
    base = f"hotline_mic_{os.getpid()}"
    modules = [m for m in (null_sink(f"{base}_spk"), null_sink(f"{base}_mic")) if m]
    if len(modules) < 2:
        pytest.skip("无法创建测试用的虚拟声卡")
    speaker = f"{base}_spk"
    mic = speaker if request.param == "speakers" else f"{base}_mic"
    monkeypatch.setenv("PULSE_SINK", speaker)
    monkeypatch.setenv("PULSE_SOURCE", f"{mic}.monitor")
    try:
        yield speaker, mic
    finally:
        for module in modules:
            subprocess.run(["pactl", "unload-module", module], capture_output=True)


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's installed models and voice cache; everything else under ``tmp_path``."""
    from simulator.hearing.config import models_root
    from simulator.voices.kokoro import KokoroEngine
    from simulator.voices.locations import cache_dir

    pytest.importorskip("faster_whisper", reason="asr 扩展没有安装（faster-whisper）")
    models, cache = models_root(), cache_dir()
    if not (models / "whisper-base" / "model.bin").is_file():
        pytest.skip("没有 Whisper 模型（hotline models install）")
    if reason := KokoroEngine().check():
        pytest.skip(f"离线语音 Kokoro 不可用：{reason}")
    monkeypatch.setenv("HOTLINE_MODELS", str(models))
    monkeypatch.setenv("HOTLINE_VOICE_CACHE", str(cache))
    monkeypatch.setenv("HOTLINE_DATA", str(tmp_path / "data"))


@pytest.mark.parametrize("sinks", ["headset", "speakers"], indirect=True)
def test_voice_call_with_a_microphone(sinks: tuple[str, str], installed: None, speak: Any,
                                      tmp_path: Path) -> None:
    services = Services(store_url=str(tmp_path / "records.db"), audio_root=tmp_path / "audio",
                        settings_file=tmp_path / "settings.json", seed=lambda: 1,
                        play=lambda samples, rate: None, devices=lambda: DeviceList([], []))
    asyncio.run(_call(HotlineApp(services), sinks[1], speak, echo=sinks[0] == sinks[1]))


def quiet(s: Any) -> bool:
    """No caller line playing or coming: the engine's scheduled lines are all out and over."""
    coming = any(isinstance(action, CallerSay) for _, _, action in s._pending)
    return not coming and not s.owed and s.now() > s.caller_end + QUIET


def state_of(s: Any) -> str:
    """What the call was doing, for a wait that timed out (a busy machine shows where it stalls)."""
    turns = "\n".join(f"  {t.t:6.2f} {t.who:8} {t.text}" for t in s.turns)
    ear = getattr(s.ear, "listener", None)
    backlog = ear.source.backlog() if ear is not None else None
    return (f"now={s.now():.2f} caller_end={s.caller_end:.2f} owed={s._owed} pending={s._pending} "
            f"speaking={s.is_speaking} silence_due={s.silence_due()} backlog={backlog} "
            f"node={s.state.node} live={s.live}\n{turns}")


def say_into(mic: str, wav: Path) -> None:
    subprocess.run(["paplay", f"--device={mic}", str(wav)], check=True, timeout=60)


async def _call(app: HotlineApp, mic: str, speak: Callable[[str], Path], *, echo: bool) -> None:
    sc = find(SCENARIO)
    script, pt = script_of(sc)
    says = [step.text for step in script.actions if step.kind == "say"]
    answers = {text: speak(text) for text in says}  # rendered before the phone rings
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        call = await open_call(pilot, SCENARIO)
        s = call.session
        assert s is not None

        def why() -> str:
            return state_of(s)

        await wait_real(pilot, lambda: getattr(call.ear, "listener", None) is not None, timeout=60)
        assert "麦克风 + Whisper" in screen_text(app)  # answering by voice, not typing
        await pilot.pause(script.answer_after)
        await pilot.press("f2")
        for text in says:
            if not s.live:
                break
            # a person lets the caller finish what they are saying (or about to say)
            # (generous limits: a busy machine renders the caller and recognises the trainee slowly;
            # how fast is measured in benchmarks/, not here)
            await wait_real(pilot, lambda: quiet(s) or not s.live, timeout=300, why=why)
            ours = sum(1 for t in s.turns if t.who == "operator")
            await asyncio.to_thread(say_into, mic, answers[text])
            await wait_real(pilot, lambda n=ours: sum(1 for t in s.turns if t.who == "operator") > n
                            or not s.live, timeout=300, why=why)
        await wait_real(pilot, lambda: s.over, timeout=300, why=why)
        await wait_real(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=300, why=why)
        await settle(pilot)
        report = app.screen
        assert isinstance(report, ReportScreen) and report.report is not None
        assert f"得分 {report.report.score} / 100" in screen_text(app)
        record = report.record

    print("\n".join(f"{t.t:6.2f} {t.who:8} {t.text}" for t in s.turns))  # shown when the test fails
    assert s.state.outcome == pt.outcome and s.state.success == pt.success, s.state.path
    heard = [t.text for t in s.turns if t.who == "operator"]
    callers = [t.text for t in s.turns if t.who == "caller"]
    assert not any(is_echo(h, c) for h in heard for c in callers), (heard, callers)
    matcher = default_matcher()
    wanted = {h.act for text in says for h in matcher.detect(text)}
    got = {h.act for text in heard for h in matcher.detect(text)}
    assert wanted - {"answer"} <= got, (says, heard)
    ops = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert ops and all("confidence" in e and "asr" in e for e in ops)
    assert Path(record["operator_audio"]["path"]).stat().st_size > 16000 * 2 * 3
    if echo:  # the caller's own lines were heard in the microphone — and set aside
        assert record.get("echoes"), "the caller's voice did not reach the microphone"
