"""The call-runtime tests share :mod:`callkit` (a voice that takes its time, a driver loop)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
