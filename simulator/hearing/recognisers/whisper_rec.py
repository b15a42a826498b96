"""faster-whisper with Whisper base (int8), each turn decoded whole, biased toward expected phrases.

Speed settings measured on a 2-core machine (../shared/research/offline-speech.md): int8, beam 5,
2 threads, ``temperature=0.0`` (no retry loops on bad audio), ``condition_on_previous_text=False``,
``without_timestamps=True``. The output is converted to Simplified Chinese (zhconv).

Biased to the call (``make("whisper")``: ``names``, ``rescore``, ``respell``): the line's and its
directory's names are the ``initial_prompt`` (not whole phrases: the node's phrases as
``hotwords`` made whisper base worse, 10.8 → 13.0 % CER); the beam's five candidates are chosen
among with the call's words and the node's phrases (:mod:`simulator.hearing.rescore`); what sounds
like one of the call's words is written as that word (:mod:`simulator.hearing.vocabulary`). On the
held-out part of benchmarks/asr_bias_bench.py (38 sentences, six Kokoro voices) CER 12.56 % plain,
4.45 % so. The accurate second pass gets no hints (``NO_HINTS``): it decodes plainly.
Models are loaded once per process and shared (CTranslate2 models are thread-safe).

**The encoder's window.** Whisper encodes a fixed 30 s window, however short the turn: for a 4 s
turn that is most of the decode (1.0 s of 1.3 s on this machine, quiet). A turn up to 29 s is
encoded in a window of its own length plus 1 s (at least :data:`WINDOW`, 10 s) and decoded with
CTranslate2 directly — the encoder's cost falls about tenfold, which is what brings the turn gap
under a second (benchmarks/turn_gap_bench.py); on the spoken set the CER moved by half a point.
Longer audio goes through faster-whisper's own 30 s segments.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from simulator.hearing.errors import ModelMissingError
from simulator.hearing.hints import NO_HINTS, Hints
from simulator.hearing.recognisers.base import Recogniser, Transcript
from simulator.hearing.source import RATE, SAMPLE_BYTES

ASR_HINT = 'pip install -e ".[asr]"'
REINSTALL = "运行 hotline models install 重新安装（会重新拼合并校验模型）"
MIN_SECONDS = 0.3  # shorter audio is padded with silence (whisper hallucinates on tiny inputs)
WINDOW = 10.0  # seconds the encoder sees at least (whisper's own window is 30 s of mostly padding)
WINDOW_MARGIN = 1.0  # seconds of silence after the turn inside the window


def to_simplified(text: str) -> str:
    import zhconv

    return str(zhconv.convert(text, "zh-cn"))


class WhisperRecogniser(Recogniser):
    name = "whisper"
    streaming = False
    _models: ClassVar[dict[tuple[Path, int], Any]] = {}
    _tokenizers: ClassVar[dict[int, tuple[Any, list[int]]]] = {}
    _warm: ClassVar[set[int]] = set()
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model_path: Path, *, beam_size: int = 5, threads: int = 2,
                 use_hints: bool = True, prompt: bool = False, call_words: bool = False,
                 snap: bool = True, hotwords: bool = False, window: float | None = WINDOW,
                 n_best: int = 1, names: bool = False, rescore: bool = False,
                 respell: bool = False) -> None:
        """``use_hints``: use what the call knows at all; ``snap``: write what sounds like one of
        the call's words as that word (:mod:`simulator.hearing.vocabulary`); ``hotwords``: also
        decode with the node's phrases as hotwords (``call_words``: the call's words first;
        ``prompt``: as an ``initial_prompt`` instead). ``window``: seconds of audio the encoder
        sees at least (None: whisper's own 30 s); ``n_best``: hypotheses kept (``alternatives``);
        ``names``: the line's and its directory's names as an ``initial_prompt`` (:meth:`Hints.names`);
        ``rescore``: choose among the beam's candidates with the call's words and the node's phrases
        (:mod:`simulator.hearing.rescore`); ``respell``: write what sounds exactly like one of the
        call's words as that word (:func:`simulator.hearing.vocabulary.respell`).
        benchmarks/asr_bias_bench.py compares them."""
        super().__init__()
        self.model_path = Path(model_path)
        self.beam_size = beam_size
        self.threads = threads
        self.use_hints = use_hints
        self.prompt = prompt
        self.call_words = call_words
        self.snap = snap
        self.hotwords = hotwords or call_words or prompt
        self.window = window
        self.names = names
        self.respell = respell
        self.rescore = rescore
        self.n_best = max(n_best, beam_size if rescore else 1)

    def load(self) -> None:
        """Load the model and decode a moment of silence once: a model's first decode sets up
        its buffers and takes several times as long as the next (that would be the first turn)."""
        model = self._model()
        with self._lock:
            warm = id(model) in self._warm
            self._warm.add(id(model))
        if not warm:
            self.transcribe(b"\0\0" * (RATE // 2))
        if self.respell:
            from simulator.hearing.vocabulary import words_of

            words_of(["您好"])  # jieba's dictionary: about a second on first use

    def prepare(self, hints: Hints = NO_HINTS) -> None:
        if self.respell and self.use_hints:
            hints.lexicon()  # the call's vocabulary, cached for the call

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
        t = time.perf_counter()
        hyps = self.candidates(pcm, hints)
        return self.written(hyps, hints, time.perf_counter() - t, len(pcm) / (RATE * SAMPLE_BYTES))

    def decode_key(self, hints: Hints = NO_HINTS) -> tuple[Any, ...]:
        """What :meth:`candidates` depends on besides the audio (recognisers with the same key
        decode alike; the benchmark decodes once for them)."""
        return (self.model_path, self.window, self.beam_size, self.n_best, self._prompt(hints))

    def _prompt(self, hints: Hints) -> str | None:
        if not self.use_hints or not (hints.phrases or hints.words):
            return None
        if self.prompt:
            return hints.prompt(self.call_words)
        if self.hotwords:
            return hints.hotwords(self.call_words)
        return hints.names() if self.names else None

    def candidates(self, pcm: bytes, hints: Hints = NO_HINTS) -> list[Hypothesis]:
        """Whisper's candidates for ``pcm``, best first (one unless ``n_best``)."""
        import numpy as np

        model = self._model()
        audio = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0
        if len(audio) < MIN_SECONDS * RATE:
            audio = np.concatenate([audio, np.zeros(int(MIN_SECONDS * RATE) - len(audio), np.float32)])
        prompt = self._prompt(hints)
        if self.window is not None and len(audio) <= (30.0 - WINDOW_MARGIN) * RATE:
            return self._decode_window(model, audio, prompt)
        return self._decode_segments(model, audio, prompt)  # long audio, or whisper's own window

    def written(self, hyps: list[Hypothesis], hints: Hints = NO_HINTS, busy: float = 0.0,
                seconds: float = 0.0) -> Transcript:
        """The transcript of ``hyps``: the candidate chosen and written with the call's words."""
        text, conf = hyps[0].text, hyps[0].confidence
        alternatives = tuple(h.text for h in hyps[1:])
        if self.use_hints and self.rescore and len(hyps) > 1:
            from simulator.hearing.rescore import choose

            text = choose([(h.text, h.logprob) for h in hyps], hints)
        if self.snap and self.use_hints and hints.words:
            from simulator.hearing.vocabulary import snap

            text = snap(text, hints.words)
        if self.respell and self.use_hints:
            from simulator.hearing.vocabulary import respell, snap_phrases

            text = snap_phrases(respell(text, hints.lexicon()), hints.phrases)
        if hyps[0].silence:
            text, conf, alternatives = "", None, ()  # whisper's guess on non-speech
        return Transcript(text, conf, self.name, (), busy, seconds, alternatives=alternatives)

    def _decode_window(self, model: Any, audio: Any, prompt: str | None) -> list[Hypothesis]:
        """Encode only the turn (plus a margin, at least ``window`` seconds) instead of whisper's
        fixed 30 s: the encoder's cost falls about tenfold for a 4 s turn."""
        import ctranslate2
        import numpy as np
        from faster_whisper.audio import pad_or_trim

        tok, suppress = self._tokenizer(model)
        feats = model.feature_extractor(audio)
        hop = model.feature_extractor.hop_length
        least = int((self.window or 30.0) * RATE / hop)
        frames = max(least, feats.shape[-1] + int(WINDOW_MARGIN * RATE / hop))
        feats = pad_or_trim(feats, min(3000, (frames + 1) // 2 * 2))
        encoded = model.model.encode(ctranslate2.StorageView.from_array(
            np.ascontiguousarray(feats[None].astype(np.float32))), to_cpu=False)
        tokens: list[int] = []
        if prompt:
            tokens = [tok.sot_prev, *tok.encode(" " + prompt.strip())[: model.max_length // 2 - 1]]
        tokens += [*tok.sot_sequence, tok.no_timestamps]
        # a bound on the output keeps a hallucination loop short: ~12 tokens a second is ample
        limit = len(tokens) + min(model.max_length // 2, int(len(audio) / RATE * 12) + 16)
        n = max(1, min(self.beam_size, self.n_best))
        res = model.model.generate(encoded, [tokens], beam_size=self.beam_size, num_hypotheses=n,
                                   return_scores=True, return_no_speech_prob=True,
                                   max_length=min(limit, model.max_length), suppress_blank=True,
                                   suppress_tokens=suppress)[0]
        silence = res.no_speech_prob > 0.6
        out = []
        for ids, score in zip(res.sequences_ids, res.scores, strict=True):
            avg = score * len(ids) / (len(ids) + 1)  # faster-whisper's avg_logprob (length penalty 1)
            text = to_simplified(tok.decode(ids).replace("\ufffd", "").strip())  # no half characters
            out.append(Hypothesis(text, math.exp(avg), avg, silence and avg < -1.0))
        return out

    def _decode_segments(self, model: Any, audio: Any, prompt: str | None) -> list[Hypothesis]:
        kwargs: dict[str, Any] = {"initial_prompt": prompt} if prompt and self.prompt else \
            {"hotwords": prompt} if prompt else {}
        segments, _info = model.transcribe(
            audio, language="zh", task="transcribe", beam_size=self.beam_size, temperature=0.0,
            condition_on_previous_text=False, without_timestamps=True, vad_filter=False, **kwargs)
        segs = list(segments)
        text = to_simplified("".join(s.text for s in segs).strip())
        if not segs:
            return [Hypothesis(text, None, -10.0, True)]
        total = sum(max(len(s.text), 1) for s in segs)  # mean token probability, by segment length
        conf = sum(math.exp(s.avg_logprob) * max(len(s.text), 1) for s in segs) / total
        silence = all(s.no_speech_prob > 0.6 and s.avg_logprob < -1.0 for s in segs)
        return [Hypothesis(text, conf, math.log(conf), silence)]

    def _tokenizer(self, model: Any) -> tuple[Any, list[int]]:
        with self._lock:
            got = self._tokenizers.get(id(model))
            if got is None:
                from faster_whisper.tokenizer import Tokenizer
                from faster_whisper.transcribe import get_suppressed_tokens

                tok = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="zh")
                got = self._tokenizers[id(model)] = (tok, list(get_suppressed_tokens(tok, [-1])))
        return got


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One of whisper's candidates."""

    text: str
    confidence: float | None
    logprob: float  # mean log-probability of a token
    silence: bool = False
