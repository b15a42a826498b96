"""Whole calls through the UI with WAV-file audio in and out: the trainee's answers are WAV files
(an offline neural voice reading the replies) fed through the real hearing path — webrtcvad turns,
faster-whisper — and the caller's lines are rendered by the real voice chain into ``caller.wav`` on
the call clock. The transcript, the outcome, the report and the play-back are checked; in the
caller's channel, the ring-back tone, each line where it was said and the hold music while held."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
from tuikit import Rig, open_call, play, screen_text, script_of, settle, until, wait_real
from wavaudio import WavRig

from simulator.audio.wav import read_wav
from simulator.phrases import default_matcher
from simulator.scenario.library import find
from simulator.tui.screens.report import ReportScreen
from simulator.tui.widgets.transcript import Transcript


def rms(x: Any) -> float:
    return float(np.sqrt(np.mean(np.square(x)))) if len(x) else 0.0


@pytest.mark.parametrize("scenario_id", ["misrouted-call", "silent-caller", "lookup-hold"])
def test_call_with_wav_audio_in_and_out(rig: Rig, whisper: Any, speak: Any, scenario_id: str) -> None:
    wav = WavRig(whisper)
    rig.make_voice, rig.make_ear = wav.voice, wav.ear
    asyncio.run(_call(rig, wav, speak, scenario_id))


async def _call(rig: Rig, wav: WavRig, speak: Any, scenario_id: str) -> None:
    sc = find(scenario_id)
    script, pt = script_of(sc)
    app = rig.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        call = await open_call(pilot, scenario_id)
        transcript = call.query_one(Transcript)
        assert "WAV 文件" in screen_text(app)  # where the audio comes from is on screen

        async def speaker(session: Any, text: str) -> None:
            """Feed the answer, then wait until every turn heard in it has reached the call."""
            feeder = wav.feeders[-1]
            feeder.say_file(speak(text), at=session.clock.now())
            listener = rig.ears[-1].listener  # type: ignore[attr-defined]

            def heard_all() -> bool:
                done = feeder._q.empty() and not listener.assembler.active
                operator = sum(1 for t in session.turns if t.who == "operator")
                return (done and operator >= len(listener.turns)) or not session.live

            await wait_real(pilot, heard_all)
            await pilot.pause()

        await play(pilot, rig, script, speaker)
        s = call.session
        assert s is not None
        await until(pilot, rig, lambda: s.over, limit=400)
        # What whisper heard is in the live transcript and means what was said.
        said = [step.text for step in script.actions if step.kind == "say"]
        heard = [t.text for t in transcript.lines if t.who == "operator"]
        assert len(heard) >= len(said)  # a pause inside a long answer may end a turn early
        matcher = default_matcher()
        wanted = {h.act for text in said for h in matcher.detect(text)}
        got = {h.act for text in heard for h in matcher.detect(text)}
        assert wanted - {"answer"} <= got, (said, heard)
        assert s.state.outcome == pt.outcome and s.state.success == pt.success
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        report_screen = app.screen
        record = report_screen.record
        shown = screen_text(app)
        assert report_screen.report is not None and f"得分 {report_screen.report.score} / 100" in shown
        # The operator's turns carry the recogniser's confidence and the second transcript.
        ops = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
        assert all("confidence" in e for e in ops)
        assert record["operator_audio"]["path"].endswith("operator.wav")
        folder = report_screen.folder
        # The caller channel: speech where the caller spoke (as played), silence elsewhere.
        samples, rate = read_wav(folder / "caller.wav")
        lines = [e for e in record["events"] if e["type"] == "say" and e["who"] == "caller"]
        for e in lines:
            assert rms(samples[int(e["t"] * rate): int(e["end"] * rate)]) > 0.01, e
        holds = [e["t"] for e in record["events"] if e["type"] in ("hold", "unhold")]
        assert bool(holds) == (sc.id == "lookup-hold")  # the one of these calls that holds
        for start, end in zip(holds[::2], holds[1::2], strict=False):  # the caller hears hold music
            assert rms(samples[int((start + 0.3) * rate): int((end - 0.1) * rate)]) > 0.01, (start, end)
        answer = next(e["t"] for e in record["events"] if e["type"] == "answer")
        assert rms(samples[: int(0.9 * rate)]) > 0.05  # the ring-back tone while it rang
        if lines and sc.node(sc.start).noise == "none":
            quiet = samples[int((answer + 0.1) * rate): int(lines[0]["t"] * rate)]
            assert len(quiet) and rms(quiet) < 0.005  # nothing between the answer and the caller
        # Play back one caller and one operator turn from the report.
        await pilot.press("tab")  # to the tabs
        tabs_before = len(rig.played)
        for who in ("operator", "caller"):
            index = next((i for i, e in enumerate(report_screen.events)
                          if e["type"] == "say" and e["who"] == who), None)
            if index is None:
                continue
            report_screen.query_one("#report-transcript").highlighted = index  # type: ignore[attr-defined]
            report_screen.query_one("TabbedContent").active = "tab-transcript"  # type: ignore[attr-defined]
            await pilot.press("p")
            await settle(pilot)
            got_samples, got_rate = rig.played[-1]
            assert len(got_samples) / got_rate > 0.5 and rms(got_samples) > 0.01
        assert len(rig.played) > tabs_before
    store = rig.services.store
    entry = store.calls()[0]
    assert store.verify() == [] and entry.status == "finished"
    assert set(store.audio_tracks(entry.id)) == {"caller", "operator"}  # journaled from the WAVs
    rate, pcm = store.audio(entry.id, "operator")
    assert len(pcm) / 2 / rate > 1.0
