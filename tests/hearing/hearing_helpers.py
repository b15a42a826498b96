"""Small helpers shared by the hearing tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from simulator.hearing.source import Chunk

RATE = 16000


def silence(seconds: float) -> bytes:
    return b"\0\0" * int(seconds * RATE)


def chunks(audio: bytes, step: int = 960, t0: float = 0.0) -> list[Chunk]:
    """``audio`` cut into chunks with stream times (wall time = stream time, as if paced)."""
    return [Chunk(t0 + off / (2 * RATE), audio[off: off + step], t0 + (off + step) / (2 * RATE))
            for off in range(0, len(audio), step)]
