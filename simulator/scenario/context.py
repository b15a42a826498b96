"""What the checks compare scenario files against: the act library and the voice personas.

``None`` for either means "not available, skip that check" (tests pass explicit contexts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.personas import Persona


@dataclass(frozen=True, slots=True)
class CheckContext:
    act_ids: frozenset[str] | None = None
    personas: Mapping[str, Persona] | None = None
    clause_ids: frozenset[str] | None = None  # grading/standards/clauses.yaml; None: skip the check

    @classmethod
    def with_ids(cls, act_ids: frozenset[str] | None, persona_ids: frozenset[str] | None) -> CheckContext:
        personas = None if persona_ids is None else {p: Persona(p) for p in persona_ids}
        return cls(act_ids, personas)


def default_context() -> CheckContext:
    """The installed act library (``grading/standards/acts.yaml``) and ``voices/personas.yaml``.

    A persona file that does not exist yet disables the persona check; a malformed one raises
    :class:`simulator.personas.PersonaError`, a malformed act library its ``StandardsError``.
    """
    from simulator.personas import load_personas
    from simulator.phrases.acts import act_ids

    personas = load_personas()
    return CheckContext(act_ids(), personas or None, _clause_ids())


def _clause_ids() -> frozenset[str] | None:
    """The clause ids of ``clauses.yaml`` (what a failure ending's ``fail.clause`` may name)."""
    from grading.data import clauses

    return frozenset(clauses())


def tolerant_context() -> tuple[CheckContext, list[str]]:
    """Like :func:`default_context`, but a broken act library or persona file only disables its
    check; the returned messages say what was skipped (the linter prints them as warnings)."""
    from simulator.errors import HotlineError
    from simulator.personas import load_personas
    from simulator.phrases.acts import act_ids

    notes = []
    acts: frozenset[str] | None = None
    personas: Mapping[str, Persona] | None = None
    try:
        acts = act_ids()
    except HotlineError as exc:
        notes.append(f"话语行为库无法读取，本次不检查 act：{exc.message}")
    try:
        personas = load_personas() or None
    except HotlineError as exc:
        notes.append(f"声音角色表无法读取，本次不检查 persona：{exc.message}")
    clause_ids: frozenset[str] | None = None
    try:
        clause_ids = _clause_ids()
    except HotlineError as exc:
        notes.append(f"条款表无法读取，本次不检查 fail 的条款：{exc.message}")
    return CheckContext(acts, personas, clause_ids), notes
