"""Agreement of the grader with labelled calls: ``hotline grade --evaluate DIR``.

A labelled call is a ``hotline-call/1`` record with an ``expect`` field (the dev calls' format,
../shared/dev-calls/README.md)::

    "expect": {"passed": false, "categories": ["silent"], "absent": ["opening", …], "why": "…"}

``passed`` is the verdict an examiner reading the seeds gives, ``categories`` the report categories
that must appear among the findings (must-flag), ``absent`` those that must not (must-not-flag).
Three figures come out, each over every labelled item of the folder (searched recursively):

* verdict agreement — calls whose ``passed`` the grader matches;
* must-flag agreement — (call, category) pairs of ``categories`` the grader reported;
* must-not-flag agreement — (call, category) pairs of ``absent`` the grader left out.

A regression shows as a lower figure and as the list of disagreeing calls (file, label, what the
grader said). Grading is deterministic, so the same folder always gives the same figures.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Evaluation", "Miss", "evaluate", "labelled_files"]


@dataclass(frozen=True, slots=True)
class Miss:
    file: str
    what: str  # "verdict" | "must-flag" | "must-not-flag" | "error"
    detail: str


@dataclass
class Evaluation:
    calls: int = 0
    verdict_ok: int = 0
    flag_total: int = 0
    flag_ok: int = 0
    absent_total: int = 0
    absent_ok: int = 0
    errors: int = 0
    misses: list[Miss] = field(default_factory=list)

    @staticmethod
    def _pct(ok: int, total: int) -> float:
        return 100.0 * ok / total if total else 100.0

    @property
    def verdict(self) -> float:
        return self._pct(self.verdict_ok, self.calls)

    @property
    def must_flag(self) -> float:
        return self._pct(self.flag_ok, self.flag_total)

    @property
    def must_not_flag(self) -> float:
        return self._pct(self.absent_ok, self.absent_total)

    def to_json(self) -> dict[str, Any]:
        return {
            "calls": self.calls, "errors": self.errors,
            "verdict": {"agree": self.verdict_ok, "total": self.calls, "pct": round(self.verdict, 2)},
            "must_flag": {"agree": self.flag_ok, "total": self.flag_total, "pct": round(self.must_flag, 2)},
            "must_not_flag": {"agree": self.absent_ok, "total": self.absent_total,
                              "pct": round(self.must_not_flag, 2)},
            "misses": [{"file": m.file, "what": m.what, "detail": m.detail} for m in self.misses],
        }

    def lines(self) -> list[str]:
        out = [
            f"标注通话：{self.calls} 通（无法评分 {self.errors} 通）",
            f"结论一致：{self.verdict_ok}/{self.calls} = {self.verdict:.1f}%",
            f"应报类别一致：{self.flag_ok}/{self.flag_total} = {self.must_flag:.1f}%",
            f"不应报类别一致：{self.absent_ok}/{self.absent_total} = {self.must_not_flag:.1f}%",
        ]
        if self.misses:
            out.append("不一致：")
            out += [f"  {m.file}  {m.what}  {m.detail}" for m in self.misses]
        return out


def labelled_files(folder: Path) -> list[Path]:
    """Every ``.json`` / ``.yaml`` record under ``folder`` (recursively), sorted."""
    kinds = (".json", ".yaml", ".yml")
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in kinds)


def evaluate(files: Iterable[Path], *, root: Path | None = None) -> Evaluation:
    """Grade every labelled record and compare with its ``expect``."""
    from grading.grader import grade
    from grading.record import load_record
    from simulator.errors import HotlineError

    ev = Evaluation()
    for path in files:
        name = str(path.relative_to(root)) if root is not None else str(path)
        try:
            expect = _expect(path)
        except (OSError, ValueError):
            continue
        if expect is None:
            continue  # not a labelled call (e.g. a README)
        ev.calls += 1
        try:
            report = grade(load_record(path))
        except HotlineError as exc:
            ev.errors += 1
            ev.misses.append(Miss(name, "error", exc.message))
            continue
        got_any = {f.category for f in report.findings}
        summary = (f"判为{'通过' if report.passed else '不通过'} {report.score} 分，报出 "
                   f"{','.join(sorted(got_any)) or '无'}")
        if bool(expect.get("passed")) == report.passed:
            ev.verdict_ok += 1
        else:
            want = "通过" if expect.get("passed") else "不通过"
            ev.misses.append(Miss(name, "verdict", f"应{want}；{summary}"))
        for cat in expect.get("categories") or ():
            ev.flag_total += 1
            if cat in got_any:
                ev.flag_ok += 1
            else:
                ev.misses.append(Miss(name, "must-flag", f"应报 {cat}；{summary}"))
        for cat in expect.get("absent") or ():
            ev.absent_total += 1
            if cat not in got_any:
                ev.absent_ok += 1
            else:
                ev.misses.append(Miss(name, "must-not-flag", f"不应报 {cat}；{summary}"))
    return ev


def _expect(path: Path) -> dict[str, Any] | None:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
    else:
        import yaml

        data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("expect"), dict):
        return None
    return data["expect"]
