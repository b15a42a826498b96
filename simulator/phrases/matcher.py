"""The ONE phrase matcher: which speech acts (and which 禁语) an operator utterance contains.

Used by the engine on every turn and by grading on every operator turn, so everything is cached:
normalisation and pinyin per text, compiled phrases per library (and per context for phrases
with placeholders), and detect results per (text, context, threshold).

A phrase hits when :func:`score` ≥ the threshold (default 80; see :mod:`simulator.phrases.align`
for what that tolerates). A pattern (regular expression over the normalised text) hits with
score 100. A :class:`ForbiddenEntry` with ``standalone`` only hits when the rest of the utterance
is at most :data:`STANDALONE_SLACK` non-particle characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Protocol

from simulator.phrases.align import Alignment, Compiled, align, compile_phrase, max_hard_errors
from simulator.phrases.library import Unit, build_units
from simulator.phrases.normalize import Normalised, normalise_map
from simulator.phrases.pinyin import Syllables, syllables
from simulator.phrases.types import EMPTY_CONTEXT, Act, Hit, MatchContext

__all__ = ["DEFAULT_THRESHOLD", "STANDALONE_SLACK", "PhraseMatcher", "default_matcher", "score"]

DEFAULT_THRESHOLD = 80.0
MIN_THRESHOLD = 50.0  # below this, short phrases with a wrong syllable would match
STANDALONE_SLACK = 2


class LibraryLike(Protocol):
    @property
    def acts(self) -> dict[str, Act]: ...


def _best(c: Compiled, norm: Normalised, syl: Syllables, threshold: float | None) -> Alignment | None:
    """Where ``c`` occurs in the text; None if it cannot reach ``threshold`` (None: no limit)."""
    if not c.norm:
        return None
    k = norm.text.find(c.norm)
    if k >= 0:
        return Alignment(100.0, k, k + len(c.norm))
    if threshold is not None:
        allowed = max_hard_errors(c, threshold)
        tokens, chars, missing = syl.token_set, syl.chars, 0
        ptok, pchars = c.syl.tokens, c.norm
        for i in c.hard:
            if ptok[i] not in tokens and pchars[i] not in chars:
                missing += 1
                if missing > allowed:
                    return None
    found = align(c, syl)
    if threshold is not None and found.score < threshold:
        return None
    return found


def score(text: str, phrase: str) -> float:
    """0–100: how well ``phrase`` occurs inside ``text`` (100 = exact characters)."""
    c = compile_phrase(phrase)
    norm = normalise_map(text)
    found = _best(c, norm, syllables(norm.text), None)
    return found.score if found else 0.0


def _standalone_ok(norm: Normalised, syl: Syllables, start: int, end: int) -> bool:
    rest = sum(1 for k, p in enumerate(syl.particle) if not p and not start <= k < end)
    return rest <= STANDALONE_SLACK


class PhraseMatcher:
    """Finds speech acts in operator utterances.

    ``library`` is anything with ``.acts: dict[str, Act]`` (the act library) or an iterable of
    :class:`Act`; None loads the standards data (:func:`simulator.phrases.acts.load_acts`).
    """

    def __init__(
        self,
        library: LibraryLike | Iterable[Act] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        cache_size: int = 1 << 16,
    ) -> None:
        if library is None:
            from simulator.phrases.acts import load_acts

            library = load_acts()
        acts = library.acts.values() if hasattr(library, "acts") else library
        self.acts: dict[str, Act] = {act.id: act for act in acts}
        self.threshold = self._check(threshold)
        self._units = lru_cache(maxsize=256)(self._build_units)
        self._detect = lru_cache(maxsize=cache_size)(self._detect_uncached)

    @staticmethod
    def _check(threshold: float) -> float:
        if not MIN_THRESHOLD < threshold <= 100:
            raise ValueError(f"threshold must be in ({MIN_THRESHOLD:g}, 100], not {threshold!r}")
        return float(threshold)

    def _build_units(self, ctx: MatchContext) -> tuple[Unit, ...]:
        return build_units(self.acts.values(), ctx)

    def detect(
        self, text: str, ctx: MatchContext = EMPTY_CONTEXT, threshold: float | None = None
    ) -> tuple[Hit, ...]:
        """Every act found in ``text``: its best hit, and one hit per matched 禁语 entry."""
        thr = self.threshold if threshold is None else self._check(threshold)
        return self._detect(text, ctx, thr)

    def find(
        self, text: str, act_id: str, ctx: MatchContext = EMPTY_CONTEXT, threshold: float | None = None
    ) -> Hit | None:
        """The best hit of one act in ``text`` (the best 禁语 entry for ``forbidden``), or None."""
        if act_id not in self.acts:
            raise KeyError(f"unknown act {act_id!r}; known: {', '.join(sorted(self.acts))}")
        found = [h for h in self.detect(text, ctx, threshold) if h.act == act_id]
        return max(found, key=lambda h: h.score) if found else None

    def score(self, text: str, phrase: str) -> float:
        """0–100: how well ``phrase`` occurs inside ``text``."""
        return score(text, phrase)

    def cache_clear(self) -> None:
        self._detect.cache_clear()
        self._units.cache_clear()

    def cache_info(self) -> object:
        return self._detect.cache_info()

    def _detect_uncached(self, text: str, ctx: MatchContext, threshold: float) -> tuple[Hit, ...]:
        norm = normalise_map(text)
        if not norm.text:
            return ()
        syl = syllables(norm.text)
        hits: list[Hit] = []
        for unit in self._units(ctx):
            best: Hit | None = None
            for source, rx in unit.patterns:
                m = rx.search(norm.text)
                if m and m.end() > m.start():
                    if unit.standalone and not _standalone_ok(norm, syl, m.start(), m.end()):
                        continue
                    best = Hit(unit.act, 100.0, source, norm.quote(m.start(), m.end()), unit.entry)
                    break
            if best is None:
                for c in unit.phrases:
                    found = _best(c, norm, syl, threshold)
                    if found is None or (best is not None and found.score <= best.score):
                        continue
                    if unit.standalone and not _standalone_ok(norm, syl, found.start, found.end):
                        continue
                    quote = norm.quote(found.start, found.end)
                    best = Hit(unit.act, found.score, c.phrase, quote, unit.entry)
                    if found.score >= 100.0:
                        break
            if best is not None:
                hits.append(best)
        return tuple(hits)


@cache
def default_matcher() -> PhraseMatcher:
    """The process-wide matcher over the standards data (built once)."""
    return PhraseMatcher()

