"""Shared fixtures of the phrase-matcher tests: a seed-written act library."""

from __future__ import annotations

import pytest
from seedlib import seed_library

from simulator.phrases import PhraseMatcher


@pytest.fixture(scope="session")
def seed_matcher() -> PhraseMatcher:
    return PhraseMatcher(seed_library())
