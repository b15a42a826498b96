"""How well an echo is told by its sound (speakers, no headset): ``simulator.hearing.echo``.

    .venv/bin/python benchmarks/echo_bench.py              # 200 pairs of caller lines
    .venv/bin/python benchmarks/echo_bench.py --pairs 400 --json

Caller lines are taken from the voice cache (what ``hotline voices render`` and the app rendered:
Kokoro, the scenarios' lines in their moods). For each pair (line A, line B) the microphone hears:

* ``echo``: line A played back 0–1 s late, at 30–100 % of its level, with hiss, cut to a stretch
  of 1–6 s as the VAD would (must be told: an echo); ``echo_known``: the same, the level echoes
  come back at known from an earlier echo; ``echo_first``: the same judged as the call's first
  echo (until one is heard — a headset never hears one — only overwhelming evidence counts);
* ``echo_stutter``: with three underruns of 40–150 ms of silence (a starved machine);
* ``other`` / ``other_first``: line B (another utterance; must not be taken for A's echo), judged
  normally and as before any echo;
* ``over_quiet`` / ``over_loud`` (``_known``): line B with A's echo under it at 25 % / 60 % of
  B's level (the trainee talking over the caller; must stay a turn).

Reported: the share of each case called an echo by ``sounds_like``. Measured when it was built
(``--pairs 400``, the first 400 lines of this machine's voice cache): echo 92.2 %, echo_known
92.2 %, echo_first 68.8 %, echo_stutter 67.8 %, other 2.5 %, other_first 0.2 %, over_quiet 4.2 %,
over_loud 10.0 %, over_quiet_known 1.8 %, over_loud_known 7.0 %. So a headset call loses one quick
reply in 400 at most to this check (other_first), and with speakers most echoes are told by sound
even when the recogniser makes other words of them; an echo missed by its sound is still told by
its words when the recogniser gets them (``turns.is_echo``). A trainee talking loudly over the
caller's line is the case it gets wrong most.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def lines(limit: int = 400) -> list[Any]:
    import soundfile as sf

    from simulator.hearing.echo import to_rate
    from simulator.voices.locations import cache_dir

    root = cache_dir()
    index = root / "index.jsonl"
    if not index.is_file():
        raise SystemExit(f"没有语音缓存（{index}）：先运行 hotline voices render")
    rows = [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("duration", 0) > 0.5 and (root / r["file"]).is_file()][:limit]
    if len(rows) < 20:
        raise SystemExit("语音缓存里的句子太少（少于 20 句）：先运行 hotline voices render")
    out = []
    for r in rows:
        x, rate = sf.read(str(root / r["file"]), dtype="float32")
        out.append(to_rate(x, rate))
    return out


def db(amplitude: float) -> float:
    import math

    return 20.0 * math.log10(amplitude)


def measure(pairs: int, seed: int = 5) -> dict[str, float]:
    import numpy as np

    from simulator.hearing.echo import contour, sounds_like

    rng = random.Random(seed)
    pool = lines()

    def played(x: Any, delay: float, gaps: int, gain: float) -> Any:
        y = np.concatenate([np.zeros(int(delay * 16000), np.float32), x * gain])
        for _ in range(gaps):
            at = rng.randrange(0, len(y))
            y = np.concatenate([y[:at], np.zeros(int(rng.uniform(0.04, 0.15) * 16000), np.float32), y[at:]])
        return y + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 0.002, len(y)).astype(np.float32)

    names = ("echo", "echo_known", "echo_first", "echo_stutter", "other", "other_first", "over_quiet",
             "over_loud", "over_quiet_known", "over_loud_known")
    cases: dict[str, list[bool]] = {k: [] for k in names}
    for _ in range(pairs):
        a, b = rng.sample(pool, 2)
        line = contour(a, 16000)
        for name, gaps in (("echo", 0), ("echo_stutter", 3)):
            level = rng.uniform(0.3, 1.0)
            e = played(a, rng.uniform(0.0, 1.0), gaps, level)
            s0 = rng.uniform(0, max(0.0, len(e) / 16000 - 1.5))
            s1 = min(len(e) / 16000, s0 + rng.uniform(1.0, 6))
            heard = contour(e[int(s0 * 16000): int(s1 * 16000)], 16000)
            cases[name].append(sounds_like(heard, s0, line, 0.0))
            if name == "echo":  # the level echoes come back at known from an earlier one
                cases["echo_known"].append(sounds_like(heard, s0, line, 0.0, db(level)))
                cases["echo_first"].append(sounds_like(heard, s0, line, 0.0, first=True))
        other = played(b, rng.uniform(0, 1.0), 0, 1.0)
        cases["other"].append(sounds_like(contour(other, 16000), 0.0, line, 0.0))
        cases["other_first"].append(sounds_like(contour(other, 16000), 0.0, line, 0.0, first=True))
        for name, gain in (("over_quiet", 0.25), ("over_loud", 0.6)):
            e = played(a, 0.2, 0, 1.0)
            n = max(len(other), len(e))
            mixed = contour(np.pad(other, (0, n - len(other))) + np.pad(e, (0, n - len(e))) * gain, 16000)
            cases[name].append(sounds_like(mixed, 0.0, line, 0.0))
            cases[name + "_known"].append(sounds_like(mixed, 0.0, line, 0.0, db(gain)))
    return {k: round(100.0 * sum(v) / len(v), 1) for k, v in cases.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = measure(args.pairs)
    if args.json:
        print(json.dumps({"pairs": args.pairs, "called_echo_percent": result}))
        return
    print(f"{args.pairs} pairs of caller lines; share called an echo by its sound:")
    for name, value in result.items():
        print(f"  {name:13} {value:5.1f} %")


if __name__ == "__main__":
    main()
