"""Every attack of issue 12 on a SQLite station, done as the candidate would (plain SQL on the file the
app's account can write, a second install, kill -9): ``exam verify`` exits 1 and names what happened.

The candidate has the whole data folder; the trainer's key never was in it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from examkit import (
    ROOT,
    SECRET,
    Candidate,
    close,
    codes,
    hotline,
    messages,
    open_small,
    open_store,
    poor_scripts,
    take,
    verify,
)


@pytest.fixture
def sitting(sqlite_url: str, tmp_path: Path, script_dir: Path) -> Any:
    """张三 passes both calls; 李四 fails both (a rude script)."""
    s = open_small(sqlite_url, tmp_path)
    take(sqlite_url, "考场-1", "张三", script_dir)
    poor = poor_scripts(tmp_path / "poor", [x.scenario for x in s.candidates["李四"]])
    take(sqlite_url, "考场-1", "李四", poor)
    assert verify(sqlite_url, "考场-1").ok
    return s


def _cli_verify(url: str, key_file: Path) -> tuple[int, str]:
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", url)
    return code, out


def test_changed_score_after_close(sqlite_url: str, sitting: Any, key_file: Path) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    c.set_grade(call, 98, True)
    result = verify(sqlite_url, "考场-1")
    assert "score-changed" in codes(result) and "成绩在封存后被改动" in messages(result)
    code, out = _cli_verify(sqlite_url, key_file)
    assert code == 1 and "李四" in out and "98" in out


def test_changed_score_before_close_is_caught_by_regrading(sqlite_url: str, sitting: Any) -> None:
    c = Candidate(sqlite_url)
    c.set_grade(c.call_of("李四", 2), 98, True)
    result = verify(sqlite_url, "考场-1")
    assert "regrade-mismatch" in codes(result)
    assert "重新评分却是" in messages(result)


def test_changed_finding(sqlite_url: str, sitting: Any) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    findings = c.report(call)["findings"]
    assert findings
    c.set_grade(call, c.report(call)["score"], False, findings[1:])  # one finding quietly removed
    result = verify(sqlite_url, "考场-1")
    assert "finding-changed" in codes(result)


def test_changed_words(sqlite_url: str, sitting: Any) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    record = c.record(call)
    for e in record["events"]:
        if e.get("type") == "say" and e.get("who") == "operator":
            e["text"] = "您好，12320卫生热线，请问有什么可以帮您？"
    c.set_record(call, record)
    result = verify(sqlite_url, "考场-1")
    assert "words-changed" in codes(result) and "对话内容" in messages(result)


def test_changed_audio(sqlite_url: str, tmp_path: Path) -> None:
    from simulator.exams.station import load_sitting, start_attempt
    from simulator.exams.tables import ExamTables
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.library import find

    open_small(sqlite_url, tmp_path, candidates="张三")
    with open_store(sqlite_url) as store:
        tables = ExamTables(store.db)
        s, _ = load_sitting(tables, "考场-1")
        started = start_attempt(store, tables, s, "张三", 1)
        started.journal.audio("operator", b"\x01\x00" * 8000, 16000)
        started.journal.audio("caller", b"\x02\x00" * 8000, 16000)
        sc = find(started.slot.scenario)
        record = play_script(sc, parse_script("/answer 2\n您好，12320卫生热线，请讲。"
                                              "\n", "x"), started.seed).record
        started.journal.finish(record)
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    c.sql("UPDATE call_audio SET data = ? WHERE track = 'operator'", (b"\x09\x00" * 8000,))
    result = verify(sqlite_url, "考场-1")
    assert "audio-changed" in codes(result) and "录音被改动" in messages(result)
    c.sql("DELETE FROM call_audio WHERE track = 'caller'")
    assert "录音（caller）被删除" in messages(verify(sqlite_url, "考场-1"))


def test_deleted_call(sqlite_url: str, sitting: Any) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    c.delete_call(c.call_of("李四", 2))
    result = verify(sqlite_url, "考场-1")
    assert "deleted-call" in codes(result) and "被删除" in messages(result)


def test_deleted_attempt(sqlite_url: str, sitting: Any) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 2)
    c.delete_call(call)
    c.sql("DELETE FROM exam_attempts WHERE candidate = '李四' AND slot = 2")
    result = verify(sqlite_url, "考场-1")
    assert "deleted-attempt" in codes(result) and "作答记录在封存后被删除" in messages(result)


def test_deleting_the_last_calls_and_their_chain_links(sqlite_url: str, sitting: Any) -> None:
    """The old 'delete the last index lines' attack, on the store: calls, chain tail and attempts."""
    c = Candidate(sqlite_url)
    last = c.call_of("李四", 2)
    links = c.sql("SELECT MIN(id) FROM chain WHERE ref_id = ? OR ref_uid = (SELECT uid FROM calls WHERE id"
                  " = ?)",
                  (last, last))[0][0]
    c.sql("DELETE FROM chain WHERE id >= ?", (links,))
    c.delete_call(last)
    c.sql("DELETE FROM exam_attempts WHERE candidate = '李四' AND slot = 2")
    before = verify(sqlite_url, "考场-1")  # not closed yet: the store's chain remembers
    assert "store-chain-tail" in codes(before), messages(before)
    # the same after closing
    c.close()


def test_another_candidates_result_substituted(sqlite_url: str, sitting: Any) -> None:
    c = Candidate(sqlite_url)
    good, bad = c.call_of("张三", 1), c.call_of("李四", 1)
    c.set_record(bad, c.record(good))
    c.set_grade(bad, c.report(good)["score"], True, c.report(good)["findings"])
    result = verify(sqlite_url, "考场-1")  # before closing: the caller seed was drawn for 张三
    assert "substituted" in codes(result)
    assert "抽给考生 张三" in messages(result)


def test_relabelled_call(sqlite_url: str, sitting: Any) -> None:
    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    c.sql("UPDATE calls SET trainee = '张三' WHERE id = ?", (call,))
    result = verify(sqlite_url, "考场-1")
    assert "relabelled" in codes(result)


def test_fabricated_perfect_call_from_another_install(sqlite_url: str, tmp_path: Path, sitting: Any,
                                                      script_dir: Path) -> None:
    """The candidate opens a sitting of the same name on their own install, with their own key,
    takes a perfect call there and copies it over their failed one (or adds it)."""
    other = str(tmp_path / "other-install.db")
    open_small(other, tmp_path / "other", candidates="李四", seed=999)
    take(other, "考场-1", "李四", script_dir)
    o = Candidate(other)
    perfect = o.call_of("李四", 1)
    rec, rep = o.record(perfect), o.report(perfect)
    c = Candidate(sqlite_url)
    mine = c.call_of("李四", 1)
    if rec["scenario"] == c.record(mine)["scenario"]:
        c.set_record(mine, rec)
        c.set_grade(mine, rep["score"], True, rep["findings"])
        result = verify(sqlite_url, "考场-1")
        assert "foreign-call" in codes(result) and "不是在本考场打的电话" in messages(result)
    # or inserted beside: a call labelled for this sitting that no station started
    cols = [r[1] for r in o.sql("PRAGMA table_info(calls)") if r[1] != "id"]
    row = o.sql(f"SELECT {', '.join(cols)} FROM calls WHERE id = ?", (perfect,))[0]
    c.sql(f"INSERT INTO calls ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row)
    result = verify(sqlite_url, "考场-1")
    assert "foreign-call" in codes(result) and "伪造或拷贝" in messages(result)
    close(sqlite_url, "考场-1")
    after = verify(sqlite_url, "考场-1")
    assert "at-close" in codes(after)


def test_extra_attempt_beyond_those_allowed(sqlite_url: str, sitting: Any, script_dir: Path) -> None:
    c = Candidate(sqlite_url)
    # a forged attempt row + call copied from attempt 1
    call = c.call_of("李四", 1)
    uid = c.sql("SELECT uid FROM calls WHERE id = ?", (call,))[0][0]
    c.sql("INSERT INTO exam_attempts (sitting, candidate, slot, attempt, scenario, seed, call_uid, station) "
          "SELECT sitting, candidate, slot, 2, scenario, seed, ?, station FROM exam_attempts "
          "WHERE candidate = '李四' AND slot = 1", (uid,))
    result = verify(sqlite_url, "考场-1")
    assert "extra-attempt" in codes(result) and "超出允许的作答次数" in messages(result)


def test_raising_the_attempts_allowed_in_the_sitting(sqlite_url: str, sitting: Any, script_dir: Path) -> None:
    c = Candidate(sqlite_url)
    doc = json.loads(c.sql("SELECT doc FROM exam_sittings")[0][0])
    doc["exam"]["attempts"] = 3
    for slots in doc["candidates"].values():
        for s in slots:
            s["seeds"] += [s["seeds"][0] + 1, s["seeds"][0] + 2]
    c.sql("UPDATE exam_sittings SET doc = ?", (json.dumps(doc, ensure_ascii=False),))
    take(sqlite_url, "考场-1", "李四", script_dir, slot=1)  # the station believes the forged sitting
    result = verify(sqlite_url, "考场-1")
    assert "sitting-edited" in codes(result) and "作答次数" in messages(result)


def test_hanging_up_during_the_ring_is_not_a_pass(sqlite_url: str, tmp_path: Path, key_file: Path) -> None:
    from simulator.exams.results import sitting_results
    from simulator.exams.station import load_sitting, start_attempt
    from simulator.exams.tables import ExamTables

    open_small(sqlite_url, tmp_path, candidates="张三")
    with open_store(sqlite_url) as store:
        tables = ExamTables(store.db)
        s, _ = load_sitting(tables, "考场-1")
        for slot in (1, 2):
            started = start_attempt(store, tables, s, "张三", slot)
            record = {"format": "hotline-call/1", "scenario": started.slot.scenario, "seed": started.seed,
                      "events": [{"t": 0.0, "type": "ring"}, {"t": 1.5, "type": "hangup", "who": "operator"}]}
            if slot == 1:  # what the old grader said of such a call
                started.journal.finish(record, {"scenario": record["scenario"], "score": 100, "passed": True,
                                                "findings": []})
            else:  # what the store grades it now
                started.journal.finish(record)
        res = sitting_results(store, "考场-1")
    cand = res.candidates[0]
    assert not cand.passed and all(not r.passed for r in cand.slots)
    assert "没有接听" in "".join(cand.slots[0].counted.verdict.reasons)  # type: ignore[union-attr]
    close(sqlite_url, "考场-1")
    code, out = _cli_verify(sqlite_url, key_file)
    assert code == 1 and "empty-pass" in out and "响铃时挂断" in out


def test_resealing_with_a_key_the_candidate_has(sqlite_url: str, sitting: Any) -> None:
    """history.key / HOTLINE_HISTORY_KEY were the candidate's; the seal's key never is. A re-seal with
    any other key — after editing a score and putting the new digests in — is named."""
    from simulator.exams import evidence

    close(sqlite_url, "考场-1")
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    c.set_grade(call, 98, True, [])
    doc = json.loads(c.sql("SELECT doc FROM exam_seals")[0][0])
    for a in doc["attempts"]:
        if a["candidate"] == "李四" and a["slot"] == 1:
            a.update(score=98, passed=True, findings=[], report_digest=evidence.report_digest(c.report(call)))
    stolen = os.urandom(32).hex().encode()  # e.g. the old history.key
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    sig = hmac.new(stolen, text.encode(), hashlib.sha256).hexdigest()
    c.sql("UPDATE exam_seals SET doc = ?, sig = ?", (text, sig))
    result = verify(sqlite_url, "考场-1")
    assert "seal-edited" in codes(result) and "重新封存" in messages(result)


def test_replacing_the_whole_sitting_with_one_signed_by_the_candidate(sqlite_url: str, sitting: Any,
                                                                      tmp_path: Path) -> None:
    from simulator.exams.keys import derive, new_salt
    from simulator.exams.sitting import Sitting, canonical

    c = Candidate(sqlite_url)
    doc = json.loads(c.sql("SELECT doc FROM exam_sittings")[0][0])
    key = derive("the candidate's own key", new_salt())
    doc.update(salt=key.salt, key_id=key.key_id)
    doc["exam"]["passing"]["call"] = 0
    Sitting.from_json(doc)
    c.sql("UPDATE exam_sittings SET doc = ?, sig = ?", (json.dumps(doc, ensure_ascii=False),
                                                       key.sign(canonical(doc))))
    result = verify(sqlite_url, "考场-1")
    assert "key" in codes(result) and "另一把密钥" in messages(result)


KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from simulator.records import open_store
    from simulator.exams.station import load_sitting, start_attempt
    from simulator.exams.tables import ExamTables
    from simulator.play.runner import play_script
    from simulator.play.script import parse_script
    from simulator.scenario.library import find
    store = open_store({url!r})
    tables = ExamTables(store.db)
    s, _ = load_sitting(tables, "考场-1")
    started = start_attempt(store, tables, s, "李四", 1, flush_interval=0)
    sc = find(started.slot.scenario)
    record = play_script(sc, parse_script("/answer 2\\n喂，干什么？\\n/wait 3\\n", "x"), started.seed).record
    record["events"] = record["events"][:3]
    started.journal.sync(record)
    started.journal.flush()
    print(started.journal.call_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_kill_9_does_not_erase_the_call(sqlite_url: str, tmp_path: Path, script_dir: Path) -> None:
    """The candidate kills the app mid-call to erase a bad call and take it again."""
    open_small(sqlite_url, tmp_path, candidates="李四")
    proc = subprocess.run([sys.executable, "-c", KILLER.format(root=str(ROOT), url=sqlite_url)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPAT"
                                                                                          "H": str(ROOT)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    call_id = int(proc.stdout.strip())
    with pytest.raises(Exception, match="最多 1 次"):  # the killed attempt counts
        take(sqlite_url, "考场-1", "李四", script_dir, slot=1)
    with open_store(sqlite_url) as store:
        assert store.call(call_id).status == "open"
        assert len(store.record(call_id)["events"]) == 3  # journaled before the kill
    seal, _ = close(sqlite_url, "考场-1")
    a = next(x for x in seal.attempts if x.slot == 1)
    assert a.status == "interrupted" and not a.passed
    from simulator.exams.results import sitting_results

    with open_store(sqlite_url) as store:
        res = sitting_results(store, "考场-1")
    slot1 = res.candidates[0].slots[0]
    assert not slot1.passed and "通话中断" in slot1.counted.verdict.reasons  # type: ignore[union-attr]
    # and erasing the interrupted call afterwards is named
    c = Candidate(sqlite_url)
    c.delete_call(call_id)
    result = verify(sqlite_url, "考场-1")
    assert "deleted-call" in codes(result)


def test_verify_without_tampering_exits_0_and_names_nothing(sqlite_url: str, sitting: Any,
                                                            key_file: Path) -> None:
    close(sqlite_url, "考场-1")
    code, out = _cli_verify(sqlite_url, key_file)
    assert code == 0 and "没有发现问题" in out
    assert SECRET not in out


def test_deleting_the_seal_or_the_whole_sitting_is_named_with_the_receipt(
        sqlite_url: str, sitting: Any, key_file: Path, tmp_path: Path) -> None:
    """Without its seal a sitting looks open again; the receipt on the trainer's drive (or the printed
    seal code) says it was closed."""
    receipt = tmp_path / "usb" / "考场-1.receipt.json"
    code, out, err = hotline("exam", "close", "考场-1", "--key-file", str(key_file),
                             "--receipt", str(receipt), "--db", sqlite_url)
    assert code == 0, err
    seal_code = out.split("封存码：")[1][:16]
    c = Candidate(sqlite_url)
    call = c.call_of("李四", 1)
    c.sql("DELETE FROM exam_seals")
    c.set_grade(call, 98, True, [])
    code, out = _cli_verify(sqlite_url, key_file)  # without the receipt: reported as not closed …
    assert "如果您已经结束过这个考场" in out
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--seal-code", seal_code,
                           "--db", sqlite_url)
    assert code == 1 and "seal-deleted" in out
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--receipt", str(receipt),
                           "--db", sqlite_url)
    assert code == 1 and "seal-deleted" in out and "score-changed" in out and "98" in out
    c.sql("DELETE FROM exam_attempts")
    c.sql("DELETE FROM exam_sittings")
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--receipt", str(receipt),
                           "--db", sqlite_url)
    assert code == 1 and "sitting-deleted" in out and "deleted-attempt" in out
    code, _, err = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", sqlite_url)
    assert code == 2 and "被删除" in err


# ---------------------------------------------------------------------- restoring an earlier copy

def _sheet_codes(sheet: Path) -> dict[tuple[str, int, int], str]:
    """(candidate, call, attempt) → code, read off the invigilator's printed sheet."""
    import re

    out: dict[tuple[str, int, int], str] = {}
    who = ""
    for line in sheet.read_text(encoding="utf-8").splitlines():
        if line.startswith("考生："):
            who = line.removeprefix("考生：").strip()
        m = re.search(r"第 (\d+) 通　第 (\d+) 次作答　(\d{4}-\d{4})", line)
        if m:
            out[(who, int(m.group(1)), int(m.group(2)))] = m.group(3)
    return out


