"""HT038: a playthrough's ``script`` must parse as a ``hotline play --script`` script, and every
``@node`` line must name a node of the scenario.

The play-script parser (:func:`simulator.play.script.parse_script`) is the one authority on the
format; its first error is reported at the script's own line inside the scenario file when the
script is a ``|`` block (the usual way to write it), else at the ``script`` value.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from simulator.scenario.model import Pos
from simulator.scenario.reader import Reader
from simulator.scenario.yamlpos import YNode, YScalar

_SOURCE = "script"
_LOCATED = re.compile(rf"^{_SOURCE}:(\d+): (.*)$", re.S)


def check_script(r: Reader, node: YNode | None, node_ids: Collection[str] | None = None) -> str:
    """The script text ('' when unusable), after reporting its first error."""
    text = r.text(node, "script")
    if text is None or not isinstance(node, YScalar):
        return ""
    from simulator.errors import ScriptError
    from simulator.play.script import parse_script
    from simulator.scenario.diagnostics import did_you_mean

    try:
        script = parse_script(text, source=_SOURCE)
    except ScriptError as exc:
        m = _LOCATED.match(exc.message)
        number, message = (int(m.group(1)), m.group(2)) if m else (0, exc.message)
        _report(r, node, number, message, hint=exc.hint)
        return text
    if node_ids:
        for step in script.steps:
            if step.node and step.node not in node_ids:
                _report(r, node, step.line, f"@{step.node} 不是本场景的节点",
                        suggestion=did_you_mean(step.node, node_ids))
    return text


def _report(r: Reader, node: YScalar, number: int, message: str, **kw: Any) -> None:
    where = f"演练脚本第 {number} 行：" if number else "演练脚本："
    file_line = node.line + number
    if node.literal and number and file_line <= len(r.lines):
        source = r.lines[file_line - 1]
        col = len(source) - len(source.lstrip()) + 1
        r.report("HT038", where + message, Pos(r.file, file_line, col),
                 length=max(len(source.strip()), 1), **kw)
    else:
        r.report("HT038", where + message, node, **kw)
