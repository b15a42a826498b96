"""The ONE phrase matcher: which speech acts (and which 禁语) an operator utterance contains.

Used by the engine on every turn and by grading on every operator turn, so everything is cached:
normalisation and pinyin per text, compiled phrases per library (and per context for phrases
with placeholders), detect results per (text, context, threshold) and score results per
(text, phrase).

A phrase hits when :func:`score` ≥ the threshold (default 80; see :mod:`simulator.phrases.align`
for what that tolerates). A pattern (regular expression over the normalised text) hits with
score 100. A :class:`ForbiddenEntry` with ``standalone`` only hits when the rest of the utterance
is at most :data:`STANDALONE_SLACK` hard characters (its ``patterns_anywhere`` hit anywhere).
Weaker hits explained by a near-exact hit of another act on the same words are dropped (see
:mod:`simulator.phrases.search`). When no 禁语 entry matched, the learned kind detector
(:mod:`simulator.phrases.kindmodel`) may add one ``forbidden`` hit (score 90) naming the kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from typing import Protocol

from simulator.phrases.align import compile_phrase
from simulator.phrases.index import Catalogue, catalogue, mask_test, members
from simulator.phrases.kindmodel import LEARNED_SCORE, learned_hit, model_entries
from simulator.phrases.library import Unit, build_units
from simulator.phrases.normalize import normalise_map
from simulator.phrases.pinyin import chars_mask, homophone_key, syllables
from simulator.phrases.search import LAZY, STANDALONE_SLACK, score, search, unit_hit
from simulator.phrases.types import EMPTY_CONTEXT, Act, Hit, MatchContext

__all__ = ["DEFAULT_THRESHOLD", "STANDALONE_SLACK", "PhraseMatcher", "default_matcher", "score"]

DEFAULT_THRESHOLD = 80.0
MIN_THRESHOLD = 50.0  # below this, short phrases with a wrong syllable would match


class LibraryLike(Protocol):
    @property
    def acts(self) -> dict[str, Act]: ...


class PhraseMatcher:
    """Finds speech acts in operator utterances.

    ``library`` is anything with ``.acts: dict[str, Act]`` (the act library), a mapping of id to
    :class:`Act`, or an iterable of acts; None loads the standards data
    (:func:`simulator.phrases.acts.load_acts`).
    """

    def __init__(
        self,
        library: LibraryLike | Mapping[str, Act] | Iterable[Act] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        cache_size: int = 1 << 16,
    ) -> None:
        if library is None:
            from simulator.phrases.acts import load_acts

            library = load_acts()
        if hasattr(library, "acts"):
            library = library.acts
        acts = library.values() if isinstance(library, Mapping) else library
        self.acts: dict[str, Act] = {act.id: act for act in acts}
        self.threshold = self._check(threshold)
        forbidden = self.acts.get("forbidden")
        self._kind_entries = model_entries(forbidden.forbidden if forbidden is not None else ())
        self._units = lru_cache(maxsize=256)(self._build_units)
        self._detect = lru_cache(maxsize=cache_size)(self._detect_uncached)
        # Rules score every caller turn against cue lists: (text, phrase) pairs repeat across calls.
        self._score = lru_cache(maxsize=cache_size * 2)(score)
        self._quick = lru_cache(maxsize=4096)(_quick)
        self._act_units: dict[tuple[MatchContext, str], tuple[Unit, ...]] = {}
        # (context, act, threshold) → the mask tests of the act's phrases, its patterns' homophone forms
        self._act_tests: dict[tuple[MatchContext, str, float], tuple[tuple[tuple[int, int], ...],
                                                                      tuple[re.Pattern[str], ...]]] = {}
        self._cue_tests: dict[tuple[tuple[str, ...], float], _CueFilter] = {}

    @staticmethod
    def _check(threshold: float) -> float:
        if not MIN_THRESHOLD < threshold <= 100:
            raise ValueError(f"threshold must be in ({MIN_THRESHOLD:g}, 100], not {threshold!r}")
        return float(threshold)

    def _build_units(self, ctx: MatchContext) -> Catalogue:
        return catalogue(build_units(self.acts.values(), ctx), self.threshold)

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
        thr = self.threshold if threshold is None else self._check(threshold)
        if act_id != "forbidden" and not self._may_hit(text, act_id, ctx, thr):
            return None  # (most caller lines asked about 谢谢 or 再见 have neither: no full detect)
        found = [h for h in self._detect(text, ctx, thr) if h.act == act_id]
        return max(found, key=lambda h: h.score) if found else None

    def _may_hit(self, text: str, act_id: str, ctx: MatchContext, threshold: float) -> bool:
        """Does the unit of ``act_id`` hit in ``text`` on its own? :meth:`detect` keeps a hit of
        the act only where its unit hits (the same unit search, with the same phrases and patterns:
        the index only leaves out phrases that cannot reach the threshold), so no means no hit."""
        units = self._act_units.get((ctx, act_id))
        if units is None:
            units = tuple(u for u in self._units(ctx).units if u.act == act_id)
            if len(self._act_units) < 4096:
                self._act_units[(ctx, act_id)] = units
        norm = normalise_map(text)
        if not norm.text:
            return False
        if not self._may_reach(units, norm.text, ctx, act_id, threshold):
            return False  # (without the text's pinyin: most caller lines have no 谢谢 at all)
        syl = syllables(norm.text)
        return any(unit_hit(u, u.phrases, norm, syl, threshold, LAZY) is not None for u in units)

    def _may_reach(self, units: tuple[Unit, ...], chars: str, ctx: MatchContext, act_id: str,
                   threshold: float) -> bool:
        """Can any phrase or pattern of ``units`` hit in the normalised text ``chars``? The mask
        test of each phrase against the readings of the text's characters (:func:`_text_mask`, as
        :meth:`first` does for cue lists) and each pattern's homophone form against the text's
        homophone key: the cheap necessary conditions the unit search applies, without pinyin."""
        tests = self._act_tests.get((ctx, act_id, threshold))
        if tests is None:
            keep = 1 - threshold / 100
            tests = (
                tuple(mask_test(c, keep) for u in units for c in u.phrases),
                tuple(rx_homophone for u in units for _, _, rx_homophone, _ in u.patterns),
            )
            if len(self._act_tests) < 4096:
                self._act_tests[(ctx, act_id, threshold)] = tests
        phrase_tests, patterns = tests
        lacking = ~chars_mask(chars)
        if any(bits < 0 or (bits & lacking).bit_count() <= allowed for bits, allowed in phrase_tests):
            return True
        if patterns:
            key = homophone_key(chars)
            return any(rx.search(key) is not None for rx in patterns)
        return False

    def score(self, text: str, phrase: str, threshold: float | None = None) -> float:
        """0–100: how well ``phrase`` occurs inside ``text`` (memoised per matcher).

        With ``threshold``, scores below it come back as 0 and hopeless texts are not aligned:
        use it for yes/no questions (“does the caller say 表扬?”).
        """
        if threshold is not None:
            bits, allowed = self._quick(phrase, threshold)
            if bits >= 0 and (bits & ~_text_mask(text)).bit_count() > allowed:
                return 0.0  # lacks more of the phrase's syllables than the threshold forgives
        return self._score(text, phrase, threshold)

    def first(self, text: str, phrases: Iterable[str], threshold: float) -> str | None:
        """The first of ``phrases`` that occurs in ``text`` with a score ≥ ``threshold``, or None:
        :meth:`score` for a list of cues, with the text's mask looked up once and the mask tests
        of all cues run at once (:class:`_CueFilter`)."""
        cues = phrases if isinstance(phrases, tuple) else tuple(phrases)
        flt = self._cue_tests.get((cues, threshold))
        if flt is None:  # a rule's cue list: its mask tests once per list and threshold
            flt = _CueFilter(tuple((phrase, *self._quick(phrase, threshold)) for phrase in cues))
            if len(self._cue_tests) < 4096:
                self._cue_tests[(cues, threshold)] = flt
        passing = flt.passing(_text_mask(text))
        while passing:
            low = passing & -passing
            passing ^= low
            phrase = cues[low.bit_length() - 1]
            if self._score(text, phrase, threshold) >= threshold:
                return phrase
        return None

    def cache_clear(self, *, compiled: bool = True) -> None:
        """Forget detect and score results (and, unless ``compiled=False``, the per-context
        compiled units)."""
        self._detect.cache_clear()
        self._score.cache_clear()
        _text_mask.cache_clear()
        if compiled:
            self._units.cache_clear()

    def cache_info(self) -> object:
        """The detect cache's statistics (``hits``, ``misses``, ``currsize`` …)."""
        return self._detect.cache_info()

    def score_cache_info(self) -> object:
        """The score cache's statistics."""
        return self._score.cache_info()

    def _detect_uncached(self, text: str, ctx: MatchContext, threshold: float) -> tuple[Hit, ...]:
        hits = search(self._units(ctx), text, threshold)
        if self._kind_entries and threshold <= LEARNED_SCORE:  # 禁语 in words no pattern knows
            learned = learned_hit(text, hits, self._kind_entries)
            if learned is not None:
                return (*hits, learned)
        return hits