def _snapshot(db: str) -> dict[str, bytes]:
    """What the candidate copies aside before a call: the store's file (and its WAL, if any)."""
    return {p.name: p.read_bytes() for p in Path(db).parent.glob(Path(db).name + "*")}


def _restore(db: str, copy: dict[str, bytes]) -> None:
    for p in Path(db).parent.glob(Path(db).name + "*"):
        p.unlink()
    for name, data in copy.items():
        (Path(db).parent / name).write_bytes(data)


@pytest.fixture
def coded(sqlite_url: str, tmp_path: Path, key_file: Path) -> dict[tuple[str, int, int], str]:
    """A sitting opened with start codes (two attempts per call); the sheet is on the trainer's drive."""
    from examkit import write_exam

    exam = write_exam(tmp_path / "exams-2", attempts=2)
    sheet = tmp_path / "usb" / "开考码表.txt"
    code, out, err = hotline("exam", "open", str(exam), "--sitting", "考场-1", "--candidates", "张三,李四",
                             "--seed", "11", "--start-codes", str(sheet), "--key-file", str(key_file),
                             "--db", sqlite_url)
    assert code == 0, err
    assert "开考码表已写入" in out
    codes_ = _sheet_codes(sheet)
    assert len(codes_) == 2 * 2 * 2 and len(set(codes_.values())) == 8
    again = tmp_path / "usb" / "重印.txt"  # the trainer can print the sheet again with the key
    code, _, err = hotline("exam", "codes", "考场-1", "--out", str(again), "--key-file", str(key_file),
                           "--db", sqlite_url)
    assert code == 0 and _sheet_codes(again) == codes_, err
    code, out, _ = hotline("exam", "status", "考场-1", "--db", sqlite_url)
    assert code == 0 and "监考员输入开考码" in out
    # nothing of the codes is in the store the candidate can read
    raw = b"".join(_snapshot(sqlite_url).values())
    assert not any(c.replace("-", "").encode() in raw or c.encode() in raw for c in codes_.values())
    return codes_


