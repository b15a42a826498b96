"""Is a stretch of microphone audio the caller's own voice coming back? (Speakers, no headset.)

Without a headset the microphone hears the caller's line from the speakers. The first check
(:func:`simulator.hearing.turns.is_echo`) compares the words: the recognised words of the stretch
occur in the caller's line. That fails exactly when it matters most: a short line (嗯, 没了没了,
好好好，记下来就好) or a starved machine whose playback stutters comes back with other words
(尾了尾了, 好,好,好,剧下来,挺好), the echo becomes the trainee's turn, the caller answers it, and
that answer echoes again — a call that talks to itself.

This module compares the sound instead: the loudness contour (log energy every 20 ms) of the
stretch against the contour of the caller line that was playing, which the voice hands over when
the line starts to sound. An echo follows the line's contour closely — through a room, a phone
effect or a resampler — at some delay: output latency, or a playback that fell behind. The
stretch is cut into 0.6 s windows; each window that carries sound looks for the delay (−0.3 s to
+1.2 s) at which its contour in 16 frequency bands correlates best with the line's. When most
windows correlate well, at a delay that only grows (a stutter delays the rest of the line), the
stretch is the line. The trainee's own speech, even over the caller's line, does not follow the line's
contour, and stays a turn. It needs no recognition at all, so an echo costs no decode.
"""

from __future__ import annotations

import itertools
from typing import Any

HOP = 0.02  # seconds per contour frame
FLOOR_DB = -70.0  # quieter than this is silence
WINDOW = 0.6  # seconds of a window compared at one delay
MIN_WINDOW = 0.3  # a stretch shorter than this says nothing
EARLY, LATE = 0.3, 1.2  # how far the echo may sound before / after where the line was placed
MIN_CORR = 0.7  # a window follows the line this well (Pearson r of the contours)
MIN_SHARE = 0.5  # … in at least this share of the windows that carry sound
SHORT_CORR = 0.8  # … for a stretch of one or two windows
DRIFT = 3  # frames the delay may shrink between windows (the clock's mapping, rounding)
MAX_STUTTER = 0.5  # seconds it may grow between windows (playback that fell behind)
MAX_OTHER_RUN = 3  # this many windows in a row that do not (a stutter spoils two): other words
MIN_SPREAD_DB = 3.0  # a window flatter than this (steady noise, silence) carries no contour
EXCESS_DB = 10.0  # a frame this much louder than the line at its echo level has another voice in it
KNOWN_EXCESS_DB = 6.0  # … once the level echoes come back at is known from earlier ones
MAX_EXCESS = 0.2  # … in more than this share of a window's frames: not (only) the echo
MIN_VOICED = 0.5  # … and one less than half sounding is mostly the edge of silence


BANDS = (150, 189, 241, 305, 387, 492, 624, 792, 1005, 1275, 1617, 2052, 2603, 3302, 4189, 5314, 6999)  # Hz
RATE = 16000


def to_rate(samples: Any, rate: int) -> Any:
    """Float samples at :data:`RATE` (linear interpolation: the contour needs no better)."""
    import numpy as np

    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if rate == RATE or len(x) == 0:
        return x
    n = int(len(x) * RATE / rate)
    return np.interp(np.linspace(0, len(x) - 1, n), np.arange(len(x)), x).astype(np.float32)


def contour(samples: Any, rate: int) -> Any:
    """Log energy (dBFS, floored) of a few frequency bands every :data:`HOP` seconds of float
    samples in [-1, 1]: an array of frames × bands."""
    import numpy as np

    x = to_rate(samples, rate)
    hop, size = int(RATE * HOP), int(RATE * HOP * 2)
    n = (len(x) - size) // hop + 1 if len(x) >= size else 0
    if n <= 0:
        return np.zeros((0, len(BANDS) - 1), dtype=np.float32)
    window = np.hanning(size).astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop][:n] * window
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 / size
    freqs = np.fft.rfftfreq(size, 1.0 / RATE)
    bands = [power[:, (freqs >= lo) & (freqs < hi)].sum(axis=1) for lo, hi in itertools.pairwise(BANDS)]
    energy = np.stack(bands, axis=1) + 1e-10
    return np.maximum(10.0 * np.log10(energy), FLOOR_DB).astype(np.float32)


def pcm_contour(pcm: bytes, rate: int = RATE) -> Any:
    """:func:`contour` of int16 little-endian mono PCM."""
    import numpy as np

    return contour(np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / 32768.0, rate)


