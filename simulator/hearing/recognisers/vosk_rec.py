"""vosk (Kaldi), streaming: partial results while the operator speaks, words with times and confidences.

The model folder comes from the configuration (``vosk_model`` in ``hearing.yaml``, or the first of
``vosk-model-cn-0.22`` / ``vosk-model-small-cn-0.22`` installed by ``hotline models fetch``).
Kaldi's own endpointing is not relied on: a result it reports mid-turn is kept and the turn goes on
until the VAD ends it. Models are loaded once per process and shared.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

from simulator.hearing.errors import ModelMissingError
from simulator.hearing.hints import NO_HINTS, Hints
from simulator.hearing.recognisers.base import Recogniser, Transcript, Word
from simulator.hearing.source import RATE, SAMPLE_BYTES

_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def join_words(words: list[str]) -> str:
    """Words joined by spaces, except between two Chinese characters."""
    return _CJK_GAP.sub("", " ".join(w for w in words if w))


def vosk_module() -> Any:
    try:
        import vosk
    except ImportError as exc:
        raise ModelMissingError("没有安装 vosk", hint='pip install -e ".[asr]"') from exc
    vosk.SetLogLevel(-1)
    return vosk


class VoskRecogniser(Recogniser):
    name = "vosk"
    streaming = True
    _models: ClassVar[dict[Path, Any]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model_path: Path, grammar: list[str] | None = None) -> None:
        super().__init__()
        self.model_path = Path(model_path)
        self.grammar = grammar
        self._rec: Any = None
        self._segments: list[dict[str, Any]] = []
        self._partial = ""
        self._t0 = 0.0
        self._busy = 0.0

    def load(self) -> None:
        self._model()

    def _model(self) -> Any:
        with self._lock:
            model = self._models.get(self.model_path)
            if model is None:
                vosk = vosk_module()
                if not (self.model_path / "am").is_dir() and not (self.model_path / "conf").is_dir():
                    raise ModelMissingError(
                        f"找不到 vosk 模型：{self.model_path}",
                        hint="运行 hotline models fetch vosk-cn-small 下载"
                             "（或在 hearing.yaml 里用 vosk_model 指定模型文件夹）")
                t = time.perf_counter()
                model = vosk.Model(str(self.model_path))
                type(self).load_seconds = time.perf_counter() - t
                self._models[self.model_path] = model
        return model

    def begin(self, hints: Hints = NO_HINTS) -> None:
        super().begin(hints)
        vosk = vosk_module()
        model = self._model()
        if self.grammar:
            self._rec = vosk.KaldiRecognizer(model, RATE, json.dumps(self.grammar, ensure_ascii=False))
        else:
            self._rec = vosk.KaldiRecognizer(model, RATE)
        self._rec.SetWords(True)
        self._segments, self._partial, self._busy = [], "", 0.0
        self._audio = 0

    def feed(self, pcm: bytes) -> str | None:
        if self._rec is None:
            self.begin(self._hints)
        t = time.perf_counter()
        self._audio += len(pcm)
        if self._rec.AcceptWaveform(pcm):  # Kaldi's endpoint: keep the segment, go on
            self._segments.append(json.loads(self._rec.Result()))
            partial = ""
        else:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        self._busy += time.perf_counter() - t
        text = join_words([s.get("text", "") for s in self._segments] + [partial])
        if text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> Transcript:
        if self._rec is None:
            self.begin(self._hints)
        t = time.perf_counter()
        self._segments.append(json.loads(self._rec.FinalResult()))
        self._busy += time.perf_counter() - t
        words = [Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
                 for s in self._segments for w in s.get("result", [])]
        text = join_words([s.get("text", "") for s in self._segments])
        conf = sum(w.confidence for w in words) / len(words) if words else None
        self._rec = None
        seconds = self._audio / (RATE * SAMPLE_BYTES)
        return Transcript(text, conf, self.name, tuple(words), self._busy, seconds)

    def transcribe(self, pcm: bytes, hints: Hints = NO_HINTS) -> Transcript:
        self.begin(hints)
        step = 8000  # 0.25 s
        for off in range(0, len(pcm), step):
            self.feed(pcm[off: off + step])
        return self.finish()
