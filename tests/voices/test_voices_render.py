"""The render plan, resumable parallel rendering, and the ``hotline voices`` commands."""

from __future__ import annotations

import json

import pytest

np = pytest.importorskip("numpy")

from voicekit import espeak_or_skip  # noqa: E402

from simulator.cli import main  # noqa: E402
from simulator.scenario.library import find, load_all  # noqa: E402
from simulator.voices.cache import VoiceCache  # noqa: E402
from simulator.voices.chain import Voices  # noqa: E402
from simulator.voices.plan import plan, scenario_lines  # noqa: E402
from simulator.voices.render import render_lines, summary  # noqa: E402


def every_line(sc) -> set[str]:
    out: set[str] = set()
    for node in sc.nodes.values():
        if not node.silent:
            out.update(node.say)
        out.update(node.unclear)
        for tr in node.transitions:
            out.update(tr.say)
    return {t.strip() for t in out}


def test_plan_covers_every_caller_line_in_its_mood():
    scenarios = load_all()
    jobs = plan(scenarios)
    for sc in scenarios:
        mine = [j for j in jobs if j.persona == sc.caller.persona]
        assert every_line(sc) <= {j.text for j in mine}, sc.id
    sc = find("angry-complainant")
    lines = scenario_lines(sc)
    furious_nodes = [n for n in sc.nodes.values() if n.mood == "furious" and n.say]
    for node in furious_nodes:
        for text in node.say:
            assert any(j.text == text.strip() and j.mood == "furious" for j in lines)
    assert {j.noise for j in scenario_lines(find("speakerphone-noise"))} >= {"speakerphone"}
    assert len(plan([sc], "all")) == 5 * len({(j.text, j.noise) for j in lines})


def test_plan_puts_the_lines_said_soonest_first():
    """Rendered ahead in this order on a fresh install: the caller's first words must be ready
    first — the plan starts with a line said at the start node or one step on from it."""
    for sc in load_all():
        start = sc.nodes[sc.start]
        soon = {t.strip() for t in (*start.say, *start.unclear)}
        for tr in start.transitions:
            soon |= {t.strip() for t in tr.say}
            soon |= {t.strip() for t in (*sc.nodes[tr.goto].say, *sc.nodes[tr.goto].unclear)}
        lines = [j.text for j in scenario_lines(sc)]
        assert lines[0] in soon or not soon, (sc.id, lines[0])  # silent-caller: nothing said soon
        endings = [t.strip() for n in sc.nodes.values() if n.end for t in n.say]
        if endings:  # the last words of a call come after the first line of one
            assert min(lines.index(t) for t in endings) > 0, sc.id


def test_render_is_parallel_resumable_and_summarised(tmp_path):
    espeak = espeak_or_skip()
    jobs = scenario_lines(find("silent-caller"))
    cache = VoiceCache(tmp_path / "c")
    stop_after = 4

    def interrupt(done: int, note: str) -> None:
        if done >= stop_after:
            raise KeyboardInterrupt

    first = render_lines(Voices([espeak], cache), jobs, workers=3, progress=interrupt)
    assert first.interrupted and stop_after <= first.done < len(jobs)
    assert "再次运行" in summary(first)
    kept = len(cache.entries())
    assert kept >= stop_after
    second = render_lines(Voices([espeak], cache), jobs, workers=3)
    assert not second.interrupted and not second.failed and second.done == len(jobs)
    tally = second.engines["espeak"]
    assert tally.lines == len(jobs) and tally.cached == kept  # resumed: nothing rendered twice
    assert len(cache.entries()) == len(jobs)
    text = summary(second)
    assert "espeak" in text and f"{len(jobs)}/{len(jobs)}" in text


def test_cli_render_say_list_doctor_pack(tmp_path, capsys, monkeypatch):
    espeak_or_skip()
    assert main(["voices", "render", "silent-caller", "--engine", "espeak", "--jobs", "2"]) == 0
    out = capsys.readouterr()
    assert "espeak" in out.out and "完成" in out.out and "合成 1 个场景" in out.err
    assert main(["voices", "render", "silent-caller", "--engine", "espeak"]) == 0
    assert "新合成 0" in capsys.readouterr().out  # second run: everything from the cache

    wav = tmp_path / "line.wav"
    say = ["voices", "say", "m-elder-cantonese", "我想問下。", "--engine", "espeak", "--out", str(wav)]
    assert main(say) == 0
    from simulator.audio.wav import read_wav

    samples, rate = read_wav(wav)
    assert rate == 8000 and len(samples) / rate > 0.5
    assert "espeak:yue+m3" in capsys.readouterr().out

    assert main(["voices", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 8 and all({"id", "language", "voices"} <= set(r) for r in rows)

    assert main(["voices", "doctor", "--json", "--no-probe"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in report["engines"]] == ["edge", "kokoro", "espeak"]
    assert next(e for e in report["engines"] if e["name"] == "espeak")["ok"]

    zip_path = tmp_path / "v.zip"
    assert main(["voices", "pack", str(zip_path)]) == 0
    monkeypatch.setenv("HOTLINE_VOICE_CACHE", str(tmp_path / "other"))
    assert main(["voices", "unpack", str(zip_path)]) == 0
    assert "新增" in capsys.readouterr().out
    assert main(["voices", "say", "nobody", "你好", "--out", str(wav)]) == 2
    assert "没有声音角色" in capsys.readouterr().err
