"""``hotline voices doctor``: which engines work here, their voices, what is missing and how to fix it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from simulator.voices.base import Prosody, VoiceEngine, VoiceError
from simulator.voices.chain import default_engines
from simulator.voices.locations import cache_dir, kokoro_dir

PROBE = {"edge": "zh-CN-XiaoxiaoNeural", "kokoro": "zf_xiaoxiao", "espeak": "cmn-latn-pinyin"}


@dataclass
class EngineStatus:
    name: str
    label: str
    offline: bool
    ok: bool
    problem: str = ""
    voices: list[str] = field(default_factory=list)
    probe_s: float | None = None  # time to synthesise a short test line

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "label": self.label, "offline": self.offline, "ok": self.ok,
            "problem": self.problem, "voices": self.voices, "probe_seconds": self.probe_s,
        }


def check_engine(engine: VoiceEngine, probe: bool = True) -> EngineStatus:
    st = EngineStatus(engine.name, engine.label, engine.offline, False, voices=engine.voices())
    if reason := engine.check():
        st.problem = reason
        return st
    if probe:
        start = time.perf_counter()
        try:
            audio = engine.synthesize("您好，请问有什么可以帮您？", PROBE.get(engine.name, ""), Prosody())
        except VoiceError as exc:
            st.problem = exc.message + (f"（{exc.hint}）" if exc.hint else "")
            return st
        st.probe_s = time.perf_counter() - start
        if audio.duration < 0.5:
            st.problem = f"试合成只得到 {audio.duration:.2f} 秒音频"
            return st
    st.ok = True
    return st


def diagnose(probe: bool = True) -> dict[str, Any]:
    from simulator.audio.devices import output_devices, playback_problem
    from simulator.voices.cache import VoiceCache

    engines = [check_engine(e, probe) for e in default_engines()]
    try:
        problem = playback_problem()
        outputs = [f"{d.index} {d.name}" + ("（默认）" if d.default else "") for d in output_devices()]
    except VoiceError as exc:  # pragma: no cover - MissingExtraError is a HotlineError, not VoiceError
        problem, outputs = exc.message, []
    except Exception as exc:  # MissingExtraError and PortAudio errors
        problem, outputs = str(exc), []
    cache = VoiceCache()
    return {
        "engines": [e.as_dict() for e in engines],
        "playback": {"ok": problem is None, "problem": problem or "", "outputs": outputs},
        "models": str(kokoro_dir()),
        "cache": {"folder": str(cache_dir()), "engines": cache.summary()},
    }


def render_text(report: dict[str, Any]) -> str:
    out = ["语音引擎（按优先顺序）："]
    for e in report["engines"]:
        unprobed = e["ok"] and not e["offline"] and e.get("probe_seconds") is None
        mark = "?" if unprobed else "✓" if e["ok"] else "✗"
        where = "离线" if e["offline"] else "在线"
        probe = f"，试合成 {e['probe_seconds']:.2f} 秒" if e.get("probe_seconds") is not None else ""
        out.append(f"  {mark} {e['name']:<7} {e['label']}（{where}{probe}）")
        if e["voices"]:
            out.append(f"      声音：{'、'.join(e['voices'])}")
        if e["problem"]:
            out.append(f"      问题：{e['problem']}")
        elif unprobed:
            out.append("      已安装；是否连得上服务未检测（去掉 --no-probe 试合成一句）")
    usable = [e["name"] for e in report["engines"] if e["ok"]]
    out.append(f"来电者将使用：{usable[0] if usable else '无（只能显示文字）'}" + (
        f"（不可用时依次退到 {'、'.join(usable[1:])}）" if len(usable) > 1 else ""))
    pb = report["playback"]
    out.append("播放：" + ("✓ " + "；".join(pb["outputs"]) if pb["ok"] else "✗ " + pb["problem"]))
    out.append(f"Kokoro 模型文件夹：{report['models']}")
    rows = report["cache"]["engines"]
    counts = "，".join(f"{k} {int(v['lines'])} 句" for k, v in sorted(rows.items())) or "空"
    out.append(f"声音缓存：{report['cache']['folder']}（{counts}）")
    return "\n".join(out)
