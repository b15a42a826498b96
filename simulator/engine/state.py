"""The engine's state: the public :class:`EngineState` snapshot and the mutable call state."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.phrases.types import MatchContext
from simulator.scenario.model import Hotline, Node


@dataclass(frozen=True, slots=True)
class EngineState:
    """A snapshot: current time, node, mood, hold, and how the call ended (once it did)."""

    t: float
    node: str | None
    mood: str
    answered: bool
    held: bool
    ended: bool
    outcome: str | None
    success: bool | None
    path: tuple[str, ...]


@dataclass(slots=True)
class Line:
    """A caller line already said: where it sits in the record and when it plays."""

    index: int
    t: float
    end: float
    node: str


@dataclass(slots=True)
class Cue:
    """Where the caller's next line may start while one reaction is being spoken."""

    t: float
    talk_over: tuple[float, float] | None = None  # (start, end) of the operator utterance talked over
    audible: bool = True  # False after the operator hung up / transferred: nothing is said
    last_end: float | None = None


@dataclass(slots=True)
class Call:
    mood: str
    now: float = 0.0
    started: bool = False
    answered: bool = False
    held: bool = False
    hold_start: float = 0.0
    node: Node | None = None
    entered_at: float = 0.0
    caller_end: float = 0.0
    op_end: float = 0.0
    unheld_at: float = 0.0
    ended: bool = False
    outcome: str | None = None
    success: bool | None = None
    path: list[str] = field(default_factory=list)
    pending: list[tuple[str, str]] = field(default_factory=list)  # lines said on hold: (text, node)
    lines: dict[int, Line] = field(default_factory=dict)

    def snapshot(self) -> EngineState:
        return EngineState(t=self.now, node=self.node.id if self.node else None, mood=self.mood,
                           answered=self.answered, held=self.held, ended=self.ended,
                           outcome=self.outcome, success=self.success, path=tuple(self.path))

    def quiet_since(self) -> float:
        """Silence timeouts count from here."""
        return max(self.caller_end, self.op_end, self.entered_at, self.unheld_at)


def match_context(hotline: Hotline) -> MatchContext:
    """The phrase matcher's context for calls to ``hotline``."""
    return MatchContext(
        hotline_names=(hotline.name, *hotline.aliases),
        departments=tuple(e.name for e in hotline.directory),
        phones=tuple(e.phone for e in hotline.directory),
    )
