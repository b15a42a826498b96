"""The optional C accelerator of the phrase index, loaded only when it matches its source.

``_speedups.c`` does a few of :mod:`simulator.phrases.index`'s per-text tests with the same
arithmetic in the same order (the pure-Python code stays the reference, and the tests compare the
two). It is built by ``pip install -e .`` (``setup.py``), which compiles the SHA-256 of the source
into the module. :func:`module` returns it only when that digest matches the ``_speedups.c`` next
to it, so an edited source with an old build is never used. Without a build, or with
``HOTLINE_PURE_PYTHON=1`` in the environment, everything runs in Python: the same answers, slower.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from types import ModuleType

SOURCE = Path(__file__).with_name("_speedups.c")
ENV_OFF = "HOTLINE_PURE_PYTHON"


def module() -> ModuleType | None:
    """The compiled accelerator, or None (not built, stale, or switched off)."""
    return _load()[0]


def status() -> str:
    """One line for benchmarks and diagnostics: whether the accelerator is used, and if not why."""
    return _load()[1]


@cache
def _load() -> tuple[ModuleType | None, str]:
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None, f"C 加速已关闭（环境变量 {ENV_OFF}）：纯 Python，结果相同"
    try:
        from simulator.phrases import _speedups
    except ImportError:
        return None, "C 加速未编译（pip install -e . 会编译它）：纯 Python，结果相同"
    if SOURCE.exists() and hashlib.sha256(SOURCE.read_bytes()).hexdigest() != _speedups.SOURCE_DIGEST:
        return None, "C 加速与源码不符（源码改过，请重新运行 pip install -e .）：纯 Python，结果相同"
    return _speedups, "C 加速已启用"
