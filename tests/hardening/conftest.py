"""Fixtures for the hardening tests (helpers in hardkit.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hardkit import tmpfs


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 1 MiB tmpfs (root only; skipped otherwise): fill it to get ENOSPC."""
    with tmpfs("1m") as folder:
        yield folder