class _CueFilter:
    """The mask tests of a list of cues (``(phrase, token bits, tokens it may lack)`` each, see
    :func:`_quick`) on all cues at once.

    A cue passes when the text lacks at most ``allowed`` of its hard tokens. Any ``allowed + 1``
    of them (the rarest in the list) are its *signature*: a text with none of those lacks too
    many. So only the cues whose signature meets the text's token mask get the exact count: most
    caller turns meet no signature of a cue list at all (one AND), and the others a few — the
    same cues as testing each one, in a handful of Python steps."""

    __slots__ = ("always", "by_bit", "signed", "tests")

    def __init__(self, tests: tuple[tuple[str, int, int], ...]) -> None:
        self.always = 0  # cues without a mask test, or that need nothing
        # the others: the bit of the cue → (hard-token bits, tokens it may lack)
        self.tests: dict[int, tuple[int, int]] = {}
        self.by_bit: dict[int, int] = {}  # a token bit → the cues with it in their signature
        self.signed = 0  # every signature's token bits
        frequency: dict[int, int] = {}  # how many of the list's cues have each token (by bit position)
        for _, bits, _ in tests:
            for pos in members(max(bits, 0)):
                frequency[pos] = frequency.get(pos, 0) + 1
        for k, (_, bits, allowed) in enumerate(tests):
            if bits < 0 or bits.bit_count() - allowed <= 0:
                self.always |= 1 << k
                continue
            self.tests[1 << k] = (bits, allowed)
            for pos in sorted(members(bits), key=lambda pos: (frequency[pos], pos))[: allowed + 1]:
                low = 1 << pos
                self.by_bit[low] = self.by_bit.get(low, 0) | 1 << k
                self.signed |= low

    def passing(self, mask: int) -> int:
        """The cues (a bit each, in list order) a text with this token mask can contain."""
        present = self.signed & mask
        if not present:
            return self.always
        by_bit = self.by_bit
        met = 0
        while present:
            low = present & -present
            present ^= low
            met |= by_bit[low]
        found = self.always
        lacking = ~mask
        tests = self.tests
        while met:
            bit = met & -met
            met ^= bit
            bits, allowed = tests[bit]
            if (bits & lacking).bit_count() <= allowed:
                found |= bit
        return found


def _quick(phrase: str, threshold: float) -> tuple[int, int]:
    """The mask test of ``phrase`` at ``threshold`` (see :mod:`simulator.phrases.index`)."""
    return mask_test(compile_phrase(phrase), 1 - threshold / 100)


@lru_cache(maxsize=1 << 16)
def _text_mask(text: str) -> int:
    # Without the pinyin of the text in context: most caller turns are checked against cue lists
    # and rejected here, and never need their syllables (the costliest step for a new sentence).
    return chars_mask(normalise_map(text).text)


@cache
def default_matcher() -> PhraseMatcher:
    """The process-wide matcher over the standards data (built once)."""
    return PhraseMatcher()