def _take_cli(url: str, who: str, scripts: Path, slot: int, code: str | None) -> tuple[int, str, str]:
    args = ["exam", "take", "考场-1", "--candidate", who, "--script-dir", str(scripts), "--slot", str(slot),
            "--db", url]
    if code is not None:
        args += ["--start-code", code]
    return hotline(*args)


def _issued(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "usb" / "已发出.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text("# 监考员发出的开考码\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_restoring_a_copy_and_retaking_is_named(
        sqlite_url: str, tmp_path: Path, key_file: Path, script_dir: Path,
        coded: dict[tuple[str, int, int], str]) -> None:
    """The attack of issue 12 that no local state can see: copy records.db, take a bad attempt, put the
    copy back, take it again. The invigilator was asked for the first attempt's code twice and wrote it
    down twice: close and verify name the erased attempt."""
    with open_store(sqlite_url) as store:
        from simulator.exams.tables import ExamTables

        got = ExamTables(store.db).sitting("考场-1")
        assert got is not None
        scenario = got[0]["candidates"]["张三"][0]["scenario"]
    poor = poor_scripts(tmp_path / "poor", [scenario])
    first = coded[("张三", 1, 1)]
    copy = _snapshot(sqlite_url)
    code, out, err = _take_cli(sqlite_url, "张三", poor, 1, first)
    assert code == 0, err
    _restore(sqlite_url, copy)  # the bad attempt is gone from every file the candidate can reach
    code, out, err = _take_cli(sqlite_url, "张三", script_dir, 1, first)  # "第 1 次" again, same code
    assert code == 0, err
    with open_store(sqlite_url) as store:
        from simulator.exams.tables import ExamTables

        rows = ExamTables(store.db).attempts("考场-1", "张三")
        assert [(r.slot, r.attempt, r.start_code) for r in rows] == [(1, 1, first)]
    # without the invigilator's list nothing local can tell: verify says what it needs
    plain = verify(sqlite_url, "考场-1")
    assert plain.ok and any("--issued" in n for n in plain.notes)
    issued = _issued(tmp_path, [first, first])  # handed out twice
    code, out, _ = hotline("exam", "close", "考场-1", "--key-file", str(key_file), "--issued", str(issued),
                           "--db", sqlite_url)
    assert code == 1 and "张三 第 1 通第 1 次" in out and "发出了 2 次" in out
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--issued", str(issued),
                           "--db", sqlite_url)
    assert code == 1, out
    assert "code-reused" in out and "张三 第 1 通第 1 次作答" in out and "恢复" in out


