"""A 禁语 a caller takes no offence at (``offends: false`` in forbidden.yaml): a lone 喂 on answering.

The grader still reports it (FRB001, minor by the weight policy: 003 表 1 称谓), but the simulated
caller does not hang up offended over it: she starts talking, as a real caller would, and the rest
of the call is the trainee's to win or lose. Issue 13, class 5 (proportion).
"""

from __future__ import annotations

from grading.grader import grade
from grading.record import parse_record
from simulator.phrases import MatchContext, default_matcher
from simulator.play.runner import play_script
from simulator.play.script import parse_script
from simulator.scenario.library import scenario_files
from simulator.scenario.loader import load_scenario

SCRIPT = """/answer 3
喂？
女士，您是想问市第一医院周末儿科门诊的时间，是吗？
好的，请您稍等，先别挂机，我帮您查一下。
/hold
/wait 20
/unhold
不好意思，让您久等了。市第一医院儿科周六周日都有门诊，上午八点到十二点，下午两点到五点半。
您还有别的问题吗？
谢谢您的来电，再见。
/wait 3
"""


def _lookup_hold():  # type: ignore[no-untyped-def]
    return next(sc for sc in map(load_scenario, scenario_files()) if sc.id == "lookup-hold")


def test_a_lone_wei_is_still_a_forbidden_hit_for_the_grader() -> None:
    hits = default_matcher().detect("喂？", MatchContext(hotline_names=("12320卫生热线", "12320")))
    assert [h.entry for h in hits if h.act == "forbidden"] == ["f003-01-3"]


def test_the_caller_is_not_offended_by_a_lone_wei_and_the_call_goes_on() -> None:
    record = play_script(_lookup_hold(), parse_script(SCRIPT), seed=1).record
    path = record["path"]
    assert "offended" not in path
    assert path[:2] == ["pickup", "asks"] and path[-1] == "caller-hangs-up"
    report = grade(parse_record(record))
    frb = [f for f in report.findings if f.rule == "FRB001"]
    assert frb and all(f.severity == "minor" for f in frb)
    # the opening itself is still wrong: no greeting, no line name
    assert {"OPN001", "OPN002"} <= {f.rule for f in report.findings}


def test_a_rude_wei_still_offends() -> None:
    script = SCRIPT.replace("喂？", "喂，查什么？")  # 000 服务应答规范 1 忌
    path = play_script(_lookup_hold(), parse_script(script), seed=1).record["path"]
    assert path == ["pickup", "offended"]
