"""The real program in a real terminal: ``hotline`` under tmux shows the home screen, moves on a
key and quits on Ctrl+Q; native libraries' stderr goes to the log file, never onto the screen."""

from __future__ import annotations

import shlex
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from tuikit import wait_for

HOTLINE = Path(sys.executable).parent / "hotline"


def test_hotline_opens_the_app_in_a_terminal(tmux: Callable[..., str], tmp_path: Path) -> None:
    env = {"HOTLINE_DATA": str(tmp_path / "data"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = " ".join([*(f"{k}={shlex.quote(v)}" for k, v in env.items()), shlex.quote(str(HOTLINE))])
    tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", f"env {command}")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "app")

    first = wait_for(screen, "学员：")
    for text in ("热线话务员培训模拟器", "历史记录", "场景管理", "设置", "学员：", "^q 退出"):
        assert text in first, text
    tmux("send-keys", "-t", "app", "p")
    picker = wait_for(screen, "★")  # the picker lists the library with difficulty stars
    assert "搜索" in picker and "热线" in picker
    tmux("send-keys", "-t", "app", "C-q")
    end = time.monotonic() + 5
    while "app" in tmux("list-sessions", "-F", "#{session_name}"):
        assert time.monotonic() < end, "the app did not quit on Ctrl+Q"
        time.sleep(0.1)
    assert (tmp_path / "data" / "logs" / "native.log").is_file()


def test_native_stderr_goes_to_the_log(tmp_path: Path) -> None:
    log = tmp_path / "native.log"
    code = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from simulator.tui.launch import native_stderr_to
        with native_stderr_to(Path({str(log)!r})):
            os.write(2, b"ALSA lib pcm.c:2664:(snd_pcm_open_noupdate) Unknown PCM\\n")
            sys.__stderr__.write("TEXTUAL-DRAWS-HERE\\n")
            sys.__stderr__.flush()
        os.write(2, b"after\\n")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "ALSA" not in out.stderr and "TEXTUAL-DRAWS-HERE" in out.stderr and "after" in out.stderr
    assert "Unknown PCM" in log.read_text()
