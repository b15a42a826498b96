"""What the operator is expected to say next, for biasing recognisers and deciding turns early.

:func:`hints_at` reads a node of the scenario (:func:`hints_for`: the engine's current one): the
acts named by its ``act`` transitions, and their phrases from the act library (placeholders filled
with this call's hotline, departments and phones). The call runtime hands the result to the ear as
plain data. Whisper gets them as ``hotwords`` / ``initial_prompt``; :meth:`Hints.decides` tells the
turn assembler that the words so far already fire one of those transitions, so the turn can be
closed after a short pause instead of the full trailing silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from simulator.phrases.types import EMPTY_CONTEXT, MatchContext

if TYPE_CHECKING:
    from simulator.engine import Engine
    from simulator.scenario.model import Node, Scenario

MAX_PHRASES = 24
MAX_HOTWORD_CHARS = 160  # whisper's prompt budget is ~220 tokens; keep well inside it


@dataclass(frozen=True)
class Hints:
    acts: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    ctx: MatchContext = EMPTY_CONTEXT
    node: Node | None = field(default=None, compare=False)
    mood: str = ""
    words: tuple[str, ...] = ()  # the call's own words: the line's names, departments, phones
    lines: tuple[str, ...] = ()  # what the caller may say in this call (the scenario's lines)

    def hotwords(self, call_words: bool = False) -> str | None:
        """The node's expected phrases (with ``call_words``: the call's words first — the line's
        names, departments, phones), within whisper's prompt budget. Not used by the app: as
        hotwords they raised whisper base's CER; the app prompts with :meth:`names` only
        (benchmarks/asr_bias_bench.py)."""
        out: list[str] = []
        size = 0
        for p in (*(self.words if call_words else ()), *self.phrases):
            if p in out:
                continue
            if size + len(p) > MAX_HOTWORD_CHARS:
                break
            out.append(p)
            size += len(p) + 1
        return " ".join(out) or None

    def prompt(self, call_words: bool = False) -> str | None:
        """A short Simplified-Chinese prompt: nudges whisper toward Simplified output and these words."""
        words = self.hotwords(call_words)
        return f"以下是普通话热线电话的录音。{words.replace(' ', '，')}。" if words else None

    def names(self) -> str | None:
        """A short ``initial_prompt``: only the line's name and its directory's names (no phrases,
        no phones) — whisper then writes those names as the call does, and in Simplified
        Chinese, without being pulled toward whole sentences the operator may not say."""
        names = list(dict.fromkeys((*self.ctx.hotline_names[:1], *self.ctx.departments[:8])))
        return "，".join(names) + "。" if names else None

    def lexicon(self) -> dict[str, str]:
        """The call's vocabulary by sound (:func:`simulator.hearing.vocabulary.call_lexicon`)."""
        from simulator.hearing.vocabulary import call_lexicon

        return call_lexicon(self.ctx, self.lines) if self.ctx.hotline_names or self.lines else {}

    def decides(self, text: str, matcher: Any = None) -> bool:
        """True when ``text`` would fire one of the node's ``act`` transitions (not ``otherwise``)."""
        if not text or self.node is None or not self.acts:
            return False
        from simulator.engine import rules

        if matcher is None:
            from simulator.phrases import default_matcher

            matcher = default_matcher()
        found = {h.act for h in matcher.detect(text, self.ctx)}
        tr = rules.for_utterance(self.node, found, self.mood, rules.said_in(text, matcher))
        return tr is not None and tr.kind in ("act", "said")


NO_HINTS = Hints()


def fill(phrase: str, ctx: MatchContext) -> list[str]:
    """A library phrase with its placeholders filled (first value of each), or [] if one has none."""
    out = phrase
    for key, values in (("{hotline}", ctx.hotline_names), ("{department}", ctx.departments),
                        ("{phone}", ctx.phones)):
        if key in out:
            if not values:
                return []
            out = out.replace(key, values[0])
    return [out]


def hints_for(engine: Engine) -> Hints:
    """The hints at the engine's current node (no hints before the answer or after the end)."""
    state = engine.state
    if state.node is None or state.ended:
        return NO_HINTS
    return hints_at(engine.scenario, state.node, state.mood)


def hints_at(scenario: Scenario, node_id: str, mood: str) -> Hints:
    """The hints at node ``node_id`` of ``scenario`` with the caller in ``mood`` — plain data the
    call runtime hands to the ear (the ear never sees the engine)."""
    from simulator.engine import match_context
    from simulator.phrases.acts import load_acts

    node = scenario.node(node_id)
    acts: list[str] = []
    for tr in node.transitions:
        if tr.kind == "act":
            acts += [a for a in (*tr.any_acts, *tr.all_acts) if a not in acts and a != "forbidden"]
    ctx = match_context(scenario.hotline)
    library = load_acts().acts
    phrases: list[str] = []
    for act_id in acts:
        act = library.get(act_id)
        for p in act.phrases[:4] if act else ():
            phrases += [x for x in fill(p, ctx) if x not in phrases]
    return Hints(tuple(acts), tuple(phrases[:MAX_PHRASES]), ctx, node, mood, call_words(ctx),
                 caller_lines(scenario))


def caller_lines(scenario: Any) -> tuple[str, ...]:
    """Every line the caller may say in ``scenario``: the operator often takes up their words."""
    out: dict[str, None] = {}
    for node in scenario.nodes.values():
        for text in (*node.say, *node.unclear, *(t for tr in node.transitions for t in tr.say)):
            out[text] = None
    return tuple(out)


def call_words(ctx: MatchContext) -> tuple[str, ...]:
    """The words a call on this line is likely to contain and a recogniser is likely to miss: the
    line's names, its directory's departments and phone numbers (longest name first)."""
    names = sorted(ctx.hotline_names, key=len, reverse=True)[:2]
    return tuple(dict.fromkeys((*names, *ctx.departments[:6], *ctx.phones[:6])))
