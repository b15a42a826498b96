"""hotline-trainer: a training simulator for Chinese public service hotline operators.

The packages ``simulator`` (scenarios, engine, play) and ``grading`` form the headless core:
they never import textual, sounddevice, vosk or edge_tts (``tests/test_headless.py`` proves it).
"""

__version__ = "0.1.0"
