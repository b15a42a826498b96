"""Shared data of the scenario tests: a fixed check context, independent of the data files."""

from __future__ import annotations

from pathlib import Path

from simulator.personas import Persona
from simulator.scenario.context import CheckContext

DATA = Path(__file__).resolve().parent.parent / "data"
SCENARIOS = DATA / "scenarios"
BROKEN = DATA / "broken"

# The act ids of docs/architecture.md and the persona ids the voices helper ships; the linter itself
# reads them from simulator.phrases.acts and voices/personas.yaml.
ACTS = frozenset(
    """greet self_identify offer_help apologise empathise soothe ask_repeat ask_slow prompt_silent
    silent_notice ask_speakerphone announce_lookup still_looking thank_waiting answer state_line refer
    offer_transfer record_problem give_time escalation_line anything_else thanks goodbye harassment_line
    privacy_refusal thank_feedback accept_praise ask_name ask_contact ask_details confirm
    interrupt_politely argue chat forbidden""".split()  # noqa: SIM905
)
PERSONAS = frozenset(
    """f-young-mandarin f-adult-mandarin f-elder-mandarin m-young-mandarin m-adult-mandarin
    m-elder-mandarin f-adult-cantonese m-elder-cantonese f-adult-northeastern f-adult-shaanxi
    f-young-taiwanese m-adult-english m-elder-yunnan""".split()  # noqa: SIM905
)
_SEX = {"f": "female", "m": "male"}
# f-adult-cantonese → female, adult, cantonese (the naming scheme of voices/personas.yaml)
CTX = CheckContext(
    ACTS,
    {p: Persona(p, sex=_SEX[p[0]], age=p.split("-")[1], language=p.split("-")[2]) for p in PERSONAS},
)
