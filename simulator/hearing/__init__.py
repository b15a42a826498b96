"""Hearing the trainee: audio input, turn detection and speech recognition (the ``asr`` extra)."""
