"""A sitting from opening to the report, on SQLite and on the real PostgreSQL: draws fixed per
candidate, attempts counted and capped, closing seals, verify passes when nothing was touched,
reports in text, CSV for Excel and printable HTML, appeals beside the original grade."""

from __future__ import annotations

from pathlib import Path

import pytest
from examkit import SECRET, close, hotline, open_small, open_store, poor_scripts, take, verify

from simulator.exams.errors import AttemptsExhausted, KeyProblem, SittingError


def test_open_take_close_verify_report(store_url: str, tmp_path: Path, script_dir: Path,
                                       key_file: Path) -> None:
    sitting = open_small(store_url, tmp_path)
    taken = take(store_url, "考场-1", "张三", script_dir)
    assert [t.slot.scenario for t in taken] == [s.scenario for s in sitting.candidates["张三"]]
    assert [t.attempt for t in taken] == [1, 1]
    poor = poor_scripts(tmp_path / "poor", [s.scenario for s in sitting.candidates["李四"]])
    take(store_url, "考场-1", "李四", poor)
    with open_store(store_url) as store:
        rows = [c for c in store.calls(exam=True)]
        assert {c.trainee for c in rows} == {"张三", "李四"}
        assert all(c.meta["exam"]["sitting"] == "考场-1" for c in rows)
        assert {c.seed for c in rows} == {s.seeds[0] for c in sitting.candidates.values() for s in c}
    assert verify(store_url, "考场-1").ok
    seal, problems = close(store_url, "考场-1")
    assert problems == [] and len(seal.attempts) == 4 and seal.not_taken == ()
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", store_url)
    assert code == 0, out
    csv_path, html_path = tmp_path / "r.csv", tmp_path / "r.html"
    code, out, _ = hotline("exam", "report", "考场-1", "--db", store_url, "--csv", str(csv_path),
                           "--html", str(html_path))
    assert code == 0
    assert "张三：通过" in out and "李四：不通过" in out
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "考生" in text.splitlines()[0] and text.count("张三") == 2
    html = html_path.read_text(encoding="utf-8")
    assert "<svg" in html and "张三" in html and "不通过" in html and "<script" not in html


def test_a_candidate_cannot_take_more_attempts_than_allowed(sqlite_url: str, tmp_path: Path,
                                                            script_dir: Path) -> None:
    open_small(sqlite_url, tmp_path, attempts=2)
    take(sqlite_url, "考场-1", "张三", script_dir)
    take(sqlite_url, "考场-1", "张三", script_dir, slot=1)
    with pytest.raises(AttemptsExhausted, match="最多 2 次"):
        take(sqlite_url, "考场-1", "张三", script_dir, slot=1)
    with pytest.raises(AttemptsExhausted):  # everything attempted once: take needs --slot
        take(sqlite_url, "考场-1", "张三", script_dir)
    code, _, err = hotline("exam", "take", "考场-1", "--candidate", "张三", "--script-dir", str(script_dir),
                           "--slot", "1", "--db", sqlite_url)
    assert code == 2 and "最多 2 次" in err
    from simulator.exams.station import start_attempt
    from simulator.exams.tables import ExamTables

    with open_store(sqlite_url) as store:
        tables = ExamTables(store.db)
        from simulator.exams.station import load_sitting

        sitting, _ = load_sitting(tables, "考场-1")
        with pytest.raises(AttemptsExhausted):
            start_attempt(store, tables, sitting, "张三", 1)
        assert len([r for r in tables.attempts("考场-1") if r.slot == 1]) == 2


def test_take_checks_scripts_before_using_an_attempt(sqlite_url: str, tmp_path: Path) -> None:
    open_small(sqlite_url, tmp_path)
    empty = tmp_path / "none"
    empty.mkdir()
    code, _, err = hotline("exam", "take", "考场-1", "--candidate", "张三", "--script-dir", str(empty),
                           "--db", sqlite_url)
    assert code == 2 and "缺少" in err and "silent-caller.txt" in err
    code, _, err = hotline("exam", "take", "考场-1", "--candidate", "王五", "--script-dir", str(empty),
                           "--db", sqlite_url)
    assert code == 2 and "王五" in err
    with open_store(sqlite_url) as store:
        assert store.calls() == []


def test_closed_sitting_takes_nothing_more_and_wrong_keys_are_refused(sqlite_url: str, tmp_path: Path,
                                                                      script_dir: Path) -> None:
    open_small(sqlite_url, tmp_path)
    with pytest.raises(KeyProblem, match="不是考场"):
        close(sqlite_url, "考场-1", secret="另一个人的密钥123")
    seal, _ = close(sqlite_url, "考场-1")
    assert len(seal.not_taken) == 4
    with pytest.raises(SittingError, match="已经结束"):
        take(sqlite_url, "考场-1", "张三", script_dir)
    result = verify(sqlite_url, "考场-1", secret="另一个人的密钥123")
    assert not result.ok and "key" in {p.code for p in result.problems}


def test_key_file_inside_the_data_folder_and_short_secrets_are_refused(sqlite_url: str,
                                                                       tmp_path: Path) -> None:
    inside = tmp_path / "data" / "trainer.key"
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.write_text(SECRET, encoding="utf-8")
    exam = tmp_path / "exams-1"
    from examkit import write_exam

    path = write_exam(exam)
    code, _, err = hotline("exam", "open", str(path), "--sitting", "甲", "--candidates", "张三",
                           "--key-file", str(inside), "--db", sqlite_url)
    assert code == 2 and "用户数据目录" in err
    code, _, err = hotline("exam", "open", str(path), "--sitting", "甲", "--candidates", "张三",
                           "--key-stdin", "--db", sqlite_url, stdin="short\n")
    assert code == 2 and "太短" in err
    code, out, _ = hotline("exam", "open", str(path), "--sitting", "甲", "--candidates", "张三,李四",
                           "--seed", "3", "--key-stdin", "--db", sqlite_url, stdin=SECRET + "\n")
    assert code == 0 and "张三" in out
    import os

    assert all(SECRET not in v for v in os.environ.values())
    assert SECRET.encode() not in Path(sqlite_url).read_bytes()


