"""A monitor source is not a microphone: which PulseAudio source a call may listen to.

On a machine without a sound card ``setup.sh`` starts PulseAudio with a null sink
(``trainer_sink``); its monitor — what the speakers play — becomes the default *source*, and
PortAudio's ``default``/``pulse`` input reads it as if it were a microphone. A call then "hears"
the caller's own voice and silence, and the recogniser runs on it for nothing. So, unless the
trainee chose an input (settings, hearing config, ``PULSE_SOURCE``), the call:

* listens to the default source when it is a real one;
* else to the first real (non-monitor) source PulseAudio has (through ``PULSE_SOURCE``, which
  the ALSA plug-in honours for every stream the process opens);
* else does not listen at all: replies are typed, and the reason is on the call screen.

Without PulseAudio (``pactl`` missing or no server) nothing is decided here: PortAudio's own list
is all there is. ``pactl`` gets two seconds at most.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

TIMEOUT = 2.0


@dataclass(frozen=True)
class Choice:
    source: str | None = None  # a PulseAudio source to listen to (None: the default, or not Pulse)
    reason: str = ""  # why there is no microphone ("" when there is one, or it is not known)


def _pactl(*args: str) -> str | None:
    exe = shutil.which("pactl")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *args], capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def sources() -> tuple[str | None, list[str]] | None:
    """(the default source, every source name), or None without a PulseAudio server."""
    info = _pactl("info")
    if info is None:
        return None
    default = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                    if line.startswith("Default Source:")), None)
    short = _pactl("list", "short", "sources") or ""
    names = [cols[1] for cols in (line.split("\t") for line in short.splitlines()) if len(cols) > 1]
    return default, names


def is_monitor(name: str) -> bool:
    return name.endswith(".monitor")


def choose(explicit: bool = False) -> Choice:
    """Where to listen; ``explicit``: the trainee chose an input device (trusted as it is)."""
    if explicit or os.environ.get("PULSE_SOURCE"):
        return Choice()
    found = sources()
    if found is None:
        return Choice()
    default, names = found
    if default and not is_monitor(default):
        return Choice()
    real = [n for n in names if not is_monitor(n)]
    if real:
        return Choice(source=real[0])
    what = f"“{default}”" if default else ""
    return Choice(reason=f"没有麦克风：声音系统里只有监听源{what}（扬声器正在播放的声音，不是麦克风），"
                         "本次通话请打字回答。接上耳麦后重新开始通话，即可用语音回答。")


def listen_to(choice: Choice) -> None:
    """Make the streams this process opens listen to ``choice.source`` (if any)."""
    if choice.source:
        os.environ["PULSE_SOURCE"] = choice.source
