"""Start codes: the invigilator as a witness outside the candidate's account (single-machine SQLite).

Why: on one machine the candidate's account can copy ``records.db`` before a call, take a bad
attempt, put the copy back and take the attempt again. Nothing stored on that machine can show it
— every byte of the store, the sitting and the program is the candidate's to restore. What the
candidate cannot restore is the invigilator's sheet. So, when the trainer opens a sitting with
``--start-codes FILE``:

* the trainer gets a **sheet** (written to the trainer's drive, never into the data folders): one
  code per candidate, call and attempt, ``HMAC(trainer key, sitting, candidate, call, attempt)``
  shown as eight digits (the last a check digit against typos). The sitting only says *that* codes
  are required (signed, so it cannot be switched off unseen); no code and no hash of one is stored
  anywhere the candidate can read;
* every attempt, in the app (考场作答) and ``hotline exam take --start-code``, starts only after the
  invigilator typed the code of that attempt; the attempt row (and the call's label, which is
  chained) records which code started it;
* at ``hotline exam close --issued FILE`` / ``verify --issued FILE`` the trainer states what was
  handed out: one line per code given (a code given twice is written twice), or ``姓名=个数``.
  :func:`issued_problems` then names, with the key: an issued code whose attempt is not in the
  store (**rolled back** or deleted), a code given more often than attempts were stored with it (a
  restore followed by a retake), an attempt started with a code of another attempt (a retake after a
  restore, the sheet followed), with a code that is not the trainer's, or with no code at all.

What remains (README, 考试的可信度): a candidate who secretly records the invigilator's keystrokes,
restores the store and replays the same code *between two visits of the invigilator* leaves the
same store and the same sheet as an honest single attempt; only watching the call (or a PostgreSQL
server outside the candidate's reach) shows that.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from simulator.exams.errors import ExamError, SittingError
from simulator.exams.keys import TrainerKey
from simulator.exams.sitting import Sitting, canonical

DIGITS = 8  # seven from the HMAC, one check digit
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2), (7, 0, 9, 2, 1, 5, 4, 8, 6, 3), (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6), (6, 1, 2, 3, 0, 4, 5, 9, 7, 8), (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4), (8, 9, 4, 5, 3, 6, 2, 0, 1, 7), (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_CODE = re.compile(r"(?<!\d)(\d{4})[-\s]?(\d{4})(?!\d)")
_COUNT = re.compile(r"^\s*([^=#]+?)\s*[=＝]\s*(\d{1,4})\s*$")


def _damm(digits: str) -> int:
    interim = 0
    for d in digits:
        interim = _DAMM[interim][int(d)]
    return interim


def code_for(key: TrainerKey, sitting: str, candidate: str, slot: int, attempt: int) -> str:
    """The start code of one attempt, as printed: ``1234-5678``."""
    mac = hmac.new(key.key, canonical(["hotline-start-code/1", sitting, candidate, slot, attempt]),
                   hashlib.sha256).digest()
    body = f"{int.from_bytes(mac[:8], 'big') % 10 ** (DIGITS - 1):0{DIGITS - 1}d}"
    code = body + str(_damm(body))
    return f"{code[:4]}-{code[4:]}"


def normalise(text: str) -> str:
    """A typed code as printed (full-width digits, spaces and dashes allowed); raises if it cannot be one."""
    raw = re.sub(r"[\s\-－—_]", "", unicodedata.normalize("NFKC", text or ""))
    if not re.fullmatch(rf"\d{{{DIGITS}}}", raw):
        typed = (text or "").strip()[:20]
        raise SittingError(f"开考码应是 {DIGITS} 位数字（如 1234-5678），输入的是 “{typed}”",
                           hint="请监考员对照开考码表重新输入")
    if _damm(raw) != 0:
        raise SittingError("开考码输错了（校验位不对）", hint="请监考员对照开考码表重新输入")
    return f"{raw[:4]}-{raw[4:]}"


def expected(key: TrainerKey, sitting: Sitting) -> dict[str, tuple[str, int, int]]:
    """Every code of the sitting → ``(candidate, call, attempt)``."""
    return {code_for(key, sitting.name, c, s.index, k): (c, s.index, k)
            for c, slots in sitting.candidates.items() for s in slots
            for k in range(1, sitting.attempts + 1)}


def sheet(key: TrainerKey, sitting: Sitting) -> str:
    """The invigilator's sheet (plain text, to print)."""
    lines = [
        f"开考码表　考场：{sitting.name}（{sitting.exam.title}）　开考于 {sitting.opened_at}",
        "",
        "用法（监考员）：",
        "1. 每次作答响铃之前，考试程序会要求输入“第 N 通第 K 次作答”的开考码。请在考生的电脑上亲自输入，"
        "不要让考生看到，然后在这一行打勾并写下时间。",
        "2. 每个码只发一次。程序要求再输入一个已经打过勾的码，说明记录库可能被恢复过：先不要再发，"
        "记下来告诉考官。考官决定重发时，在下面的“已发出”清单里把它再写一遍。",
        "3. 考官结束或校验考场时，把发出过的码每发一次写一行（或写 姓名=发出的个数）存成文件，用"
        " hotline exam close/verify --issued 文件 核对：发出的码在记录库里找不到对应作答，就会被指出。",
        "4. 本表不要放在考试电脑上，用完交回考官。",
        "",
    ]
    for candidate, slots in sitting.candidates.items():
        lines.append(f"考生：{candidate}")
        for s in slots:
            for k in range(1, sitting.attempts + 1):
                code = code_for(key, sitting.name, candidate, s.index, k)
                lines.append(f"  第 {s.index} 通　第 {k} 次作答　{code}　□ 已发出　时间 ______")
        lines.append("")
    return "\n".join(lines)


