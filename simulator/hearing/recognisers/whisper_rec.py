"""faster-whisper with Whisper base (int8), each turn decoded whole, biased toward expected phrases.

Speed settings measured on a 2-core machine (../shared/research/offline-speech.md): int8, beam 5,
2 threads, ``temperature=0.0`` (no retry loops on bad audio), ``condition_on_previous_text=False``,
``without_timestamps=True``. The output is converted to Simplified Chinese (zhconv).

Biased to the call *after* decoding: what sounds like one of the call's words (the line's names,
its directory's departments and phones) is written as that word (:mod:`simulator.hearing.vocabulary`).
Decoding with the node's expected phrases as ``hotwords`` (what this module did before) is an
option: on the spoken set of benchmarks/asr_bias_bench.py (36 operator sentences, two Kokoro
voices) it raised CER from 10.8 % to 13.0 %, while the snap alone brought it to 4.75 %.
Models are loaded once per process and shared (CTranslate2 models are thread-safe).
"""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from simulator.hearing.errors import ModelMissingError
from simulator.hearing.hints import NO_HINTS, Hints
from simulator.hearing.recognisers.base import Recogniser, Transcript
from simulator.hearing.source import RATE, SAMPLE_BYTES

ASR_HINT = 'pip install -e ".[asr]"'
REINSTALL = "运行 hotline models install 重新安装（会重新拼合并校验模型）"
MIN_SECONDS = 0.3  # shorter audio is padded with silence (whisper hallucinates on tiny inputs)


def to_simplified(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))


class WhisperRecogniser(Recogniser):
    name = "whisper"
    streaming = False
    _models: ClassVar[dict[tuple[Path, int], Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model_path: Path, *, beam_size: int = 5, threads: int = 2,
                 use_hints: bool = True, prompt: bool = False, call_words: bool = False,
                 snap: bool = True, hotwords: bool = False) -> None:
        """``use_hints``: use what the call knows at all; ``snap``: write what sounds like one of
        the call's words as that word (:mod:`simulator.hearing.vocabulary`); ``hotwords``: also
        decode with the node's phrases as hotwords (``call_words``: the call's words first;
        ``prompt``: also as an ``initial_prompt``). benchmarks/asr_bias_bench.py compares them."""
        super().__init__()
        self.model_path = Path(model_path)
        self.beam_size = beam_size
        self.threads = threads
        self.use_hints = use_hints
        self.prompt = prompt
        self.call_words = call_words
        self.snap = snap
        self.hotwords = hotwords or call_words or prompt

    def load(self) -> None:
        self._model()

    def _model(self) -> Any:
        key = (self.model_path, self.threads)
        with self._lock:
            model = self._models.get(key)
            if model is None:
                if not (self.model_path / "model.bin").is_file():
                    raise ModelMissingError(f"找不到 Whisper 模型：{self.model_path}",
                                            hint="运行 hotline models install（需要先安装 asr 扩展）")
                from simulator.hearing.models import whisper_problem

                if bad := whisper_problem(self.model_path):
                    raise ModelMissingError(f"Whisper 模型文件损坏：{bad}", hint=REINSTALL)
                try:
                    from faster_whisper import WhisperModel
                except ImportError as exc:
                    raise ModelMissingError("没有安装 faster-whisper", hint=ASR_HINT) from exc
                t = time.perf_counter()
                try:
                    model = WhisperModel(str(self.model_path), device="cpu", compute_type="int8",
                                         cpu_threads=self.threads)
                except (RuntimeError, ValueError, OSError) as exc:  # CTranslate2: a model it cannot read
                    raise ModelMissingError(f"Whisper 模型无法加载（{type(exc).__name__}），文件可能已损坏",
                                            hint=REINSTALL) from None
                type(self).load_seconds = time.perf_counter() - t
                self._models[key] = model
        return model

    def transcribe(self, pcm: bytes, hints: Hints = NO_HINTS) -> Transcript:
        import numpy as np

        model = self._model()
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        if len(audio) < MIN_SECONDS * RATE:
            audio = np.concatenate([audio, np.zeros(int(MIN_SECONDS * RATE) - len(audio), np.float32)])
        kwargs: dict[str, Any] = {}
        if self.use_hints and self.hotwords and (hints.phrases or hints.words):
            kwargs["hotwords"] = hints.hotwords(self.call_words)
            if self.prompt:
                kwargs["initial_prompt"] = hints.prompt(self.call_words)
        t = time.perf_counter()
        segments, _info = model.transcribe(
            audio, language="zh", task="transcribe", beam_size=self.beam_size, temperature=0.0,
            condition_on_previous_text=False, without_timestamps=True, vad_filter=False, **kwargs)
        segs = list(segments)
        busy = time.perf_counter() - t
        text = to_simplified("".join(s.text for s in segs).strip())
        if self.snap and self.use_hints and hints.words:
            from simulator.hearing.vocabulary import snap

            text = snap(text, hints.words)
        conf = None
        if segs:  # mean token probability, weighted by segment length
            total = sum(max(len(s.text), 1) for s in segs)
            conf = sum(math.exp(s.avg_logprob) * max(len(s.text), 1) for s in segs) / total
            if all(s.no_speech_prob > 0.6 and s.avg_logprob < -1.0 for s in segs):
                text, conf = "", None  # whisper's guess on non-speech
        return Transcript(text, conf, self.name, (), busy, len(pcm) / (RATE * SAMPLE_BYTES))
