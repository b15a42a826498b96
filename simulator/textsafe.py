"""Text from records, scenarios and scripts is printed with control characters escaped.

A call record's text is whatever a recogniser, a script or a hostile file put there: an ANSI
escape sequence (``\\x1b[2J``, a C1 ``\\x9b``), a carriage return that overwrites the line before,
or a bidi override that reverses what a trainer reads. Printed raw by ``hotline grade`` it would
drive the trainer's terminal (terminal injection). :func:`printable` shows each such character as
its escape (``\\x1b``, ``\\u202e``), keeping newlines and tabs; :class:`SafeWriter` wraps the
command line's stdout and stderr so that every command's output goes through it.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates, line/para seps
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\uXXXX`` escapes (newlines and tabs kept).
    The same form as JSON's, so JSON output stays valid JSON with the same value (JSON escapes
    C0 controls itself but leaves C1 and bidi controls raw)."""
    return _CONTROL.sub(_escape, text)


class SafeWriter:
    """A text stream that escapes control characters before writing to the real one."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