def test_appeal_is_signed_kept_beside_the_original_and_reported(sqlite_url: str, tmp_path: Path,
                                                                key_file: Path) -> None:
    sitting = open_small(sqlite_url, tmp_path, candidates="李四")
    poor = poor_scripts(tmp_path / "poor", [s.scenario for s in sitting.candidates["李四"]])
    take(sqlite_url, "考场-1", "李四", poor)
    close(sqlite_url, "考场-1")
    with open_store(sqlite_url) as store:
        call = next(c for c in store.calls(exam=True) if c.meta["exam"]["slot"] == 1)
        original = store.report(call.id).body
    rule = original["findings"][0]["rule"]
    at = original["findings"][0]["t"]
    args = ["exam", "appeal", "考场-1", "--candidate", "李四", "--slot", "1", "--rule", rule, "--withdraw",
            "--reason", "录音显示考生说了问候语，识别有误", "--key-file", str(key_file), "--db", sqlite_url]
    if sum(1 for f in original["findings"] if f["rule"] == rule) > 1:
        args += ["--at", str(at)]
    code, out, err = hotline(*args)
    assert code == 0, err
    with open_store(sqlite_url) as store:
        reports = store.reports(call.id)
        assert reports[0].body == original  # the original grade is untouched
        assert reports[-1].kind == "override" and "识别有误" in reports[-1].note
    code, out, _ = hotline("exam", "report", "考场-1", "--db", sqlite_url)
    assert "申诉：" in out and "识别有误" in out
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", sqlite_url)
    assert code == 0, out
    from examkit import Candidate

    c = Candidate(sqlite_url)
    c.sql("UPDATE exam_appeals SET doc = replace(doc, '识别有误', '识别有误，改为满分')")
    c.close()
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", sqlite_url)
    assert code == 1 and "appeal-forged" in out


def test_a_score_changed_after_closing_is_named_on_both_databases(store_url: str, tmp_path: Path,
                                                                  script_dir: Path, key_file: Path) -> None:
    """Even the database's owner (not a station) editing a sealed result is caught by the seal."""
    open_small(store_url, tmp_path, candidates="张三")
    take(store_url, "考场-1", "张三", script_dir)
    close(store_url, "考场-1")
    with open_store(store_url) as store:
        call = store.calls(exam=True)[0]
        with store.db.write():
            store.db.execute("UPDATE calls SET score = ?, passed = ? WHERE id = ?", (12, 0, call.id))
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", store_url)
    assert code == 1 and "score-changed" in out and "12 分" in out


RACER = """
import sys
sys.path.insert(0, {root!r})
from simulator.records import open_store
from simulator.exams.errors import AttemptsExhausted
from simulator.exams.station import load_sitting, start_attempt
from simulator.exams.tables import ExamTables
store = open_store({url!r})
tables = ExamTables(store.db)
sitting, _ = load_sitting(tables, "考场-1")
try:
    started = start_attempt(store, tables, sitting, "张三", 1)
except AttemptsExhausted:
    print("refused")
else:
    started.journal.finish({{"format": "hotline-call/1", "scenario": started.slot.scenario,
                            "seed": started.seed, "events": []}}, grade=False)
    print("took", started.attempt)
store.close()
"""


def test_stations_racing_for_the_last_attempts_get_exactly_those_allowed(store_url: str,
                                                                         tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from examkit import ROOT

    open_small(store_url, tmp_path, attempts=2, candidates="张三")
    code = RACER.format(root=str(ROOT), url=store_url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(5)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    said = sorted(o.strip() for o, _ in outs)
    assert said == ["refused", "refused", "refused", "took 1", "took 2"]


def test_cli_open_from_a_candidates_file_draws_the_same_calls_for_the_same_seed(sqlite_url: str,
                                                                                tmp_path: Path) -> None:
    names = tmp_path / "名单.txt"
    names.write_text("\ufeff# 第一考场\n张三\n李四  # 补考\nJohn Smith\n", encoding="utf-8")
    draws = []
    for sitting in ("甲", "乙"):
        code, out, err = hotline("exam", "open", "hotline-certification", "--sitting", sitting,
                                 "--candidates", str(names), "--seed", "42", "--key-stdin",
                                 "--db", sqlite_url, stdin=SECRET + "\n")
        assert code == 0, err
        code, out, _ = hotline("exam", "status", sitting, "--db", sqlite_url)
        assert code == 0 and "John Smith" in out
        draws.append(out.splitlines()[1:])
    assert draws[0] == draws[1]
    code, _, err = hotline("exam", "open", "hotline-certification", "--sitting", "甲", "--candidates", "王五",
                           "--key-stdin", "--db", sqlite_url, stdin=SECRET + "\n")
    assert code == 2 and "已经存在" in err
    code, _, err = hotline("exam", "open", "no-such-exam", "--sitting", "丙", "--candidates", "王五",
                           "--key-stdin", "--db", sqlite_url, stdin=SECRET + "\n")
    assert code == 2 and "没有 id 为" in err
