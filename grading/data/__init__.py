"""The standards data (``grading/standards/*.yaml``) as typed, cached, cross-checked objects.

Trainers edit the YAML files (each starts with a Chinese header explaining its fields); this module
only reads them. Every clause id referenced anywhere (acts, 禁语, situations, profiles, word lists)
must exist in ``clauses.yaml``; act and 禁语 ids referenced by situations must exist too; every
clause's seed file has a Chinese name in ``documents:`` (reports name the standard, not the file)
and no two clauses share a citation. Problems raise :class:`StandardsError` naming ``file:line``.

>>> from grading.data import clauses, documents, forbidden, profile_for
>>> clauses()["000-jinyu-9"].citation
'000_423174f9e1f791de.txt 服务禁语(九)'
>>> profile_for("12320").name
'12320卫生热线'
>>> documents()["002_1dcf54697941c951.txt"]
'江苏省12320咨询服务工作规范（试行）'

The act library itself is :func:`simulator.phrases.acts.load_acts`; :func:`forbidden` returns the
same entries as its ``forbidden`` act. One module per data file: :mod:`~grading.data.clause_data`,
:mod:`~grading.data.forbidden_data`, :mod:`~grading.data.situation_data`,
:mod:`~grading.data.profile_data`, :mod:`~grading.data.courtesy_data`; the line-aware YAML reader
they share with the act library is :mod:`simulator.phrases.yamlpos` / :mod:`simulator.phrases.fields`.
"""

from __future__ import annotations

from pathlib import Path

from grading.data.clause_data import (
    Clause,
    _clause_file,
    _clauses,
    clause,
    clause_by_citation,
    clauses,
    documents,
)
from grading.data.courtesy_data import Courtesy, WordList, _courtesy, courtesy
from grading.data.forbidden_data import _forbidden_by_id, forbidden, forbidden_by_id
from grading.data.policy_data import Decision, Policy, citation_equivalents, policy_for
from grading.data.policy_data import _table as _policy_table
from grading.data.profile_data import Profile, _profiles, profile_for, profiles
from grading.data.situation_data import Situation, SituationPhrase, _situations, situations
from simulator.paths import standards_dir
from simulator.phrases import acts as _acts
from simulator.phrases.yamlpos import StandardsError

__all__ = [
    "Clause",
    "Courtesy",
    "Decision",
    "Policy",
    "Profile",
    "Situation",
    "SituationPhrase",
    "StandardsError",
    "WordList",
    "citation_equivalents",
    "clause",
    "clause_by_citation",
    "clauses",
    "clear_cache",
    "courtesy",
    "documents",
    "forbidden",
    "forbidden_by_id",
    "policy_for",
    "profile_for",
    "profiles",
    "situations",
    "validate_all",
]


def validate_all(root: Path | None = None) -> None:
    """Load every standards file (raises :class:`StandardsError` on the first problem)."""
    base = root or standards_dir()
    _clauses(base)
    _acts.load_acts(base)
    _situations(base)
    _profiles(base)
    _policy_table(base)
    _courtesy(base)


def clear_cache() -> None:
    """Forget everything loaded (after editing the files in a running process)."""
    _acts.clear_cache()
    for fn in (_clause_file, _forbidden_by_id, _situations, _profiles, _policy_table, _courtesy):
        fn.cache_clear()
