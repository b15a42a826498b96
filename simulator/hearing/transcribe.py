"""Recognise recorded audio: what ``hotline transcribe`` does for each file.

The file goes through the same path as a live call — WAV replay (as fast as possible), VAD turn
detection, the chosen recogniser — so this is how recognition is measured from outside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.hearing.config import HearingConfig
from simulator.hearing.events import Turn
from simulator.hearing.recognisers.base import Recogniser
from simulator.hearing.turns import TurnAssembler
from simulator.hearing.vad import TurnDetector
from simulator.hearing.wavsource import WavSource


@dataclass
class FileResult:
    path: Path
    recogniser: str
    duration: float
    turns: list[Turn] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.turns)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "recogniser": self.recogniser,
            "duration": round(self.duration, 2),
            "text": self.text,
            "turns": [{"t": round(t.t, 2), "end": round(t.end, 2), "text": t.text,
                       "confidence": None if t.confidence is None else round(t.confidence, 3),
                       **({"words": t.result.as_dict()["words"]} if t.result.words else {})}
                      for t in self.turns],
        }


def transcribe_file(path: Path, recogniser: Recogniser, config: HearingConfig | None = None,
                    *, speed: float = 0.0) -> FileResult:
    cfg = config or HearingConfig()
    source = WavSource(path, speed=speed, tail=cfg.trailing_silence + 0.3)
    detector = TurnDetector(cfg.trailing_silence, cfg.early_silence, cfg.vad_aggressiveness)
    assembler = TurnAssembler(recogniser, detector)
    result = FileResult(Path(path), recogniser.name, 0.0)
    source.start()
    try:
        while True:
            chunk = source.read(timeout=5.0)
            if chunk is None:
                if source.finished:
                    break
                continue
            result.turns += [e for e in assembler.feed(chunk) if isinstance(e, Turn)]
        result.turns += [e for e in assembler.flush() if isinstance(e, Turn)]
    finally:
        source.stop()
        assembler.close()
    result.duration = max(0.0, source.seconds - source.tail)
    return result
