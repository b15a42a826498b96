"""Suite-wide: the test run ends when its tests do.

A test that fails in the middle of a live call (a real microphone, whisper, PortAudio) can leave
something behind that blocks the interpreter's exit: a non-daemon thread the failed test never
stopped, PortAudio's exit handler closing a stream the sound server no longer serves, a model's
native thread pool. pytest has printed its summary by then, and the run would wait forever — a red
run turned into CI's time-out (seen in CI: the summary, then nothing until the 90-minute limit).
So once pytest is done, the process ends with pytest's own status, without the interpreter's
shutdown: every result is reported and every file the tests keep was written atomically before.
Threads still alive are named on stderr, so the leak itself can be fixed.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

import pytest

_status: dict[str, int] = {}


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    _status["exit"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: Any) -> None:
    if "exit" not in _status:
        return  # not a whole run (pytest --help, a collection error): the usual exit
    left = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if left:
        names = ", ".join(sorted({t.name for t in left}))
        print(f"\n（测试结束后仍有线程未停止：{names}；直接退出）", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_status["exit"])
