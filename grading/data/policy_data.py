"""The weight policy and the citation equivalents of ``profiles.yaml`` (issue 13: proportion and
citations as data).

``policy`` (top level: every line; under a profile: that line's own decisions, tried first)::

    policy:
      weights: {blocker: 50, major: 25, minor: 5}     # points lost per finding
      decisions:                                       # first match wins
        - rule: FRB001                                 # the finding's rule
          cited: 003-biao-1                            # (optional) only when it cites this clause
          from: major                                  # (optional) only the rule's own severity
          severity: minor                              # what it weighs
          clause: 003-biao-1                           # the clause that justifies the weight
          why: 单独一声“喂”是称谓不当……                # said in hotline rules and reports

``citations`` maps a clause (or ``RULE:clause``, for one rule's use of a clause that means two
things) to its equivalents in the other lines' standards: a finding that
cites ``004-ting-3-2`` on a 12320 call cites ``002-tiao-18`` instead when 002 (the 12320
standard) is among them; when the call's own standard has none, the finding says it borrows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grading.data.clause_data import _clauses
from simulator.paths import standards_dir
from simulator.phrases.fields import Fields
from simulator.phrases.yamlpos import PosDict, PosList, StandardsError, read_yaml

__all__ = ["Decision", "Policy", "citation_equivalents", "policy_for"]

PROFILES_FILE = "profiles.yaml"
SEVERITIES = ("blocker", "major", "minor")
DEFAULT_WEIGHTS = {"blocker": 50, "major": 25, "minor": 5}


@dataclass(frozen=True, slots=True)
class Decision:
    rule: str
    severity: str
    clause: str
    why: str
    cited: str = ""  # clause id the finding must cite ("" = any)
    from_: str = ""  # the rule's own severity it applies to ("" = any)
    line: str = ""  # profile id, "" for every line

    def matches(self, rule: str, severity: str, citation: str, cited_citation: str) -> bool:
        return (self.rule == rule and (not self.from_ or self.from_ == severity)
                and (not self.cited or citation == cited_citation))


@dataclass(frozen=True, slots=True)
class Policy:
    weights: dict[str, int]
    decisions: tuple[Decision, ...]


def _decisions(node: object, path: Path, line: int, known: set[str], owner: str) -> tuple[Decision, ...]:
    if node is None:
        return ()
    if not isinstance(node, PosList):
        raise StandardsError("decisions 必须是列表", path=path, line=line)
    out = []
    for i, item in enumerate(node):
        f = Fields(item, path, node.line_of(i) if hasattr(node, "line_of") else line, f"decisions[{i}]")
        f.check_keys({"rule", "cited", "from", "severity", "clause", "why"})
        severity = f.text("severity")
        if severity not in SEVERITIES:
            raise f.error(f"severity 应为 {' / '.join(SEVERITIES)}", "severity")
        from_ = f.text("from", required=False)
        if from_ and from_ not in SEVERITIES:
            raise f.error(f"from 应为 {' / '.join(SEVERITIES)}", "from")
        for key in ("clause", "cited"):
            value = f.text(key, required=key == "clause")
            if value and value not in known:
                raise f.error(f"条款 {value!r} 不在 clauses.yaml 里", key)
        out.append(Decision(rule=f.text("rule").upper(), severity=severity, clause=f.text("clause"),
                            why=f.text("why"), cited=f.text("cited", required=False), from_=from_,
                            line=owner))
    return tuple(out)


def _policy(node: object, path: Path, line: int, known: set[str], owner: str,
            base: dict[str, int]) -> tuple[dict[str, int], tuple[Decision, ...]]:
    if node is None:
        return dict(base), ()
    f = Fields(node, path, line, "policy")
    f.check_keys({"weights", "decisions"})
    weights = dict(base)
    if "weights" in f.data:
        w = Fields(f.data["weights"], path, f.line_of("weights"), "weights")
        w.check_keys(set(SEVERITIES))
        for sev in SEVERITIES:
            if sev in w.data:
                value = w.integer(sev, DEFAULT_WEIGHTS[sev])
                if not 0 <= value <= 100:
                    raise w.error("扣分应在 0 到 100 之间", sev)
                weights[sev] = value
    return weights, _decisions(f.data.get("decisions"), path, f.line_of("decisions") if "decisions" in f.data
                               else f.line, known, owner)


@dataclass(frozen=True, slots=True)
class _Table:
    default: Policy
    by_line: dict[str, Policy]
    equivalents: dict[str, tuple[str, ...]]


@lru_cache(maxsize=4)
def _table(root: Path) -> _Table:
    path = root / PROFILES_FILE
    data = read_yaml(path)
    known = set(_clauses(root))
    weights, decisions = _policy(data.get("policy"), path, data.line_of("policy") if "policy" in data else 1,
                                 known, "", DEFAULT_WEIGHTS)
    default = Policy(weights, decisions)
    by_line: dict[str, Policy] = {}
    profiles = data.get("profiles")
    if isinstance(profiles, PosDict):
        for ident, value in profiles.items():
            if isinstance(value, PosDict) and "policy" in value:
                w, own = _policy(value["policy"], path, value.line_of("policy"), known, str(ident), weights)
                by_line[str(ident)] = Policy(w, own + decisions)
    equivalents: dict[str, tuple[str, ...]] = {}
    cites = data.get("citations")
    if cites is not None:
        if not isinstance(cites, PosDict):
            raise StandardsError("citations 必须是“条款 id: [别的热线规范中的相应条款 id]”的映射", path=path,
                                 line=data.line_of("citations"))
        for key, value in cites.items():
            items = list(value) if isinstance(value, PosList) else None
            clause_id = str(key).rpartition(":")[2]  # "HLD002:000-yingda-5": that rule's citation only
            if clause_id not in known or items is None or any(v not in known for v in items):
                raise StandardsError(f"citations 的 {key!r}：条款 id 必须都在 clauses.yaml 里，值为列表",
                                     path=path, line=cites.line_of(key))
            equivalents[str(key)] = tuple(str(v) for v in items)
    return _Table(default, by_line, equivalents)


def policy_for(profile_id: str, root: Path | None = None) -> Policy:
    """The weight policy of a hotline profile (its own decisions first, then every line's)."""
    table = _table(root or standards_dir())
    return table.by_line.get(profile_id, table.default)


def citation_equivalents(root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Clause id (or ``RULE:clause id``) → the corresponding clauses of the other lines' standards."""
    return _table(root or standards_dir()).equivalents
