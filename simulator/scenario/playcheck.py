"""HT043: a playthrough's script must produce the path it states — checked by playing it.

The static checks (HT034) only see that ``path`` follows the graph; whether the trainee's lines in
``script`` really take the caller along it depends on the phrase matcher and the engine, so the
linter plays every playthrough that states a ``path`` (as ``hotline scenarios test`` does, without
grading) and reports where the call left the path, at the script line that led it astray
(``file:line:col`` when the script is a ``|`` block). Run by :mod:`simulator.scenario.lint` only,
for files without errors: loading a scenario never plays it.
"""

from __future__ import annotations

from simulator.scenario.diagnostics import Diagnostic, diag
from simulator.scenario.model import Pos, Scenario


def check_playthroughs(sc: Scenario, lines: list[str] | None = None) -> list[Diagnostic]:
    from simulator.errors import HotlineError
    from simulator.play.golden import astray, path_divergence
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script

    out: list[Diagnostic] = []
    for pt in sc.playthroughs:
        if not pt.path or not pt.script:
            continue
        try:
            play = play_script(sc, parse_script(pt.script, sc.source), pt.seed)
        except HotlineError:
            continue  # a script that does not parse is HT038 already
        diverged = path_divergence(tuple(pt.path), tuple(play.state.path))
        if diverged is None:
            continue
        where, line = astray(sc, pt, play)
        pos, length, text = pt.pos, 1, None
        if line and pt.script_pos.line and lines is not None:
            n = pt.script_pos.line + line
            if 1 <= n <= len(lines):
                text = lines[n - 1]
                col = len(text) - len(text.lstrip()) + 1
                pos, length = Pos(pt.pos.file, n, col), max(len(text.strip()), 1)
        out.append(diag(
            "HT043",
            f"演练“{pt.name}”的脚本走不出它写的 path：{diverged}" + (f"（{where}）" if where else ""),
            pos, length=length, line_text=text,
            hint="hotline scenarios test 可看完整通话；改脚本的这一行，或改 path",
        ))
    return out
