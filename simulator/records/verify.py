"""``calls verify``: every way the stored calls can have been tampered with, named.

Walks the hash chain (:mod:`simulator.records.chain`) and the rows it covers:

* a link whose hash does not recompute — the chain itself was edited;
* a link whose ``prev`` is not the hash before it, or a gap in the links' numbers — links were
  deleted or inserted; numbers handed out beyond the last link — the chain's tail was deleted
  (the database's own id sequence remembers them);
* a link whose call or report is gone — that call was deleted (named from the link's label:
  when, scenario, trainee, mode, score);
* a call or report whose content no longer gives the link's digest — it was edited (the fields
  that differ from the label are named: score, result, trainee…; otherwise the words or audio);
* a closed call or a report with no link — inserted from outside the program;
* a call still open long after its last heartbeat — the program was killed (``calls recover``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from simulator.records import chain

if TYPE_CHECKING:
    from simulator.records.store import Store

STALE_OPEN = timedelta(minutes=2)


@dataclass(frozen=True)
class Problem:
    code: str  # chain-edited, chain-gap, chain-tail, deleted, edited, unchained, signature, open
    message: str
    call_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "call": self.call_id}


def describe(label: dict[str, Any]) -> str:
    """``#12（2026-12-07 11:00 无声来电 学员 张三 考核 40 分 不通过）`` from a link's label."""
    from simulator.records.text import when_text

    parts = [when_text(str(label.get("when") or "")), str(label.get("title") or label.get("scenario") or "")]
    if label.get("trainee"):
        parts.append(f"学员 {label['trainee']}")
    mode = str(label.get("mode") or "")
    parts.append({"exam": "考核", "practice": "练习"}.get(mode, mode))
    if label.get("score") is not None:
        parts.append(f"{label['score']} 分 {'通过' if label.get('passed') else '不通过'}")
    return f"通话 #{label.get('id', '?')}（{' '.join(p for p in parts if p)}）"


_FIELD_NAMES = {"score": "得分", "passed": "结果", "trainee": "学员", "scenario": "场景", "title": "场景名",
                "mode": "模式", "when": "时间", "status": "状态"}


def _changes(label: dict[str, Any], now: dict[str, Any]) -> list[str]:
    out = []
    for key, name in _FIELD_NAMES.items():
        if key in label and label[key] != now.get(key):
            out.append(f"{name}“{label[key]}”→“{now.get(key)}”")
    return out


def verify(store: Store) -> list[Problem]:
    db = store.db
    problems: list[Problem] = []
    links = db.rows("SELECT id, created_at, kind, ref_id, ref_uid, label, digest, prev, hash, signer, sig "
                    "FROM chain ORDER BY id")
    calls = {int(r[0]): r for r in db.rows(
        "SELECT id, uid, started_at, ended_at, station, status, scenario, title, trainee, mode, seed, meta, "
        "record, score, passed, outcome, interrupted, audio, alive_at FROM calls")}
    reports = {int(r[0]): r for r in db.rows(
        "SELECT r.id, c.uid, r.created_at, r.kind, r.note, r.score, r.passed, r.body, r.call_id "
        "FROM reports r LEFT JOIN calls c ON c.id = r.call_id")}
    audio = audio_digests(store)
    prev_hash, prev_id = chain.GENESIS, 0
    chained_calls: set[int] = set()
    chained_reports: set[int] = set()
    for (link_id, created, kind, ref_id, ref_uid, label_text, body_digest, prev, link, signer,
         sig) in links:
        link_id, ref_id = int(link_id), int(ref_id)
        try:
            label = json.loads(label_text)
        except ValueError:
            label = {}
        what = describe(label) if kind == "call" else f"通话 #{label.get('call', '?')} 的评分报告"
        if link_id != prev_id + 1:
            problems.append(Problem("chain-gap", f"校验链第 {prev_id + 1}–{link_id - 1} 条被删除："
                                    f"{link_id - prev_id - 1} 条通话或报告从记录库中消失"))
        if prev != prev_hash:
            problems.append(Problem("chain-gap", f"校验链在第 {link_id} 条（{what}）之前被删除或插入了条目"))
        if chain.link_hash(prev, kind, ref_uid, body_digest, label_text, created) != link:
            problems.append(Problem("chain-edited", f"校验链第 {link_id} 条（{what}）被改动"))
        elif signer and signer == store.signer.name and not store.signer.verify(link, sig):
            problems.append(Problem("signature",
                                    f"校验链第 {link_id} 条（{what}）的签名不对：用别的密钥重新签过"))
        prev_hash, prev_id = link, link_id
        if kind == "call":
            chained_calls.add(ref_id)
            problems.extend(_check_call(audio.get(ref_id, {}), calls.get(ref_id), ref_id, ref_uid,
                                        body_digest, label, what))
        elif kind == "report":
            chained_reports.add(ref_id)
            problems.extend(_check_report(reports.get(ref_id), ref_uid, body_digest, what))
    high = db.sequence_high("chain")
    if high > prev_id:
        problems.append(Problem("chain-tail", f"校验链末尾的 {high - prev_id} 条被删除："
                                "最近保存的通话或报告从记录库中消失"))
    now = datetime.now(UTC)
    for call_id, row in sorted(calls.items()):
        status = row[5]
        if status != "open" and call_id not in chained_calls:
            problems.append(Problem("unchained", f"通话 #{call_id}（{row[6]}，学员 {row[8] or '—'}）"
                                    "不在校验链中：不是本程序保存的，或它的校验条目被删除", call_id))
        elif status == "open" and _stale(store.alive_at(call_id) or row[18], now):
            problems.append(Problem("open", f"通话 #{call_id}（{row[6]}，学员 {row[8] or '—'}）没有正常结束"
                                    "（程序可能被强行关闭）：请运行 hotline calls recover", call_id))
    for report_id, row in sorted(reports.items()):
        if report_id not in chained_reports:
            problems.append(Problem("unchained", f"通话 #{row[8]} 的一份评分报告（{row[5]} 分）不在校验链中："
                                    "不是本程序保存的", int(row[8])))
    return problems