def test_a_rolled_back_attempt_that_was_not_retaken(sqlite_url: str, tmp_path: Path, key_file: Path,
                                                    script_dir: Path,
                                                    coded: dict[tuple[str, int, int], str]) -> None:
    copy = _snapshot(sqlite_url)
    code, _, err = _take_cli(sqlite_url, "李四", script_dir, 2, coded[("李四", 2, 1)])
    assert code == 0, err
    _restore(sqlite_url, copy)
    issued = _issued(tmp_path, [coded[("李四", 2, 1)]])
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--issued", str(issued),
                           "--db", sqlite_url)
    assert code == 1 and "rolled-back" in out and "李四 第 2 通第 1 次作答" in out and "回滚" in out
    counted = _issued(tmp_path, ["李四=1"])  # the invigilator only counted the codes handed out
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--issued", str(counted),
                           "--db", sqlite_url)
    assert code == 1 and "rolled-back" in out and "考生 李四" in out and "发出了 1 个开考码" in out
    # closed without the list: closing says what it could not check; verify with the list still names it
    code, out, _ = hotline("exam", "close", "考场-1", "--key-file", str(key_file), "--db", sqlite_url)
    assert code == 0 and "--issued" in out
    issued = _issued(tmp_path, [coded[("李四", 2, 1)]])
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--issued", str(issued),
                           "--db", sqlite_url)
    assert code == 1 and "rolled-back" in out and "李四 第 2 通第 1 次作答" in out


