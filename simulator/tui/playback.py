"""Playing back one turn of a stored call (the report screen's ``P``).

* A caller turn is rendered again from its text, the scenario's persona and the caller's mood at
  that moment — from the voice cache, so it is the same audio the trainee heard.
* An operator turn is cut from the operator channel the ear recorded: the record's
  ``operator_audio`` gives the WAV and the call time of its first sample.

:func:`turn_audio` returns ``(samples, rate)`` or the reason there is nothing to play; the screen
hands the audio to :attr:`Services.play <simulator.tui.services.Services.play>` in a thread worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.tui.store.settings import Settings


def mood_at(record: dict[str, Any], t: float) -> str:
    mood = "calm"
    for m in record.get("moods") or ():
        if isinstance(m, dict) and float(m.get("t", 0.0)) <= t + 1e-6:
            mood = str(m.get("mood", mood))
    return mood


def operator_audio(record: dict[str, Any], folder: Path | None,
                   event: dict[str, Any]) -> tuple[Any, int] | str:
    info = record.get("operator_audio")
    path = Path(str(info.get("path"))) if isinstance(info, dict) and info.get("path") else None
    if path is not None and not path.is_file() and folder is not None:
        path = Path(folder) / path.name
    if path is None or not path.is_file():
        return "这通电话没有录下话务员的声音（当时是打字回答，或没有麦克风）。"
    from simulator.audio.wav import read_wav

    samples, rate = read_wav(path)
    offset = float(info.get("t", 0.0)) if isinstance(info, dict) else 0.0
    t, end = float(event.get("t", 0.0)) - offset, float(event.get("end", event.get("t", 0.0))) - offset
    clip = samples[max(0, int(t * rate)): max(0, int(end * rate))]
    return (clip, rate) if len(clip) else "这一句没有录到声音。"


def caller_audio(record: dict[str, Any], persona: str, event: dict[str, Any],
                 settings: Settings) -> tuple[Any, int] | str:
    try:
        from simulator.tui.voice_port import voices_for

        rendered = voices_for(settings).render(str(event.get("text", "")), persona,
                                               mood_at(record, float(event.get("t", 0.0))))
    except Exception as exc:  # no engine, no extra: say why
        return f"无法生成来电者的声音：{getattr(exc, 'message', exc)}"
    return rendered.audio.samples, rendered.audio.rate


def turn_audio(record: dict[str, Any], event: dict[str, Any], *, folder: Path | None, persona: str,
               settings: Settings) -> tuple[Any, int] | str:
    if event.get("type") != "say":
        return "只能播放来电者或话务员说的话。"
    if event.get("who") == "caller":
        return caller_audio(record, persona, event, settings)
    return operator_audio(record, folder, event)


def play_default(samples: Any, rate: int) -> None:
    """Play on the default output and wait until it has finished."""
    from simulator.audio.output import play_blocking

    play_blocking(samples, rate)
