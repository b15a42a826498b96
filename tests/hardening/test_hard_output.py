"""Control characters from records are escaped on the terminal; --pass-mark is range-checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hardkit import hotline, no_traceback

from simulator.textsafe import printable

EVIL = "您好\x1b[2J\x1b]0;pwned\x07\x9b31m\r\u202e反转"


def _record(text: str) -> dict[str, object]:
    return {"format": "hotline-call/1", "scenario": "info-query", "events": [
        {"t": 0.0, "type": "ring"}, {"t": 1.0, "type": "answer"},
        {"t": 1.5, "end": 4.0, "type": "say", "who": "operator", "text": text},
        {"t": 5.0, "type": "hangup", "who": "caller"}]}


def test_printable() -> None:
    out = printable(EVIL + "\n\t")
    assert not any(c in out for c in "\x1b\x07\x9b\r\u202e")
    assert out.endswith("\n\t") and "\\u001b" in out


@pytest.mark.parametrize("fmt", [[], ["--json"]])
def test_grade_escapes_ansi(tmp_path: Path, fmt: list[str]) -> None:
    rec = tmp_path / "r.json"
    rec.write_text(json.dumps(_record(EVIL), ensure_ascii=False), "utf-8")
    proc = hotline("grade", str(rec), *fmt)
    no_traceback(proc)
    out = proc.stdout.decode("utf-8")
    assert not any(c in out for c in "\x1b\x07\x9b\r\u202e"), out
    if fmt:
        json.loads(out)  # still valid JSON


def test_grade_error_message_escapes(tmp_path: Path) -> None:
    rec = tmp_path / "r.json"
    data = _record("x")
    data["events"][2]["who"] = "\x1b[31mevil"  # type: ignore[index]
    rec.write_text(json.dumps(data), "utf-8")
    proc = hotline("grade", str(rec))
    err = no_traceback(proc)
    assert "\x1b" not in err and proc.returncode == 2


@pytest.mark.parametrize("mark", ["-5", "1000", "abc"])
def test_pass_mark_range(tmp_path: Path, mark: str) -> None:
    rec = tmp_path / "r.json"
    rec.write_text(json.dumps(_record("您好")), "utf-8")
    proc = hotline("grade", str(rec), "--pass-mark", mark)
    err = no_traceback(proc)
    assert proc.returncode == 2 and "及格线" in err


def test_lint_rejects_empty_say_and_empty_node(tmp_path: Path) -> None:
    from hardkit import ROOT

    text = (ROOT / "scenarios" / "info-query.yaml").read_text("utf-8")
    path = tmp_path / "info-query.yaml"
    extra = '\nnodes:\n  blank: {}\n  quiet:\n    say: ""\n    next: blank\n'
    path.write_text(text.replace("\nnodes:\n", extra, 1), "utf-8")
    proc = hotline("scenarios", "lint", str(path))
    out = proc.stdout.decode() + no_traceback(proc)
    assert out.count("HT062") == 2, out
