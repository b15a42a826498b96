"""Fixtures for the app's tests: a fake clock, an isolated history and settings, quiet audio."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

pytest.importorskip("textual")

from tuikit import Rig  # noqa: E402


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    """Services on a fake clock, history and settings under ``tmp_path``, text-only audio."""
    return Rig(tmp_path)