@dataclass
class Issued:
    """What the invigilators handed out, as the trainer states it (``--issued FILE``)."""

    codes: Counter[str] = field(default_factory=Counter)  # code → times handed out
    counts: dict[str, int] = field(default_factory=dict)  # candidate → codes handed out (any call)

    def __bool__(self) -> bool:
        return bool(self.codes or self.counts)


def parse_issued(text: str, where: str = "--issued") -> Issued:
    """Lines of codes (each occurrence is one handout) or ``姓名=个数``; ``#`` starts a comment."""
    out = Issued()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _COUNT.match(line)
        if m:
            out.counts[m.group(1)] = out.counts.get(m.group(1), 0) + int(m.group(2))
            continue
        found = _CODE.findall(line)
        if found:
            for a, b in found:
                out.codes[normalise(a + b)] += 1
            continue
        raise ExamError(f"{where} 第 {number} 行看不懂：“{line[:40]}”",
                        hint="每行一个发出的开考码（如 1234-5678，发了两次就写两行），或 姓名=发出的个数")
    return out


def _who(candidate: str, slot: int, attempt: int) -> str:
    return f"考生 {candidate} 第 {slot} 通第 {attempt} 次作答"


def stored_code_problems(key: TrainerKey, sitting: Sitting,
                         attempts: list[Any]) -> list[tuple[str, str, str]]:
    """``(code, message, candidate)`` for stored attempts not started with their own code."""
    if not sitting.start_codes:
        return []
    table = expected(key, sitting)
    out = []
    for row in attempts:
        who = _who(row.candidate, row.slot, row.attempt)
        code = getattr(row, "start_code", "") or ""
        if not code:
            out.append(("start-code-missing", f"{who}：没有开考码就开始了（本考场每次作答都要监考员"
                                              "输入开考码）", row.candidate))
            continue
        owner = table.get(code)
        if owner is None:
            out.append(("start-code-wrong", f"{who}：输入的开考码 {code} 不是考官开考码表上的码：这次作答不是"
                                            "监考员开始的", row.candidate))
        elif owner != (row.candidate, row.slot, row.attempt):
            out.append(("start-code-mismatch", f"{who}用的是{_who(*owner)}的开考码 {code}：记录库里少了"
                                               "前面的作答，记录库在这之前很可能被恢复到了早先的副本",
                        row.candidate))
    return out


def issued_problems(key: TrainerKey, sitting: Sitting, attempts: list[Any],
                    issued: Issued) -> list[tuple[str, str, str]]:
    """``(code, message, candidate)`` comparing what was handed out with what the store holds."""
    table = expected(key, sitting)
    used: Counter[str] = Counter(getattr(r, "start_code", "") or "" for r in attempts)
    out = []
    for code, times in sorted(issued.codes.items(), key=lambda kv: table.get(kv[0], ("", 0, 0))):
        owner = table.get(code)
        if owner is None:
            out.append(("issued-unknown", f"发出清单里的 {code} 不是本考场开考码表上的码"
                                           "（抄错了，或是别的考场的）", ""))
            continue
        have = used.get(code, 0)
        who = _who(*owner)
        if have == 0:
            out.append(("rolled-back", f"{who}：监考员发出了开考码 {code}，记录库里却没有用它开始的作答："
                                       "这次作答被回滚（记录库被恢复到早先的副本）或被删除", owner[0]))
        elif have < times:
            out.append(("code-reused", f"{who}：开考码 {code} 发出了 {times} 次，记录库里只有 {have} 次作答用"
                                       "了它：记录库被恢复后又重考了一次，前一次作答被抹掉", owner[0]))
        elif have > times:
            out.append(("not-issued", f"{who}：记录库里有 {have} 次作答用了开考码 {code}，监考员只发出了 "
                                      f"{times} 次：有作答没有经过监考员", owner[0]))
    if issued.codes:
        for code in sorted(used):
            owner = table.get(code)
            if owner is not None and code not in issued.codes:
                out.append(("not-issued", f"{_who(*owner)}：用了开考码 {code}，但它不在监考员的发出清单里："
                                          "这次作答没有经过监考员（或清单漏写了）", owner[0]))
    for candidate, count in sorted(issued.counts.items()):
        if candidate not in sitting.candidates:
            out.append(("issued-unknown", f"发出清单里的 “{candidate}” 不在考场名单里", ""))
            continue
        mine = [r for r in attempts if r.candidate == candidate and (getattr(r, "start_code", "") or "")]
        if len(mine) < count:
            out.append(("rolled-back", f"考生 {candidate}：监考员发出了 {count} 个开考码，记录库里只有 "
                                       f"{len(mine)} 次用开考码开始的作答：有 {count - len(mine)} 次作答"
                                       "被回滚（记录库被恢复到早先的副本）或被删除", candidate))
        elif len(mine) > count:
            out.append(("not-issued", f"考生 {candidate}：记录库里有 {len(mine)} 次用开考码开始的作答，"
                                      f"监考员只发出了 {count} 个：有作答没有经过监考员", candidate))
    return out
