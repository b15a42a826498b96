"""Starting the app: native libraries' stderr goes to a log file, never onto the screen.

ALSA, PortAudio and Kaldi (vosk) write straight to file descriptor 2 — the terminal Textual draws
on (it writes to ``sys.__stderr__``). Before the app starts, :func:`native_stderr_to` duplicates
fd 2 for Textual (``sys.__stderr__`` becomes the duplicate), then points fd 2 at
``logs/native.log`` in the user data folder. Everything is put back when the app exits, so a
crash's traceback still reaches the terminal.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from simulator.errors import HotlineError, MissingExtraError
from simulator.paths import user_data_dir

TUI_HINT = "pip install 'hotline-trainer[tui]'（或重新运行 ./setup.sh）"


def log_path() -> Path:
    return user_data_dir() / "logs" / "native.log"


@contextmanager
def native_stderr_to(log: Path) -> Iterator[None]:
    """fd 2 → ``log`` while inside; ``sys.__stderr__``/``sys.stderr`` keep the real terminal."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved_fd = os.dup(2)
    term = os.fdopen(os.dup(2), "w", encoding="utf-8", errors="replace", buffering=1)
    old = sys.__stderr__, sys.stderr
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.dup2(log_fd, 2)
        sys.__stderr__ = sys.stderr = term  # type: ignore[misc]
        yield
    finally:
        term.flush()
        os.dup2(saved_fd, 2)
        sys.__stderr__, sys.stderr = old  # type: ignore[misc]
        for fd in (saved_fd, log_fd):
            os.close(fd)
        term.close()


def run() -> int:
    """``hotline`` without a subcommand: the training-room app."""
    try:
        import textual  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("没有安装 textual（培训界面需要它）", hint=TUI_HINT) from exc
    from simulator.fsio import writable_problem
    from simulator.tui.app import HotlineApp

    # A data folder that is read-only, a file, or not ours: say so before anything starts (the
    # app would lose every call it could not save).
    if problem := writable_problem(log_path().parent, what="用户数据文件夹"):
        raise HotlineError(problem.message,
                           hint="设置环境变量 HOTLINE_DATA 指向一个可写的文件夹，或检查该文件夹的权限")
    app = HotlineApp()
    with native_stderr_to(log_path()), closing_on_signals(app):
        app.run()
    return _leave(0)


@contextmanager
def closing_on_signals(app: Any) -> Iterator[None]:
    """SIGTERM (shutdown, ``kill``) and SIGHUP (the terminal closed): close a call in progress as
    interrupted — kept, graded, listed — and quit, instead of dying with the call open. (kill -9
    cannot be caught: the journal has the call, and the next start recovers it.)"""
    import asyncio

    def handler(signum: int, frame: Any) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            app.quit_now()
            return
        loop.call_soon_threadsafe(app.quit_now)

    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, previous in old.items():
            signal.signal(sig, previous)


def _leave(code: int) -> int:
    """End the process cleanly. Background rendering (onnxruntime) and recognition (CTranslate2)
    run in threads; left running while Python shuts down, their native code aborted the process
    ("terminate called without an active exception", exit 134) when the trainee quit during the
    render ahead. Records and reports are already written and synced by now, so: stop the render
    ahead, and if a native thread is still busy, end the process without the interpreter's
    teardown."""
    from simulator.call.render_ahead import stop_current

    stop_current(wait=1.0)
    busy = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()]
    if not busy:
        return code
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(code)
