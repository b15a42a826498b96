"""load_scenario / loads_scenario / library: the happy path and the first-error contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenariokit import CTX, SCENARIOS

from simulator.errors import ScenarioError, UnknownScenarioError
from simulator.scenario import library
from simulator.scenario.loader import load_scenario, loads_scenario

GOOD = SCENARIOS / "silent-caller.yaml"


def test_good_file_loads_into_the_model() -> None:
    sc = load_scenario(GOOD, context=CTX)
    assert sc.id == "silent-caller" and sc.difficulty == 1 and sc.start == "line-open"
    entry = sc.hotline.entry("医政处")
    assert entry is not None and entry.phone == "025-83620000"
    assert sc.caller.persona == "f-adult-mandarin" and sc.mood_rules == {"apologise": -1}
    line_open = sc.node("line-open")
    assert line_open.silent and line_open.noise == "light" and line_open.waiting
    kinds = [t.kind for t in line_open.transitions]
    # own transitions first, then the inherited default
    assert kinds == ["act", "act", "otherwise", "silence", "hangup", "silence"]
    assert line_open.transitions[-1].inherited and line_open.transitions[-1].seconds == 20
    assert line_open.transitions[1].all_acts == ("self_identify",)
    assert line_open.pos.line == 22 and line_open.transitions[0].pos.line == 26
    cond = sc.node("still-silent").transitions[1].when_mood
    assert cond is not None and cond.holds("calm") and not cond.holds("angry")
    assert sc.node("speaks").next == "asks" and len(sc.node("speaks").say) == 2
    assert not sc.node("speaks").transitions  # pass-through nodes do not inherit defaults
    assert sc.node("thanked").terminal and sc.node("thanked").success is True
    assert sc.node("caller-gives-up").success is False  # success defaults to false
    (play,) = sc.playthroughs
    assert play.path == ("line-open", "still-silent", "notice-given") and play.outcome == "operator_hung_up"


def test_first_error_is_raised_with_position(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace("goto: notice-given", "goto: notice-givn")
    bad = tmp_path / "silent-caller.yaml"
    bad.write_text(text.replace("say: 那我打过去问问。", "say: no"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad, context=CTX)
    (d,) = info.value.diagnostics
    assert d.code == "HT020" and d.pos.line == 40 and d.pos.col == 36
    assert "notice-given" in info.value.render()


def test_loads_scenario_does_not_need_the_schema_comment() -> None:
    text = "\n".join(GOOD.read_text(encoding="utf-8").splitlines()[1:])
    assert loads_scenario(text, "silent-caller.yaml", context=CTX).id == "silent-caller"


def test_library_finds_files_in_sub_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "silent-caller.yaml").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    assert library.ids(tmp_path) == ["silent-caller"]
    assert library.find("silent-caller", tmp_path, context=CTX).source.endswith("silent-caller.yaml")
    assert [s.id for s in library.load_all(tmp_path, context=CTX)] == ["silent-caller"]
    with pytest.raises(UnknownScenarioError) as info:
        library.find("silent-caler", tmp_path, context=CTX)
    assert "silent-caller" in (info.value.hint or "")


def test_library_rejects_the_same_id_twice(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "silent-caller.yaml").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        library.find("silent-caller", tmp_path, context=CTX)
    assert info.value.diagnostics[0].code == "HT030"
    with pytest.raises(ScenarioError):
        library.load_all(tmp_path, context=CTX)


def test_the_fast_c_parser_is_used_when_libyaml_is_there() -> None:
    import yaml

    from simulator.scenario import yamlpos

    assert bool(yaml.__with_libyaml__) == yamlpos.USING_LIBYAML
    assert yamlpos._Loader.__mro__[1].__module__ == ("yaml._yaml" if yaml.__with_libyaml__ else "yaml.reader")
