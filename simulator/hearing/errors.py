"""Errors of the hearing side: audio input, recognisers and their models.

All derive from :class:`~simulator.errors.HotlineError`, so the CLI renders them with their hint.
The TUI catches :class:`AudioInputError` (no PortAudio, no microphone, a device that disappeared
mid-call) and falls back to typed input: the call itself goes on.
"""

from __future__ import annotations

from simulator.errors import HotlineError, MissingExtraError

TYPED_FALLBACK = "通话会继续：您可以改用键盘输入回答。"


class HearingError(HotlineError):
    """Base of the hearing errors."""


class AudioInputError(HearingError):
    """No usable audio input: the trainee goes on typing."""


class NoAudioDeviceError(AudioInputError):
    """PortAudio is missing, no input device exists, or the chosen one cannot be opened."""


class DeviceLostError(AudioInputError):
    """The input device stopped delivering audio in the middle of a call."""


class ModelMissingError(MissingExtraError):
    """A recognition model is not installed where the configuration says it is."""


class ModelDownloadError(HearingError):
    """Downloading or verifying a model failed."""
