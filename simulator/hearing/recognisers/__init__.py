"""Recognisers behind one interface (:class:`~simulator.hearing.recognisers.base.Recogniser`).

:func:`make` builds one by name from the configuration; the heavy libraries are imported only
when a model is loaded.
"""

from __future__ import annotations

from simulator.hearing.config import HearingConfig, load_config
from simulator.hearing.recognisers.base import Recogniser, Transcript, Word

__all__ = ["NAMES", "Recogniser", "Transcript", "Word", "make"]

NAMES = ("vosk", "whisper")


def make(name: str, config: HearingConfig | None = None) -> Recogniser:
    """``vosk`` or ``whisper`` (``auto``: vosk when its model is installed, else whisper)."""
    cfg = config or load_config()
    if name == "auto":
        name = "vosk" if (cfg.vosk_path() / "am").is_dir() else "whisper"
    if name == "vosk":
        from simulator.hearing.recognisers.vosk_rec import VoskRecogniser

        return VoskRecogniser(cfg.vosk_path())
    if name == "whisper":
        from simulator.hearing.recognisers.whisper_rec import WhisperRecogniser

        # tuned to the call: the line's names as the prompt, the beam's candidates chosen with the
        # call's words, its words and homophones written as the call writes them (measured in
        # benchmarks/asr_bias_bench.py)
        return WhisperRecogniser(cfg.whisper_path(), names=True, rescore=True, respell=True)
    from simulator.hearing.errors import HearingError

    raise HearingError(f"未知的识别器：{name}", hint=f"可选：{', '.join(NAMES)}")
