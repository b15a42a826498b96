"""The scenario data model: what a loaded scenario file becomes.

Every object keeps the ``Pos`` (file, 1-based line and column) of the YAML node it came from, so
the linter, the engine's errors and the trainer tools can point at ``file:line:col``.
The YAML format itself is specified in :mod:`simulator.scenario.loader`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

OUTCOMES = ("resolved", "caller_hung_up", "operator_hung_up", "transferred", "abandoned")
Outcome = Literal["resolved", "caller_hung_up", "operator_hung_up", "transferred", "abandoned"]

# The caller's mood ladder, calmest first. The engine moves along it; voices map it to prosody.
MOODS = ("calm", "anxious", "impatient", "angry", "furious")
Mood = Literal["calm", "anxious", "impatient", "angry", "furious"]

TransitionKind = Literal[
    "act", "said", "otherwise", "silence", "held", "hold", "unhold", "transfer", "hangup"
]
NoiseLevel = Literal["none", "light", "heavy", "speakerphone"]


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NOWHERE = Pos("<none>", 0, 0)


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """A department the operator may refer callers to, with its phone number."""

    name: str
    phone: str
    note: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Hotline:
    name: str
    aliases: tuple[str, ...] = ()
    directory: tuple[DirectoryEntry, ...] = ()
    pos: Pos = NOWHERE

    def entry(self, name: str) -> DirectoryEntry | None:
        for e in self.directory:
            if e.name == name:
                return e
        return None


@dataclass(frozen=True, slots=True)
class Caller:
    persona: str
    sex: Literal["female", "male"]
    age: Literal["child", "young", "adult", "elder"]
    language: str  # "mandarin", "cantonese", "northeastern", "shaanxi", "taiwanese", "english", …
    mood: Mood = "calm"
    name: str = ""
    # The caller's line: "phone" (8 kHz, 300–3400 Hz) or "none"; None = the global setting.
    effect: Literal["phone", "none"] | None = None
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class MoodCondition:
    """``when_mood: ">= angry"`` — compare the current mood's rank on :data:`MOODS`."""

    op: Literal["<", "<=", "==", ">=", ">"]
    mood: Mood

    def holds(self, current: str) -> bool:
        a, b = MOODS.index(current), MOODS.index(self.mood)
        return {"<": a < b, "<=": a <= b, "==": a == b, ">=": a >= b, ">": a > b}[self.op]


@dataclass(frozen=True, slots=True)
class Transition:
    """One way out of a node.

    ``kind`` decides what triggers it:
    - ``act``: the trainee said something matching any of ``any_acts`` and all of ``all_acts``;
    - ``said``: the trainee's words contain one of ``phrases`` (the one matcher, strictly: a number,
      a time, a name the caller may now repeat) and all of ``all_acts``;
    - ``otherwise``: the trainee said something no ``act`` transition of the node matched;
    - ``silence``: the trainee stayed silent ``seconds`` after the caller's line (not on hold);
    - ``held``: the caller has been on hold ``seconds``;
    - ``hold`` / ``unhold``: the operator put the caller on hold / took them off it;
    - ``transfer``: the operator transferred to ``target`` (``*`` = any target);
    - ``hangup``: the operator hung up.
    ``mood`` is a mood change (steps on the ladder, + is angrier) applied when it fires;
    ``say`` is an optional caller line spoken as it fires (before the target node's own line).
    ``stay`` (utterance triggers only): the caller says ``say`` and keeps waiting at the same node
    without entering it again (``goto`` is then the node's own id) — a protest at 禁语 or arguing
    that does not derail the call; with ``when_mood`` a repeated one can end it.
    """

    kind: TransitionKind
    goto: str
    any_acts: tuple[str, ...] = ()
    all_acts: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    seconds: float | None = None
    target: str | None = None
    when_mood: MoodCondition | None = None
    mood: int = 0
    say: tuple[str, ...] = ()
    pos: Pos = NOWHERE
    goto_pos: Pos = NOWHERE
    inherited: bool = False  # appended from the scenario's ``defaults.on``
    stay: bool = False


@dataclass(frozen=True, slots=True)
class FailReason:
    """Why a failure ending (``success: false``) is a failure: what grading reports as a finding.

    ``note`` is the trainee-facing reason (Chinese), ``clause`` a clause id of
    ``grading/standards/clauses.yaml`` the ending breaches, ``category`` the report category the
    finding counts under (``opening`` … ``transfer``; empty = the scenario's first rule family).
    """

    note: str
    clause: str = ""
    category: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Node:
    """A state of the caller.

    A node says one of ``say`` (variants, picked by the engine's seeded RNG; empty = silent),
    optionally sets the caller's ``mood``, then either goes straight on to ``next`` (a caller who
    says two things in a row), ends the call (``end`` set: a terminal node), or waits for the
    trainee and follows the first matching ``transitions`` entry.
    """

    id: str
    say: tuple[str, ...] = ()
    mood: Mood | None = None
    silent: bool = False  # the caller deliberately says nothing (silent caller)
    noise: NoiseLevel = "none"  # line noise / speakerphone at this node
    talks_over: bool = False  # the caller starts speaking before the operator has finished
    barge_in: Literal["cut", "continue"] = "continue"  # what the caller's line does when talked over
    unclear: tuple[str, ...] = ()  # what the caller says when the trainee's reply matched nothing
    transitions: tuple[Transition, ...] = ()
    next: str | None = None
    end: Outcome | None = None
    success: bool | None = None
    fail: FailReason | None = None  # terminal failure nodes: why it is a failure (for grading)
    pos: Pos = NOWHERE
    next_pos: Pos = NOWHERE

    @property
    def terminal(self) -> bool:
        return self.end is not None

    @property
    def waiting(self) -> bool:
        """A node that waits for the trainee (neither terminal nor a pass-through)."""
        return self.end is None and self.next is None


@dataclass(frozen=True, slots=True)
class Playthrough:
    """A golden playthrough: a scripted trainee and what must happen."""

    name: str
    script: str  # the ``hotline play --script`` format, one action a line
    outcome: Outcome
    success: bool
    path: tuple[str, ...] = ()  # expected node ids in order (may be a prefix check: see engine tests)
    seed: int = 0
    final_mood: Mood | None = None
    pos: Pos = NOWHERE
    # The expected grade, where the playthrough states it: whether the call passes, and rule codes
    # (OPN001) or report categories (opening) the report must / must not name.
    passed: bool | None = None
    must_flag: tuple[str, ...] = ()
    must_not_flag: tuple[str, ...] = ()
    script_pos: Pos = NOWHERE  # line k of a ``script: |`` block is file line script_pos.line + k


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    difficulty: int  # 1 (easy) … 5 (hard)
    tags: tuple[str, ...]
    brief: str
    notes: str
    hotline: Hotline
    caller: Caller
    start: str
    nodes: dict[str, Node]
    clauses: tuple[str, ...] = ()  # seed clauses exercised, e.g. "000 服务应答规范 3"
    # Scenario rule families grading applies to calls of this scenario (contract categories):
    # silent, misroute, complaint, harassment, dialect, privacy, transfer.
    grading: tuple[str, ...] = ()
    mood_rules: dict[str, int] = field(default_factory=dict)  # act id -> mood change
    playthroughs: tuple[Playthrough, ...] = ()
    source: str = ""  # the file it was loaded from
    pos: Pos = NOWHERE
    id_pos: Pos = NOWHERE  # where the ``id`` value is written
    # sha256 (first 16 hex digits) of the file's text: which version of the scenario a call used.
    version: str = ""

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]
