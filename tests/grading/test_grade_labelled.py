"""The labelled call set (tests/data/labelled-calls: 180 calls over every scenario, written from
the seeds; one in four held out) is graded as the examiner labelled it: verdict, must-flag and
must-not-flag agreement each at least 97 % (issue 13), so a regression in any rule shows here.
``hotline grade --evaluate tests/data/labelled-calls`` prints the figures and the disagreements."""

from __future__ import annotations

from pathlib import Path

from grading.evaluate import evaluate, labelled_files

SET = Path(__file__).resolve().parents[1] / "data" / "labelled-calls"
TARGET = 97.0


def test_the_set_covers_every_scenario_with_150_calls_or_more() -> None:
    import json

    files = labelled_files(SET)
    scenarios = {json.loads(p.read_text("utf-8"))["scenario"] for p in files}
    assert len(files) >= 150
    # the five caller kinds the brief names, and the rest of the library as it was when written
    assert {"silent-caller", "misrouted-call", "angry-complainant", "harassment-call", "dialect-speaker",
            "info-query", "lookup-hold", "transfer-consent", "privacy-request", "power-outage",
            "heating-no-heat", "suggestion-criticism", "praise-call", "speakerphone-noise",
            "foreign-language", "health-out-of-scope", "dialect-yunnan-elder",
            "dialect-shaanxi-indoor-fault"} <= scenarios
    assert len(labelled_files(SET / "heldout")) >= 40


def test_agreement_with_the_labelled_set() -> None:
    result = evaluate(labelled_files(SET), root=SET)
    shown = "\n".join(result.lines())
    assert result.errors == 0, shown
    assert result.verdict >= TARGET, shown
    assert result.must_flag >= TARGET, shown
    assert result.must_not_flag >= TARGET, shown


def test_evaluate_command(capsys: object) -> None:
    from simulator.cli import main

    code = main(["grade", "--evaluate", str(SET / "heldout")])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert code == 0 and "结论一致" in out and "应报类别一致" in out
