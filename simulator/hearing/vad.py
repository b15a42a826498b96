"""Voice activity: webrtcvad on 30 ms frames decides when the operator starts and stops speaking.

:class:`TurnDetector` turns a stream of frames into events (recognisers' own endpointing is not
used):

* ``start`` — ``START_FRAMES`` voiced frames in a row; ``t`` is the first of them;
* ``pause`` — ``early_silence`` seconds without voice after speech (``t``: end of the last voiced
  frame): the turn *may* be over — the assembler closes it here if the words so far already do
  what the current node expects;
* ``resume`` — voice again after a ``pause``;
* ``end`` — ``trailing_silence`` seconds without voice: the turn is over (``t`` as for pause).

A frame counts as voiced when webrtcvad says so and it is louder than ``floor_dbfs`` (line hiss
and the null sink's dither are not speech).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from simulator.hearing.errors import ModelMissingError
from simulator.hearing.source import RATE, SAMPLE_BYTES, rms_dbfs

FRAME_MS = 30
FRAME_SAMPLES = RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * SAMPLE_BYTES
FRAME_SECONDS = FRAME_MS / 1000
START_FRAMES = 3  # 90 ms of voice starts a turn
RESUME_FRAMES = 2


@dataclass(frozen=True, slots=True)
class VadEvent:
    kind: Literal["start", "pause", "resume", "end"]
    t: float
    wall: float  # monotonic time of the frame that decided it


def webrtc(aggressiveness: int) -> Any:
    try:
        import webrtcvad
    except ImportError as exc:
        raise ModelMissingError("没有安装 webrtcvad（语音端点检测）", hint='pip install -e ".[asr]"') from exc
    return webrtcvad.Vad(aggressiveness)


class TurnDetector:
    def __init__(self, trailing_silence: float = 0.6, early_silence: float = 0.25,
                 aggressiveness: int = 2, floor_dbfs: float = -50.0) -> None:
        if not 0 < early_silence <= trailing_silence:
            raise ValueError("需要 0 < early_silence <= trailing_silence")
        self.trailing_silence = trailing_silence
        self.early_silence = early_silence
        self.floor_dbfs = floor_dbfs
        self._vad = webrtc(aggressiveness)
        self.speaking = False
        self.paused = False
        self._run = 0  # consecutive voiced frames
        self._quiet = 0  # consecutive unvoiced frames while speaking
        self.last_voiced_end = 0.0
        self.voiced_seconds = 0.0  # voiced time in the current turn

    def voiced(self, frame: bytes) -> bool:
        return rms_dbfs(frame) > self.floor_dbfs and bool(self._vad.is_speech(frame, RATE))

    def feed(self, frame: bytes, t: float, wall: float) -> VadEvent | None:
        """One 30 ms frame starting at stream time ``t``; at most one event."""
        if len(frame) != FRAME_BYTES:
            raise ValueError(f"VAD 帧必须是 {FRAME_BYTES} 字节")
        v = self.voiced(frame)
        self._run = self._run + 1 if v else 0
        end = t + FRAME_SECONDS
        if not self.speaking:
            if self._run >= START_FRAMES:
                self.speaking, self.paused, self._quiet = True, False, 0
                self.last_voiced_end, self.voiced_seconds = end, START_FRAMES * FRAME_SECONDS
                return VadEvent("start", end - START_FRAMES * FRAME_SECONDS, wall)
            return None
        if v:
            self.voiced_seconds += FRAME_SECONDS
        if v and (self._run >= RESUME_FRAMES or not self.paused):
            self._quiet = 0
            self.last_voiced_end = end
            if self.paused:
                self.paused = False
                return VadEvent("resume", end - self._run * FRAME_SECONDS, wall)
            return None
        self._quiet += 1
        silent = end - self.last_voiced_end
        if silent >= self.trailing_silence - 1e-9:
            self.speaking, self.paused, self._run = False, False, 0
            return VadEvent("end", self.last_voiced_end, wall)
        if silent >= self.early_silence - 1e-9 and not self.paused:
            self.paused = True
            return VadEvent("pause", self.last_voiced_end, wall)
        return None

    def reset(self) -> None:
        """Forget the current turn (closed early by the assembler)."""
        self.speaking = self.paused = False
        self._run = self._quiet = 0
        self.voiced_seconds = 0.0
