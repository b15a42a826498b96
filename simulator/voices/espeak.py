"""espeak-ng: the last-resort voice. Robotic but always there (Debian ``espeak-ng``).

Mandarin must use ``cmn-latn-pinyin`` (``cmn`` and ``zh`` read pinyin as English); Cantonese
``yue``, English ``en-us``. A ``+f3``/``+m3`` variant after the voice picks a female or male timbre
(the chain adds one from the persona's sex). Output is 22,050 Hz.
"""

from __future__ import annotations

import shutil
import struct
import subprocess

from simulator.audio.extras import numpy
from simulator.voices.base import Audio, EngineUnavailable, Prosody, SynthesisError, VoiceEngine
from simulator.voices.text import speakable

BROKEN = {"cmn": "cmn-latn-pinyin", "zh": "cmn-latn-pinyin", "zh-cn": "cmn-latn-pinyin"}
LANGUAGE_OF = {"yue": "cantonese", "en-us": "english", "en": "english", "en-gb": "english"}
BASE_WPM = {"cmn-latn-pinyin": 150, "yue": 150}
INSTALL_HINT = "apt-get install espeak-ng"


def _pcm_from_stdout(data: bytes) -> tuple[bytes, int]:
    """espeak-ng --stdout writes a streaming WAV header (sizes 0x7fff…): find ``data`` ourselves."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SynthesisError("espeak-ng 没有输出 WAV 数据")
    rate = struct.unpack_from("<I", data, 24)[0]
    at = data.find(b"data", 12)
    if at < 0:
        raise SynthesisError("espeak-ng 的输出缺少 data 段")
    pcm = data[at + 8 :]
    return pcm[: len(pcm) // 2 * 2], int(rate)


class EspeakEngine(VoiceEngine):
    name = "espeak"
    label = "espeak-ng（离线，机器音，最后的备用）"
    offline = True
    revision = "1"
    max_jobs = 4

    def __init__(self, program: str | None = None) -> None:
        self.program = program or shutil.which("espeak-ng") or shutil.which("espeak") or ""

    def check(self) -> str | None:
        if not self.program:
            return f"找不到 espeak-ng 程序（{INSTALL_HINT}）"
        return None

    def voices(self) -> list[str]:
        return ["cmn-latn-pinyin", "yue", "en-us"] if self.program else []

    def synthesize(self, text: str, voice: str, prosody: Prosody) -> Audio:
        if reason := self.check():
            raise EngineUnavailable(reason, hint=INSTALL_HINT)
        base, _, variant = voice.partition("+")
        base = BROKEN.get(base.lower(), base)
        spoken = speakable(text, LANGUAGE_OF.get(base, "mandarin"))
        wpm = round(BASE_WPM.get(base, 165) * (1 + prosody.rate / 100))
        pitch = max(0, min(99, 50 + 2 * prosody.pitch))
        args = [self.program, "-v", base + (f"+{variant}" if variant else ""), "-s", str(max(80, wpm))]
        args += ["-p", str(pitch), "--stdout", spoken]
        try:
            proc = subprocess.run(args, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SynthesisError(f"espeak-ng 运行失败：{exc}") from exc
        if proc.returncode != 0:
            raise SynthesisError(f"espeak-ng 出错：{proc.stderr.decode(errors='replace').strip()}")
        pcm, rate = _pcm_from_stdout(proc.stdout)
        np = numpy()
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        return Audio(samples, rate, self.name, voice)
