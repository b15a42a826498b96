"""The pure seeded stepper that plays the caller (see :mod:`simulator.engine.engine`)."""

from simulator.engine import actions, events
from simulator.engine.engine import Engine
from simulator.engine.matching import Matcher
from simulator.engine.record import ENGINE_VERSION, FORMAT, record_json
from simulator.engine.state import EngineState, match_context
from simulator.engine.timing import DEFAULT_TIMING, CallerTiming

__all__ = [
    "DEFAULT_TIMING",
    "ENGINE_VERSION",
    "FORMAT",
    "CallerTiming",
    "Engine",
    "EngineState",
    "Matcher",
    "actions",
    "events",
    "match_context",
    "record_json",
]
