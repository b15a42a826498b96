"""Where the data folders are, whether installed editable or not.

``scenarios/`` and ``voices/`` live at the top of the source tree. An editable install (or running
from a checkout) finds them next to the ``simulator`` package; a normal install finds the copies
under ``<prefix>/share/hotline-trainer``. ``HOTLINE_HOME`` overrides both. User data (recorded
calls, settings, the centre's own ``scenarios/``) goes to the platform's user data folder, or
``HOTLINE_DATA`` when set; ``HOTLINE_SCENARIOS`` adds more scenario folders
(:mod:`simulator.scenario.library`). What is
installed once for every user of the folder — the offline models and the rendered-voice cache — stays
in the platform's folder (:func:`install_dir`) whatever ``HOTLINE_DATA`` says: moving the records
elsewhere must not make the models look missing (``HOTLINE_MODELS`` / ``HOTLINE_VOICE_CACHE`` move those).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PKG_ROOT = Path(__file__).resolve().parent.parent
_STANDARDS = _PKG_ROOT / "grading" / "standards"


def _candidates() -> list[Path]:
    out: list[Path] = []
    if env := os.environ.get("HOTLINE_HOME"):
        out.append(Path(env))
    out.append(_PKG_ROOT)
    out.append(Path(sys.prefix) / "share" / "hotline-trainer")
    return out


def data_root() -> Path:
    """The folder that holds ``scenarios/`` and ``voices/``."""
    for cand in _candidates():
        if (cand / "scenarios").is_dir():
            return cand
    return _PKG_ROOT


def scenarios_dir() -> Path:
    return data_root() / "scenarios"


def exams_dir() -> Path:
    """Certification exams (``exams/*.yaml``), shipped beside ``scenarios/``."""
    return data_root() / "exams"


def voices_dir() -> Path:
    return data_root() / "voices"


def standards_dir() -> Path:
    """Hand-written standards data (clauses, 禁语, acts, profiles), shipped inside ``grading``."""
    # one Path object: the data loaders' per-root caches hash it thousands of times a second
    return _STANDARDS


def user_data_dir() -> Path:
    if env := os.environ.get("HOTLINE_DATA"):
        return Path(env)
    return install_dir()


def install_dir() -> Path:
    """Where ``hotline voices install`` / ``models install`` put models and the voice cache lives
    (not moved by ``HOTLINE_DATA``)."""
    from platformdirs import user_data_path

    return user_data_path("hotline-trainer", appauthor=False)


def user_scenarios_dir() -> Path:
    """Where a centre keeps its own scenarios (besides ``HOTLINE_SCENARIOS``): they override the
    built-in ones of the same id."""
    return user_data_dir() / "scenarios"


def calls_dir() -> Path:
    return user_data_dir() / "calls"
