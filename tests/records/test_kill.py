"""kill -9, SIGTERM and SIGHUP in the middle of ``hotline play --save``: the call survives.

The call is played in real time (``--pace``); once the trainee's greeting has been printed the
process gets the signal. SIGTERM and SIGHUP close the call as interrupted at once; after kill -9
the next start (``calls list``) closes it. Either way the call is listed as interrupted with every
turn said before the signal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "/answer 1\n您好，12320卫生热线，请问有什么可以帮您？\n/wait 3\n请问您还在吗？\n/wait 20\n再见。\n"
GREETING = "您好，12320卫生热线，请问有什么可以帮您？"


def hotline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_signal_mid_call_keeps_the_call(store_url: str, tmp_path: Path, sig: signal.Signals) -> None:
    env = {**os.environ, "HOTLINE_DB": store_url, "HOTLINE_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    script = tmp_path / "s.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-u", "-m", "simulator", "play", "silent-caller", "--script",
                             str(script), "--save", "--trainee", "张三", "--exam", "--pace", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 90
    for line in proc.stdout:
        if "请问您还在吗" in line or time.monotonic() > deadline:
            break
    time.sleep(0.6)  # past the journal's flush interval
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    listed = hotline(env, "calls", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    calls = json.loads(listed.stdout)
    assert len(calls) == 1 and calls[0]["status"] == "interrupted" and calls[0]["trainee"] == "张三"
    shown = json.loads(hotline(env, "calls", "show", str(calls[0]["id"]), "--json").stdout)
    said = [e["text"] for e in shown["record"]["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert said[:2] == [GREETING, "请问您还在吗？"]
    assert shown["record"]["interrupted"] is True and shown["problems"] == []
    assert hotline(env, "calls", "verify").returncode == 0
