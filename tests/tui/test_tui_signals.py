"""The real app in a real terminal (tmux), killed mid-call: kill -9, SIGTERM and SIGHUP (the
terminal closed). The call is never lost: SIGTERM and SIGHUP close it as interrupted before the
app exits; after kill -9 the journal has it and the next start (here ``hotline calls list``)
closes it. Either way it is listed as interrupted, with the trainee's words said before the kill.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tuikit import wait_for

HOTLINE = Path(sys.executable).parent / "hotline"
GREETING = "您好，请问有什么可以帮您"


def _greeted(tmux: Callable[..., str], screen: Callable[[], str]) -> bool:
    """Answer the ringing call, say the greeting; False when the call ended first."""
    wait_for(screen, "接听", 60)
    time.sleep(1.0)
    tmux("send-keys", "-t", "app", "F2")
    wait_for(screen, "回车发送", 60)
    tmux("send-keys", "-t", "app", "-l", GREETING)
    tmux("send-keys", "-t", "app", "Enter")
    end = time.monotonic() + 60
    while not (GREETING in (shown := screen()) and "回车发送" in shown):  # sent: in the transcript, box empty
        if "评分报告" in shown:
            return False
        assert time.monotonic() < end, shown
        time.sleep(0.2)
    return "评分报告" not in screen()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_app_killed_mid_call_keeps_the_call(tmux: Callable[..., str], tmp_path: Path,
                                            sig: signal.Signals) -> None:
    data = tmp_path / "data"
    data.mkdir()
    settings = {"trainee": "考生甲", "mode": "exam", "recogniser": "typed", "voice_engine": "none"}
    (data / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = {"HOTLINE_DATA": str(data), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    command = " ".join([*(f"{k}={shlex.quote(v)}" for k, v in env.items()), shlex.quote(str(HOTLINE))])
    tmux("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", f"env -u HOTLINE_DB {command}")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "app")

    wait_for(screen, "学员：", 60)
    tmux("send-keys", "-t", "app", "p")
    wait_for(screen, "★", 60)
    time.sleep(0.5)
    tmux("send-keys", "-t", "app", "/")  # the silent caller: a caller who gives the trainee time
    time.sleep(0.5)
    tmux("send-keys", "-t", "app", "-l", "silent-caller")
    end = time.monotonic() + 60
    while "转接错误" in (shown := screen()) or "无声来电" not in shown:  # only the silent caller listed
        assert time.monotonic() < end, shown
        time.sleep(0.2)
    tmux("send-keys", "-t", "app", "Enter")
    time.sleep(0.5)
    tmux("send-keys", "-t", "app", "Enter")
    wait_for(screen, "无声来电　难度", 60)
    tmux("send-keys", "-t", "app", "Enter")  # the phone rings
    for _attempt in range(3):  # on a machine too busy to take the greeting in time, the caller hangs up
        if _greeted(tmux, screen):
            break
        wait_for(screen, "评分报告", 60)
        tmux("send-keys", "-t", "app", "r")  # 再练一次: the same call rings again
    else:
        raise AssertionError("the greeting was never taken in time")
    time.sleep(1.0)  # the journal commits every 0.2 s
    pid = int(tmux("list-panes", "-t", "app", "-F", "#{pane_pid}").strip())
    os.kill(pid, sig)
    end = time.monotonic() + 30
    while True:  # the app exits (SIGTERM/SIGHUP: after closing the call)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < end, "the app did not exit"
        time.sleep(0.1)
    cli = {**os.environ, "HOTLINE_DATA": str(data)}
    cli.pop("HOTLINE_DB", None)
    listed = subprocess.run([str(HOTLINE), "calls", "list", "--json"], env=cli, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    calls = [c for c in json.loads(listed.stdout) if c["status"] != "finished"]  # not retried ones
    assert len(calls) == 1, calls
    call = calls[0]
    assert call["status"] == "interrupted" and call["trainee"] == "考生甲" and call["mode"] == "exam"
    shown = subprocess.run([str(HOTLINE), "calls", "show", str(call["id"]), "--json"], env=cli,
                           capture_output=True, text=True, timeout=120)
    shown_json = json.loads(shown.stdout)
    record = shown_json["record"]
    # SIGTERM/SIGHUP: the app closed the call itself; kill -9: the next start recovered it
    assert shown_json["reports"][0]["note"] == ("recovered" if sig == signal.SIGKILL else "")
    said = [e["text"] for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert any(GREETING in text for text in said), record["events"]
    assert record["interrupted"] is True
    assert subprocess.run([str(HOTLINE), "calls", "verify"], env=cli, capture_output=True,
                          timeout=120).returncode == 0
