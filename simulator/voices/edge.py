"""edge-tts: Microsoft's online neural voices, with real dialect voices. Online only.

Every attempt is wrapped in ``asyncio.timeout`` (edge-tts can hang far longer than its
``connect_timeout``): the first audio must arrive within ``first_audio`` seconds, the whole line
within ``line_timeout``. Transient failures are retried with exponential backoff while the
``budget`` for reaching the first audio lasts. When the service cannot be reached, the engine
marks itself down for ``down_for`` seconds so the next lines go straight to the fallback.

Two presets: :data:`LIVE` (during a call: gives up within 1 s so the chain falls back unnoticed)
and :data:`BATCH` (``hotline voices render``: patient, more retries).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from simulator.audio.extras import numpy
from simulator.voices.base import Audio, EngineUnavailable, Prosody, SynthesisError, VoiceEngine
from simulator.voices.text import speakable

RATE = 24000
INSTALL_HINT = 'pip install -e ".[voice]"（edge-tts 和 miniaudio）'
NETWORK_HINT = "检查网络；离线时自动改用 Kokoro 或 espeak-ng"
KNOWN_VOICES = [
    "zh-CN-XiaoxiaoNeural", "zh-CN-XiaoyiNeural", "zh-CN-YunjianNeural", "zh-CN-YunxiNeural",
    "zh-CN-YunxiaNeural", "zh-CN-YunyangNeural", "zh-CN-liaoning-XiaobeiNeural",
    "zh-CN-shaanxi-XiaoniNeural", "zh-HK-HiuGaaiNeural", "zh-HK-HiuMaanNeural", "zh-HK-WanLungNeural",
    "zh-TW-HsiaoChenNeural", "zh-TW-HsiaoYuNeural", "zh-TW-YunJheNeural", "en-US-GuyNeural",
    "en-US-JennyNeural",
]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EdgeTimeouts:
    first_audio: float  # one attempt: seconds until the first audio chunk
    budget: float  # all attempts together: seconds until the first audio chunk
    line_timeout: float  # one attempt: seconds for the whole line (plus per_char)
    per_char: float = 0.25
    retries: int = 2
    backoff: float = 0.1
    down_for: float = 60.0


LIVE = EdgeTimeouts(first_audio=0.55, budget=0.65, line_timeout=4.0)
BATCH = EdgeTimeouts(first_audio=10.0, budget=30.0, line_timeout=30.0, retries=4, backoff=0.5, down_for=5.0)


def run_coroutine(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from synchronous code, even inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def decode_mp3(data: bytes) -> Any:
    np = numpy()
    try:
        import miniaudio
    except ImportError:
        import io

        import soundfile as sf

        from simulator.audio.resample import resample

        a, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=False)
        return resample(a, int(rate), RATE)
    dec = miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE)
    return np.frombuffer(dec.samples, dtype=np.int16).astype(np.float32) / 32768.0


class EdgeEngine(VoiceEngine):
    name = "edge"
    label = "edge-tts（在线神经网络，有方言声音，需要联网）"
    offline = False
    revision = "1"
    max_jobs = 4

    def __init__(self, timeouts: EdgeTimeouts = LIVE, proxy: str | None = None) -> None:
        self.timeouts = timeouts
        self.proxy = proxy
        self.down_until = 0.0
        self.last_error = ""

    def check(self) -> str | None:
        try:
            import edge_tts  # noqa: F401
        except ImportError:
            return f"没有安装 edge-tts（{INSTALL_HINT}）"
        if time.monotonic() < self.down_until:
            return f"连不上 edge-tts 服务（{self.last_error}）"
        return None

    def voices(self) -> list[str]:
        return list(KNOWN_VOICES)

    def _down(self, why: str) -> EngineUnavailable:
        self.last_error = why
        self.down_until = time.monotonic() + self.timeouts.down_for
        return EngineUnavailable(f"edge-tts 不可用：{why}", hint=NETWORK_HINT)

    async def _attempt(self, text: str, voice: str, prosody: Prosody, first_audio: float) -> bytes:
        import edge_tts

        tm = self.timeouts
        args = prosody.edge_args()
        comm = edge_tts.Communicate(
            text, voice, rate=args["rate"], pitch=args["pitch"], volume=args["volume"],
            proxy=self.proxy, connect_timeout=max(1, int(first_audio)),
        )
        chunks: list[bytes] = []
        async with asyncio.timeout(tm.line_timeout + tm.per_char * len(text)) as whole:
            stream = comm.stream()
            async with asyncio.timeout(first_audio):
                async for chunk in stream:
                    if chunk["type"] == "audio" and chunk.get("data"):
                        chunks.append(chunk["data"])
                        break
            async for chunk in stream:
                if chunk["type"] == "audio" and chunk.get("data"):
                    chunks.append(chunk["data"])
            del whole
        return b"".join(chunks)

    async def _synth(self, text: str, voice: str, prosody: Prosody) -> bytes:
        import aiohttp
        from edge_tts import exceptions as ex

        tm = self.timeouts
        start = time.monotonic()
        why = ""
        for attempt in range(tm.retries + 1):
            left = tm.budget - (time.monotonic() - start)
            if left <= 0.05:
                break
            try:
                data = await self._attempt(text, voice, prosody, min(tm.first_audio, left))
            except ex.NoAudioReceived as exc:
                raise SynthesisError(f"edge-tts 没有返回音频（声音 {voice} 不存在？）：{exc}") from exc
            except (TimeoutError, aiohttp.ClientError, ex.EdgeTTSException, OSError) as exc:
                why = type(exc).__name__ + (f": {str(exc).split(' ssl:')[0][:80]}" if str(exc) else "")
                pause = min(tm.backoff * 2**attempt, tm.budget - (time.monotonic() - start) - 0.05)
                if attempt < tm.retries and pause > 0:
                    await asyncio.sleep(pause)
                continue
            if data:
                return data
            why = "没有收到音频"
        raise self._down(why or "超时")

    def synthesize(self, text: str, voice: str, prosody: Prosody) -> Audio:
        if reason := self.check():
            down = time.monotonic() < self.down_until
            raise EngineUnavailable(reason, hint=NETWORK_HINT if down else INSTALL_HINT)
        language = "english" if voice.startswith("en-") else "mandarin"
        data = run_coroutine(self._synth(speakable(text, language), voice, prosody))
        try:
            samples = decode_mp3(data)
        except Exception as exc:  # decoder errors vary by library
            raise SynthesisError(f"无法解码 edge-tts 的 MP3：{exc}") from exc
        return Audio(samples, RATE, self.name, voice)