def _stale(alive: str | None, now: datetime) -> bool:
    try:
        return alive is None or now - datetime.fromisoformat(alive) > STALE_OPEN
    except ValueError:
        return True


def audio_digests(store: Store) -> dict[int, dict[str, str]]:
    """Every call's ``{track: sha256}`` in one pass over the audio (as :meth:`Store._audio_digests`
    computes them for one call at close): one query, not two per call."""
    out: dict[int, dict[str, str]] = {}
    current: tuple[int, str] | None = None
    h: Any = None
    with store.db.lock:
        cursor = store.db.execute(
            "SELECT call_id, track, rate, data FROM call_audio ORDER BY call_id, track, seq")
        while batch := cursor.fetchmany(256):
            for call_id, track, rate, data in batch:
                key = (int(call_id), str(track))
                if key != current:
                    if current is not None:
                        out.setdefault(current[0], {})[current[1]] = h.hexdigest()
                    current, h = key, hashlib.sha256(f"{rate}:".encode())
                h.update(bytes(data))
    if current is not None:
        out.setdefault(current[0], {})[current[1]] = h.hexdigest()
    return out


def _check_call(audio: dict[str, str], row: tuple[Any, ...] | None, call_id: int, uid: str, body_digest: str,
                label: dict[str, Any], what: str) -> list[Problem]:
    if row is None or row[1] != uid:
        return [Problem("deleted", f"{what} 已被删除", call_id)]
    fields = dict(zip(("id", "uid", "started_at", "ended_at", "station", "status", "scenario", "title",
                       "trainee", "mode", "seed", "meta", "record", "score", "passed", "outcome",
                       "interrupted", "audio"), row[:18], strict=True))
    if chain.call_digest(fields) != body_digest:
        now = {"when": fields["started_at"], "score": fields["score"], "trainee": fields["trainee"],
               "scenario": fields["scenario"], "title": fields["title"], "mode": fields["mode"],
               "status": fields["status"],
               "passed": None if fields["passed"] is None else bool(fields["passed"])}
        changes = _changes(label, now)
        detail = "、".join(changes) if changes else "对话内容、时间或录音的校验值"
        return [Problem("edited", f"{what} 被改动：{detail}", call_id)]
    try:
        stored = json.loads(fields["audio"] or "{}")
    except ValueError:
        stored = None
    if stored != audio:
        return [Problem("edited", f"{what} 的录音被改动或删除", call_id)]
    return []


def _check_report(row: tuple[Any, ...] | None, uid: str, body_digest: str, what: str) -> list[Problem]:
    if row is None or row[1] != uid:
        return [Problem("deleted", f"{what} 已被删除")]
    fields = dict(zip(("id", "call_uid", "created_at", "kind", "note", "score", "passed", "body"), row[:8],
                      strict=True))
    if chain.report_digest(fields) != body_digest:
        return [Problem("edited", f"{what} 被改动（得分现为 {fields['score']}）", int(row[8]))]
    return []
