"""Caller voices: synthesis speed per engine, and how fast a cached line starts playing.

    .venv/bin/python benchmarks/voices_bench.py [--lines 12] [--plays 40] [--engines kokoro,espeak,edge]
                                                [--json]

Lines: an even spread (short to long) of real caller lines from the scenario library. Per engine:

* RTF — synthesis time / seconds of audio produced (below 1 is faster than real time);
* time to first audio — from the request to a finished, playable line (trimmed, levelled, phone
  effect applied): the engines synthesise whole lines, so this is the wait before the caller speaks
  when a line is not cached;
* load — the first call (model loading: Kokoro's ONNX session and the G2P).

For cached lines (played through :class:`simulator.audio.output.Player` on the default device):

* play → first sample — from "play this line" (cache lookup by persona/mood/text, WAV read when
  not in memory, resampling to the stream rate, queuing) to the audio callback handing the line's
  first sample to the device (target ≤ 30 ms), cold (from disk) and warm (in memory);
* stop → silence (with the PulseAudio null sink): from ``stop()`` to the last loud 5 ms frame
  captured back from the monitor (target ≤ 50 ms).

Wall-clock times on a shared machine: other processes inflate them. The voice cache used is a
temporary folder; nothing is written to the user's cache.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def sample_lines(n: int) -> list[tuple[str, str, str]]:
    from simulator.scenario.library import load_all
    from simulator.voices.plan import plan

    jobs = sorted(plan(load_all()), key=lambda j: (len(j.text), j.text))
    step = max(1, len(jobs) // n)
    return [(j.text, j.persona, j.mood) for j in jobs[step // 2 :: step][:n]]


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def bench_engine(name: str, lines: list[tuple[str, str, str]], cache_root: Path) -> dict[str, Any]:
    from simulator.voices.cache import VoiceCache
    from simulator.voices.chain import Voices, default_engines

    eng = next(e for e in default_engines(batch=False) if e.name == name)
    if reason := eng.check():
        return {"engine": name, "skipped": reason}
    voices = Voices([eng], VoiceCache(cache_root / name), effect="phone")
    text, who, mood = lines[0]
    start = time.perf_counter()
    try:
        voices.render("您好。", who, mood, engine=name)
    except Exception as exc:  # network engines fail here when offline
        return {"engine": name, "skipped": str(exc)}
    load = time.perf_counter() - start
    rtf, ttfa, audio_s = [], [], []
    for text, who, mood in lines:
        t0 = time.perf_counter()
        out = voices.render(text, who, mood, engine=name, mode="best")
        total = time.perf_counter() - t0
        ttfa.append(total)
        rtf.append(out.seconds / out.audio.duration)
        audio_s.append(out.audio.duration)
    return {
        "engine": name, "lines": len(lines), "load_s": load, "rtf_median": med(rtf),
        "ttfa_median_s": med(ttfa), "ttfa_max_s": max(ttfa), "audio_median_s": med(audio_s),
    }


def bench_play(lines: list[tuple[str, str, str]], plays: int, cache_root: Path) -> dict[str, Any]:
    from simulator.audio.devices import playback_problem
    from simulator.audio.output import Player
    from simulator.voices.cache import VoiceCache
    from simulator.voices.chain import Voices, default_engines

    if problem := playback_problem():
        return {"skipped": problem}
    engines = [e for e in default_engines() if e.name != "edge"]
    Voices(engines, VoiceCache(cache_root / "play"), effect="phone")  # warm imports
    filler = Voices(engines, VoiceCache(cache_root / "play"), effect="phone")
    for text, who, mood in lines:
        filler.render(text, who, mood, mode="best")
    cold, warm = [], []
    with Player() as player:
        for i in range(plays):
            text, who, mood = lines[i % len(lines)]
            for bucket, voices in (("cold", None), ("warm", filler)):
                v = voices or Voices(engines, VoiceCache(cache_root / "play"), effect="phone")
                t0 = time.monotonic()
                got = v.render(text, who, mood, mode="play")
                h = player.play(got.audio.samples, got.audio.rate, line=i)
                deadline = time.monotonic() + 1.0
                while h.handed is None and time.monotonic() < deadline:
                    time.sleep(0.0005)
                player.stop()
                if h.handed is not None:
                    (cold if bucket == "cold" else warm).append(h.handed - t0)
                time.sleep(0.03 + random.random() * 0.01)  # any phase of the block clock
    return {
        "plays": plays, "stream_rate": 16000, "block_ms": 10,
        "cold_median_ms": 1000 * med(cold), "cold_p90_ms": 1000 * sorted(cold)[int(0.9 * len(cold))],
        "warm_median_ms": 1000 * med(warm), "warm_p90_ms": 1000 * sorted(warm)[int(0.9 * len(warm))],
    }


def bench_stop(repeats: int) -> dict[str, Any]:
    from simulator.audio.devices import pulse_running

    if not pulse_running():
        return {"skipped": "没有 PulseAudio（scripts/start-pulse.sh）"}
    import subprocess

    rate = 16000
    blocks: list[tuple[float, Any]] = []
    # A private null sink: other programs playing to the shared one cannot leak into the capture.
    name = f"hotline_bench_{os.getpid()}"
    module = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={name}", f"rate={rate}", "channels=1"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    os.environ["PULSE_SINK"], os.environ["PULSE_SOURCE"] = name, f"{name}.monitor"
    try:
        delays = _stop_delays(repeats, rate, blocks)
    finally:
        subprocess.run(["pactl", "unload-module", module], capture_output=True, check=False)
        os.environ.pop("PULSE_SINK"), os.environ.pop("PULSE_SOURCE")
    return {"repeats": repeats, "median_ms": 1000 * med(delays), "max_ms": 1000 * max(delays)}


def _stop_delays(repeats: int, rate: int, blocks: list[tuple[float, Any]]) -> list[float]:
    import numpy as np
    import sounddevice as sd

    from simulator.audio.output import Player

    def cb(indata: Any, frames: int, ti: Any, status: Any) -> None:
        adc = time.monotonic() - max(0.0, ti.currentTime - ti.inputBufferAdcTime)
        blocks.append((adc, indata[:, 0].copy()))

    tone = (0.5 * np.sin(2 * np.pi * 700 * np.arange(rate * 2) / rate)).astype(np.float32)
    delays = []
    stream = sd.InputStream(
        samplerate=rate, channels=1, dtype="float32", blocksize=160, latency="low", callback=cb
    )
    with stream:
        time.sleep(2.5)  # a new capture stream stalls, then bursts: let it settle
        with Player(rate=rate) as player:
            for _ in range(repeats):
                blocks.clear()
                player.play(tone, rate)
                time.sleep(0.5)
                at = time.monotonic()
                player.stop()
                time.sleep(0.3)
                got = np.concatenate([b for _, b in blocks])
                t_end = blocks[-1][0] + len(blocks[-1][1]) / rate
                frame = rate // 200
                n = len(got) // frame
                rms = np.sqrt(np.mean(got[: n * frame].reshape(n, frame) ** 2, axis=1))
                times = t_end - len(got) / rate + np.arange(n) * frame / rate + frame / rate
                loud = times[rms > 0.05]
                if len(loud):
                    delays.append(float(loud.max()) - at)
    return delays


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=12)
    ap.add_argument("--plays", type=int, default=40)
    ap.add_argument("--engines", default="kokoro,espeak,edge")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="voices-bench-") as tmp:
        os.environ["HOTLINE_VOICE_CACHE"] = str(Path(tmp) / "default")
        lines = sample_lines(args.lines)
        result: dict[str, Any] = {
            "cpus": os.cpu_count(),
            "engines": [bench_engine(e, lines, Path(tmp)) for e in args.engines.split(",") if e],
            "cached_play": bench_play(lines, args.plays, Path(tmp)),
            "stop": bench_stop(10),
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(report(result, lines))
    return 0


def report(result: dict[str, Any], lines: list[tuple[str, str, str]]) -> str:
    sizes = [len(t) for t, _, _ in lines]
    out = [f"{len(lines)} 句台词（{min(sizes)}–{max(sizes)} 字），{result['cpus']} 核"]
    for e in result["engines"]:
        if "skipped" in e:
            out.append(f"  {e['engine']:<7} 跳过：{e['skipped'][:100]}")
            continue
        out.append(
            f"  {e['engine']:<7} RTF 中位数 {e['rtf_median']:.3f}   "
            f"首个音频中位数 {e['ttfa_median_s'] * 1000:.0f} ms（最长 {e['ttfa_max_s'] * 1000:.0f} ms）   "
            f"首次调用（加载）{e['load_s']:.2f} s"
        )
    p = result["cached_play"]
    if "skipped" in p:
        out.append(f"  缓存播放：跳过（{p['skipped']}）")
    else:
        out.append(
            f"  缓存的台词 播放→第一个样本送入设备：磁盘 中位数 {p['cold_median_ms']:.1f} ms"
            f"（P90 {p['cold_p90_ms']:.1f}），内存 中位数 {p['warm_median_ms']:.1f} ms"
            f"（P90 {p['warm_p90_ms']:.1f}）；目标 ≤ 30 ms"
        )
    s = result["stop"]
    if "skipped" in s:
        out.append(f"  停止：跳过（{s['skipped']}）")
    else:
        out.append(
            f"  stop() → 静音（从监听端录回）：中位数 {s['median_ms']:.0f} ms，最长 {s['max_ms']:.0f} ms；"
            "目标 ≤ 50 ms"
        )
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
