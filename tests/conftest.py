"""Suite-wide: the test run ends when its tests do.

A test that fails in the middle of a live call (a real microphone, whisper, PortAudio) can leave a
non-daemon thread behind — a listener or an audio stream that the failed test never stopped. pytest
then prints its summary and waits for that thread forever, so a red run turns into CI's time-out.
After the summary, if such threads are still alive, the process exits with pytest's own status.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

_status: dict[str, int] = {}


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    _status["exit"] = int(exitstatus)


def pytest_unconfigure(config: Any) -> None:
    left = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if left and "exit" in _status:
        names = ", ".join(sorted({t.name for t in left}))
        print(f"\n（测试结束后仍有线程未停止：{names}；直接退出）", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_status["exit"])