def echo_lags(heard: Any, heard_t: float, line: Any, line_t: float, gain: float | None = None,
              levels: list[float] | None = None, strict: bool = False) -> list[int | None]:
    """For each sounding window of ``heard`` (a contour starting at stream time ``heard_t``), in
    order: the delay (frames) at which it follows ``line`` (the caller line's contour, placed at
    ``line_t``), or None when it follows it at none. Empty when ``heard`` is too short or silent.
    ``gain``: the level (dB) the caller's lines are known to come back at, from earlier echoes;
    ``levels`` collects the level of each window that follows the line; ``strict``: every
    window must correlate at :data:`SHORT_CORR`."""
    import numpy as np

    n = len(heard)
    if n < MIN_WINDOW / HOP or len(line) == 0:
        return []
    width = min(n, int(WINDOW / HOP))
    early, late = int(EARLY / HOP), int(LATE / HOP)
    offset = round((heard_t - line_t) / HOP)
    pad = np.full((width + early + late, line.shape[1]), FLOOR_DB, np.float32)
    ref = np.concatenate([pad, line, pad])
    # every window of the line, flattened: windows × (width · bands)
    windows = np.lib.stride_tricks.sliding_window_view(ref, width, axis=0)  # w × bands × width
    flags: list[int | None] = []
    min_corr = MIN_CORR if min(n, len(line)) >= 2 * width and not strict else SHORT_CORR  # less to go on
    for start in range(0, n - width + 1, max(1, width // 2)):
        seg = heard[start: start + width]
        loud = seg.max(axis=1)
        voiced = float((loud > loud.max() - 25.0).mean())
        if float(loud.max() - loud.min()) < MIN_SPREAD_DB or voiced < MIN_VOICED:
            continue  # silence, steady noise or a mere onset: no contour to follow
        # heard frame ``start`` at a delay of d frames is line frame start + offset - d
        lo = max(0, start + offset - late + len(pad))
        hi = min(len(windows) - 1, start + offset + early + len(pad))
        if lo > hi:
            flags.append(None)
            continue
        cand = windows[lo: hi + 1].transpose(0, 2, 1).reshape(hi + 1 - lo, -1)
        cand = cand - cand.mean(axis=1, keepdims=True)
        s = seg.reshape(-1) - seg.mean()
        norms = np.sqrt((cand * cand).sum(axis=1) * float((s * s).sum())) + 1e-9
        corr = (cand @ s) / norms
        at = int(corr.argmax())
        inside = min(lo + at + width, len(pad) + len(line)) - max(lo + at, len(pad))
        line_loud = windows[lo + at].max(axis=0)  # the line's loudness per frame at that delay
        level = _level(loud, line_loud)
        if gain is None or level is None:
            more = _more_than(loud, line_loud, level, EXCESS_DB)
        else:  # measured against the level echoes are known to come back at: a closer margin
            more = _more_than(loud, line_loud, min(level, gain + 2.0), KNOWN_EXCESS_DB)
        ok = float(corr[at]) >= min_corr and inside >= width // 2 and not more
        flags.append(start + offset + len(pad) - (lo + at) if ok else None)
        if ok and levels is not None and level is not None:
            levels.append(level)
    return flags


def _level(heard: Any, line: Any) -> float | None:
    """How much louder (dB) ``heard`` is than ``line`` (frame loudness) where both sound (the
    median; None when they hardly do)."""
    import numpy as np

    both = (line > FLOOR_DB + 10.0) & (heard > FLOOR_DB + 10.0)
    if int(both.sum()) < 5:
        return None
    return float(np.median(heard[both] - line[both]))


def _more_than(heard: Any, line: Any, gain: float | None, margin: float) -> bool:
    """``heard`` holds more than ``line`` (frame loudness) at the level ``gain`` the line comes
    back at: frames much louder than the line there — the trainee speaking over the caller's line."""
    if gain is None:
        return False
    loud = heard > heard.max() - 25.0
    return float(((heard - line - gain > margin) & loud).mean()) > MAX_EXCESS


def may_be_first_echo(heard: Any, heard_t: float, line: Any, line_t: float,
                      gain: float | None = None) -> bool:
    """``heard`` may still turn out to be the call's first echo of ``line``: it has sounding
    windows and every one follows the line closely (as :func:`sounds_like` with ``first`` asks),
    but fewer than the two that test needs. A barge-in waits for the second window rather than cut
    the caller on the sound of its own voice coming back; the trainee's words do not follow the
    line and are not kept waiting."""
    lags = echo_lags(heard, heard_t, line, line_t, gain, strict=True)
    return 0 < len(lags) < 2 and all(lag is not None for lag in lags)


def sounds_like(heard: Any, heard_t: float, line: Any, line_t: float, gain: float | None = None,
                levels: list[float] | None = None, first: bool = False) -> bool:
    """``heard`` is the caller line coming back (see the module's docstring): most of its windows
    follow the line, and no stretch of it longer than a stutter does not (the trainee's words
    before or after the echo). ``first``: no echo has been heard in this call yet — most likely a
    headset, where every stretch is the trainee's — so the evidence must be overwhelming: at least
    two windows, every one following the line closely."""
    lags = echo_lags(heard, heard_t, line, line_t, gain, levels, strict=first)
    found = [lag for lag in lags if lag is not None]
    if not lags or len(found) / len(lags) < MIN_SHARE:
        return False
    if first and (len(lags) < 2 or len(found) < len(lags)):
        return False
    run = longest = 0
    for lag in lags:
        run = 0 if lag is not None else run + 1
        longest = max(longest, run)
    # one echo, one delay: it only grows (a stutter delays the rest of the line), and not by much
    steady = all(-DRIFT <= b - a <= int(MAX_STUTTER / HOP) for a, b in itertools.pairwise(found))
    return longest < MAX_OTHER_RUN and steady
