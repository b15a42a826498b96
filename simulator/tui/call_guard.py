"""A fault inside a call ends the call, not the app: the record is kept and graded.

The call screen's entry points — the clock tick, the ear's and the voice's reports, the keys, the
typed reply — run under :func:`guarded`. Should one of them raise (a bug in the engine, a scenario
the loader let through, a recogniser's odd output), the call is stopped as if the trainee had quit
(the record marked ``interrupted``), the trainee is told in one line what happened, the traceback
goes to ``logs/errors.log`` in the user data folder, and the call is graded and saved as usual — an
exam candidate never loses a call to a crash.
"""

from __future__ import annotations

import functools
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from simulator.paths import user_data_dir

F = TypeVar("F", bound=Callable[..., Any])


def errors_log() -> Any:
    return user_data_dir() / "logs" / "errors.log"


def log_fault(exc: BaseException) -> None:
    try:
        path = errors_log()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} 通话中出错\n")
            f.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass  # nowhere to write: the notice on screen still tells the trainee


def fault_message(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
    return f"程序出错，本次通话已中止并保存（可在历史记录中查看）：{text}。详细信息见 {errors_log()}"


def guarded(method: F) -> F:
    """Run a call-screen handler; a fault in it ends the call (``self.call_broke``)."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self.call_broke(exc)
            return None

    return run  # type: ignore[return-value]