def test_retaking_with_the_next_code_on_the_sheet_is_named_without_the_list(
        sqlite_url: str, tmp_path: Path, key_file: Path, script_dir: Path,
        coded: dict[tuple[str, int, int], str]) -> None:
    """The invigilator followed the sheet (attempt 1's code was ticked, so the next one was given): the
    store's only attempt carries attempt 2's code — named even without the issued list."""
    copy = _snapshot(sqlite_url)
    assert _take_cli(sqlite_url, "张三", script_dir, 1, coded[("张三", 1, 1)])[0] == 0
    _restore(sqlite_url, copy)
    assert _take_cli(sqlite_url, "张三", script_dir, 1, coded[("张三", 1, 2)])[0] == 0
    result = verify(sqlite_url, "考场-1")
    assert "start-code-mismatch" in codes(result)
    assert "张三 第 1 通第 1 次作答用的是考生 张三 第 1 通第 2 次作答的开考码" in messages(result)
    issued = _issued(tmp_path, [coded[("张三", 1, 1)], coded[("张三", 1, 2)]])
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--issued", str(issued),
                           "--db", sqlite_url)
    assert code == 1 and "rolled-back" in out and "张三 第 1 通第 1 次作答：监考员发出了开考码" in out


def test_start_codes_are_required_checked_and_cannot_be_made_up(
        sqlite_url: str, tmp_path: Path, key_file: Path, script_dir: Path,
        coded: dict[tuple[str, int, int], str]) -> None:
    code, _, err = _take_cli(sqlite_url, "张三", script_dir, 1, None)
    assert code != 0 and "开考码" in err
    code, _, err = _take_cli(sqlite_url, "张三", script_dir, 1, "1234-5679")
    assert code != 0 and "校验位不对" in err
    with open_store(sqlite_url) as store:
        from simulator.exams.tables import ExamTables

        assert ExamTables(store.db).attempts("考场-1") == []  # nothing was used up
    made_up = "1234-5671"  # a code with a valid check digit that is not on the sheet
    assert made_up not in coded.values()
    assert _take_cli(sqlite_url, "张三", script_dir, 1, made_up)[0] == 0
    code, out, _ = hotline("exam", "verify", "考场-1", "--key-file", str(key_file), "--db", sqlite_url)
    assert code == 1 and "start-code-wrong" in out and "不是监考员开始的" in out and "--issued" in out
    honest = _take_cli(sqlite_url, "李四", script_dir, 1, coded[("李四", 1, 1)])
    assert honest[0] == 0, honest[2]
    issued = _issued(tmp_path, [coded[("李四", 1, 1)]])
    with open_store(sqlite_url) as store:
        from simulator.exams.startcodes import parse_issued
        from simulator.exams.verify import verify_sitting

        result = verify_sitting(store, "考场-1", SECRET, issued=parse_issued(issued.read_text("utf-8")))
    assert {p.candidate for p in result.problems} == {"张三"}  # 李四's attempt is in order


def test_an_exam_without_start_codes_takes_no_code(sqlite_url: str, tmp_path: Path, script_dir: Path) -> None:
    open_small(sqlite_url, tmp_path)
    code, _, err = hotline("exam", "take", "考场-1", "--candidate", "张三", "--script-dir", str(script_dir),
                           "--start-code", "1234-5671", "--db", sqlite_url)
    assert code != 0 and "没有设开考码" in err
    code, _, err = hotline("exam", "take", "考场-1", "--candidate", "张三", "--script-dir", str(script_dir),
                           "--db", sqlite_url)
    assert code == 0, err
    issued = _issued(tmp_path, ["张三=2"])
    code, _, err = hotline("exam", "verify", "考场-1", "--key-stdin", "--issued", str(issued),
                           "--db", sqlite_url, stdin=SECRET + "\n")
    assert code == 2 and "没有设开考码" in err
