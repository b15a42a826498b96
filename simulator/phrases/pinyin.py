"""Toneless pinyin of normalised text, and fuzzy syllable classes for homophone matching.

The pinyin of a whole text is computed in one ``pypinyin.lazy_pinyin`` call so that heteronyms
resolve in context (还不挂机 → hai, 长相 → zhang). Each syllable is then put in a *fuzzy class*
that merges what recognisers and southern accents confuse:

* initials zh/z, ch/c, sh/s, n/l;
* finals in/ing, en/eng, an/ang (also ian/iang, uan/uang);
* 您 (nin) is read as 你 (ni) already in the strict syllables: recognisers write either.

Each fuzzy class is represented by one private-use character (a *token*), so a text becomes a
short token string that ``str`` operations and sets work on. Characters without pinyin (Latin
letters, kana, rare characters) are their own class, distinct from every syllable.

A never-seen sentence is read from pieces read before: pypinyin's segmentation never crosses a
pair of characters no dictionary word contains, so a text is read chunk by chunk (cut there),
each chunk once per process; a text normalisation joined from pieces
(:func:`~simulator.phrases.normalize.pieces_of`) joins its pieces' readings (merged where a word
may span the cut), and its homophone key and mask are its pieces' joined.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache, reduce
from itertools import chain, compress, count
from typing import Any

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.seg.simpleseg import seg as _segment

from simulator.phrases import speedups
from simulator.phrases.normalize import cut_at, pair_list, pieces_of

__all__ = [
    "NEGATIONS",
    "PARTICLES",
    "PERSONS",
    "SOFT_WORDS",
    "Syllables",
    "chars_mask",
    "fuzzy_class",
    "syllables",
    "token",
]

# Sentence-final particles and fillers, and the plural 们 (我/我们 are the same service speaking):
# *soft words*, cheap to add or drop inside a match (see :mod:`simulator.phrases.align`).
PARTICLES = frozenset("啊呀吧嘛呢啦哦哇呗喽嘞噢嗯呃哎唉诶")
SOFT_WORDS = PARTICLES | {"们"}
# Negations: a match must agree on them (这事与我们无关 is not 这事与我们有关, 您别着急 not 您着急).
NEGATIONS = frozenset("不没无别未勿莫甭")
# Personal pronouns by person: a match must not swap them (这不是您的责任 is not 这不是我们的责任).
PERSONS = {"我": 1, "咱": 1, "你": 2, "您": 2, "他": 3, "她": 3, "它": 3}

_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))


@lru_cache(maxsize=4096)
def fuzzy_class(syllable: str) -> str:
    """The fuzzy class of a toneless syllable (``zhang`` → ``zan``, ``ning`` → ``lin``)."""
    if not syllable.isascii() or not syllable.isalpha() or syllable.startswith("#"):
        return syllable
    s = syllable
    for long, short in _INITIALS:
        if s.startswith(long) and len(s) > len(long) and s != "ng":
            s = short + s[len(long) :]
            break
    for long, short in _FINALS:
        if s.endswith(long):
            s = s[: -len(long)] + short
            break
    return s


_TOKENS: dict[str, str] = {}
_TOKENS_LOCK = threading.Lock()
_TOKEN_BASE = 0xF0000  # Supplementary Private Use Area-A: room for every syllable class
TOKEN_BASE = _TOKEN_BASE  # the token of bit k (see bit()) is chr(TOKEN_BASE + k)


def token(cls: str) -> str:
    """The one-character token of a fuzzy class (stable within a process)."""
    tok = _TOKENS.get(cls)
    if tok is None:
        with _TOKENS_LOCK:
            tok = _TOKENS.setdefault(cls, chr(_TOKEN_BASE + len(_TOKENS)))
    return tok


def bit(tok: str) -> int:
    """The bit of a token in a token mask (tokens are consecutive code points)."""
    return 1 << (ord(tok) - _TOKEN_BASE) if len(tok) == 1 and ord(tok) >= _TOKEN_BASE else 0


@lru_cache(maxsize=1 << 14)
def reading_tokens(ch: str) -> tuple[str, ...]:
    """The tokens of every reading ``ch`` can have (its heteronyms)."""
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors=_ERRORS)[0]
    else:
        readings = ["#" + ch]
    return tuple(dict.fromkeys(token(fuzzy_class(_STRICT.get(r, r))) for r in readings))


@lru_cache(maxsize=1 << 14)
def readings_mask(ch: str) -> int:
    """The token bits of every reading ``ch`` can have (its heteronyms), for the prefilter: a
    phrase syllable whose character is in a text has its token among these, whatever the text's
    context makes of the character."""
    mask = 0
    for tok in reading_tokens(ch):
        mask |= bit(tok)
    return mask


@dataclass(frozen=True, slots=True)
class Syllables:
    """The syllables of one normalised text, position by position."""

    chars: str  # the normalised text
    strict: tuple[str, ...]  # toneless pinyin per character ("#x" for a character without pinyin)
    tokens: str  # one fuzzy-class token per character
    particle: tuple[bool, ...]  # the character is a soft word (SOFT_WORDS)
    negation: tuple[bool, ...]  # the character is a negation (NEGATIONS)
    person: tuple[int, ...]  # 1, 2, 3 for a personal pronoun (PERSONS), else 0
    # Token bits of the text's syllables and of every reading of its characters (a superset of
    # what a match can use: the prefilter's necessary condition, see simulator.phrases.index).
    mask: int = 0
    # The index keys of the text (its tokens, characters and every reading token of its
    # characters: :func:`simulator.phrases.index.text_keys`); empty when not computed.
    keys: frozenset[str] = field(default=frozenset(), compare=False)
    # Token bits of the text's own syllables (``tokens``, read in context); 0 when not computed.
    token_mask: int = field(default=0, compare=False)

    def __len__(self) -> int:
        return len(self.chars)

    @property
    def token_set(self) -> frozenset[str]:
        """The distinct tokens (made when asked: most texts never need them)."""
        return _token_set(self.tokens)


@lru_cache(maxsize=1 << 12)
def _token_set(tokens: str) -> frozenset[str]:
    return frozenset(tokens)


def _no_pinyin(rest: str) -> list[str]:
    return ["#" + c for c in rest]


# pypinyin accepts a list from ``errors`` (one item per character); its stubs only say str.
_ERRORS: Any = _no_pinyin


@lru_cache(maxsize=1 << 15)
def _word_pinyin(word: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(word, errors=_ERRORS))


@lru_cache(maxsize=1)
def _bigrams() -> frozenset[str]:
    """Every pair of adjacent characters inside a word of pypinyin's phrase dictionary."""
    from pypinyin.constants import PHRASES_DICT

    return frozenset(w[i : i + 2] for w in PHRASES_DICT for i in range(len(w) - 1))


def _chunks(chars: str) -> list[str]:
    """``chars`` cut where no dictionary word can span the cut (the pair of characters there
    occurs in no word): pypinyin's segmentation never crosses such a cut, so each chunk reads the
    same alone as in the text."""
    pairs = _bigrams()
    # The pairs that do not cut, found without a Python step per character: usually few.
    joins = list(compress(count(1), map(pairs.__contains__, pair_list(chars))))
    if not joins:
        return list(chars)
    return cut_at(chars, joins)


@lru_cache(maxsize=1 << 15)
def _chunk_pinyin(chunk: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in _segment(chunk):
        out.extend(_word_pinyin(word))
    return tuple(out)


def _pinyin(chars: str) -> list[str]:
    # pypinyin segments the text into words (maximum forward matching over its phrase dictionary)
    # and reads each word on its own. The segmentation never crosses a pair of characters that no
    # dictionary word contains, so the text is cut there and each chunk (a word or two) is read
    # once per process: the same syllables as one lazy_pinyin call, at a fraction of the cost, as
    # the chunks of new sentences repeat.
    out: list[str] = []
    for chunk in _chunks(chars):
        out.extend(_chunk_pinyin(chunk))
    if len(out) == len(chars):
        return out
    # Defensive: pypinyin returned something not one-per-character; fall back to single characters.
    return [(lazy_pinyin(c, errors=_ERRORS) or ["#" + c])[0] for c in chars]


_STRICT = {"nin": "ni"}


# Numerals keep their own character in homophone keys: recognisers write numbers as digits, which
# normalisation turns into exactly these characters, so a homophone of one is another word —
# 医院 is not 一元 (an amount), 是 is not 四 or 十.
NUMERALS = frozenset("零一二三四五六七八九十百千万")


@lru_cache(maxsize=1 << 14)
def _char_key(ch: str) -> str:
    if not ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff") or ch in NUMERALS:
        return ch
    syl = _pinyin(ch)[0]
    return ch if syl.startswith("#") else token("=" + _STRICT.get(syl, syl))


class _KeyTable(dict[int, str]):
    """Each character's homophone-key character (:func:`_char_key`), filled on first use, as a
    ``str.translate`` table: a text is keyed in one C-level pass, new characters included."""

    def __missing__(self, code: int) -> str:
        key = _char_key(chr(code))
        if len(self) < 1 << 16:
            self[code] = key
        return key


_KEY_TABLE = _KeyTable()


@lru_cache(maxsize=1 << 16)
def homophone_key(text: str) -> str:
    """``text`` with every Chinese character replaced by a token of its (context-free) toneless
    syllable, other characters (and the :data:`NUMERALS`) kept: 咨寻 and 咨询 give the same key,
    医院 and 一元 do not.

    Regular expressions are made homophone-tolerant the same way (Chinese characters in a regular
    expression are always literals), see :mod:`simulator.phrases.library`.
    """
    pieces = pieces_of(text)
    if pieces is not None:  # (a character's key does not depend on its neighbours)
        return "".join(map(homophone_key, pieces))
    return text.translate(_KEY_TABLE)


@lru_cache(maxsize=1 << 16)
def syllables(chars: str) -> Syllables:
    """Pinyin, fuzzy tokens and particle flags of a normalised text."""
    pieces = pieces_of(chars)
    if pieces is None:
        reading = _reading(chars) if chars else None
    else:  # joined from pieces (see _groups): each piece's reading once per process
        parts = list(map(_reading, _groups(pieces)))
        reading = _join(parts) if None not in parts else None  # type: ignore[arg-type]  # (no None)
    if reading is not None:
        return _syllables_of(chars, reading)
    # empty, or pypinyin reads a chunk with other than one syllable per character
    strict = tuple(_STRICT.get(s, s) for s in _pinyin(chars)) if chars else ()
    tok_of = _SYLLABLE_TOKEN.get
    tokens = "".join([tok_of(s) or _syllable_token(s) for s in strict])
    particle, negation, person = _flags(chars)
    reading = (strict, tokens, _mask(chars, tokens), frozenset[str](), 0, particle, negation, person)
    return _syllables_of(chars, reading)


@lru_cache(maxsize=1 << 16)
def _reading(chars: str) -> _ChunkReading | None:
    """The reading of a normalised text, chunk by chunk (see _pinyin): each chunk's syllables,
    tokens, mask and keys once per process; a new sentence is mostly chunks seen before. None
    when pypinyin reads a chunk with other than one syllable per character."""
    parts = list(map(_chunk_syllables, _chunks(chars)))
    return _join(parts) if None not in parts else None  # type: ignore[arg-type]  # (no None among them)


def _groups(pieces: tuple[str, ...]) -> list[str]:
    """The pieces of a normalised text (:func:`~simulator.phrases.normalize.pieces_of`) joined
    where a dictionary word may span the cut between two of them (see _chunks): pypinyin reads
    each group alone as it reads it in the text."""
    pairs = _bigrams()
    groups = [pieces[0]]
    for piece in pieces[1:]:
        if groups[-1][-1] + piece[0] in pairs:
            groups[-1] += piece
        else:
            groups.append(piece)
    return groups


def _join(parts: list[_ChunkReading]) -> _ChunkReading:
    """The readings of consecutive pieces of a text as one (:func:`_join_python`)."""
    if _FAST_JOIN is not None:  # the same fields, joined in C
        return _FAST_JOIN(parts)
    return _join_python(parts)


def _join_python(parts: list[_ChunkReading]) -> _ChunkReading:
    """The readings of consecutive pieces of a text as one, at C level: the parts transposed
    once (zip), then each field joined. A text's few pieces' tuples are added (sum: fewer
    references copied than a chain steps through); the many chunks of a long text are chained
    (each sum makes a new tuple)."""
    if len(parts) == 1:
        return parts[0]
    strict, tokens, mask, keys, own, particle, negation, person = zip(*parts, strict=True)
    if len(parts) <= 8:
        return (sum(strict, ()), "".join(tokens), reduce(operator.or_, mask), keys[0].union(*keys[1:]),
                reduce(operator.or_, own), sum(particle, ()), sum(negation, ()), sum(person, ()))
    flat = chain.from_iterable
    return (tuple(flat(strict)), "".join(tokens), reduce(operator.or_, mask), keys[0].union(*keys[1:]),
            reduce(operator.or_, own), tuple(flat(particle)), tuple(flat(negation)), tuple(flat(person)))


# The slots of Syllables, set directly: the frozen dataclass's __init__ sets each field through
# object.__setattr__ (a Python-level call per field, about ten times the cost of the rest of
# joining a known sentence's pieces), and syllables() builds one per new sentence.
_SYLLABLE_FIELDS = (
    "chars", "strict", "tokens", "mask", "keys", "token_mask", "particle", "negation", "person")
if set(_SYLLABLE_FIELDS) != {f.name for f in fields(Syllables)}:  # a field added there must be set here
    raise RuntimeError("pinyin._SYLLABLE_FIELDS does not list Syllables' fields")
_SYLLABLES_SLOTS = tuple(getattr(Syllables, name).__set__ for name in _SYLLABLE_FIELDS)


def _syllables_of(chars: str, r: _ChunkReading) -> Syllables:
    """``Syllables(chars, …)`` of a reading, the fields set as its __init__ would set them."""
    syl: Syllables = object.__new__(Syllables)
    set_chars, set_strict, set_tokens, set_mask, set_keys, set_own, set_particle, set_negation, set_person = \
        _SYLLABLES_SLOTS
    strict, tokens, mask, keys, token_mask, particle, negation, person = r
    set_chars(syl, chars)
    set_strict(syl, strict)
    set_tokens(syl, tokens)
    set_mask(syl, mask)
    set_keys(syl, keys)
    set_own(syl, token_mask)
    set_particle(syl, particle)
    set_negation(syl, negation)
    set_person(syl, person)
    return syl


def _flags(chars: str) -> tuple[tuple[bool, ...], tuple[bool, ...], tuple[int, ...]]:
    """Soft word, negation and person of each character."""
    return (tuple([c in SOFT_WORDS for c in chars]), tuple([c in NEGATIONS for c in chars]),
            tuple([PERSONS.get(c, 0) for c in chars]))


_ChunkReading = tuple[
    tuple[str, ...], str, int, frozenset[str], int, tuple[bool, ...], tuple[bool, ...], tuple[int, ...]
]
# The fields of a chunk reading, for joining the chunks of a text with C-level map/chain/reduce.
_STRICT_OF, _TOKENS_OF, _MASK_OF, _KEYS_OF, _OWN_OF, _PARTICLE_OF, _NEGATION_OF, _PERSON_OF = (
    operator.itemgetter(k) for k in range(8)
)
# _join in C (simulator.phrases.speedups), or None
_FAST_JOIN: Callable[[list[_ChunkReading]], _ChunkReading] | None = getattr(speedups.module(), "join", None)


@lru_cache(maxsize=1 << 15)
def _chunk_syllables(chunk: str) -> _ChunkReading | None:
    """Strict syllables, tokens, token mask, index keys, the bits of its own tokens and the
    character flags (:func:`_flags`) of one chunk; None when pypinyin does
    not give one syllable per character (the whole text then takes the per-character path)."""
    read = _chunk_pinyin(chunk)
    if len(read) != len(chunk):
        return None
    strict = tuple(_STRICT.get(s, s) for s in read)
    tok_of = _SYLLABLE_TOKEN.get
    tokens = "".join([tok_of(s) or _syllable_token(s) for s in strict])
    keys = set(tokens)
    keys.update(chunk)
    for ch in set(chunk):
        keys.update(reading_tokens(ch))
    own = 0
    for tok in set(tokens):
        own |= bit(tok)
    return (strict, tokens, _mask(chunk, tokens), frozenset(keys), own, *_flags(chunk))


_SYLLABLE_TOKEN: dict[str, str] = {}  # strict syllable → its fuzzy class's token


def _syllable_token(s: str) -> str:
    tok = token(fuzzy_class(s))
    _SYLLABLE_TOKEN[s] = tok  # syllables are a closed set (plus "#x" for other characters)
    return tok


def _mask(chars: str, tokens: str) -> int:
    mask = chars_mask(chars)
    for tok in set(tokens):
        mask |= bit(tok)
    return mask


def chars_mask(chars: str) -> int:
    """The token bits of every reading of every character of ``chars``, without reading the
    text in context (no word segmentation): what a prefilter can use before, or instead of,
    :func:`syllables`. The contextual syllables of a text are among these (checked on every
    line of the standards, the scenarios and the probes: pypinyin's phrase readings are readings
    of the character), so :attr:`Syllables.mask` adds nothing in practice."""
    pieces = pieces_of(chars)
    if pieces is not None:
        return reduce(operator.or_, map(_pieces_mask, pieces))
    return _readings_of(chars)


def _readings_of(chars: str) -> int:
    return reduce(operator.or_, map(_READINGS_MASK.__getitem__, set(chars)), 0)


# :func:`chars_mask` of a piece of a normalised text (pieces repeat across texts)
_pieces_mask = lru_cache(maxsize=1 << 15)(_readings_of)


class _ReadingsMasks(dict[str, int]):
    """:func:`readings_mask` of each character, filled on first use (a C-level lookup)."""

    def __missing__(self, ch: str) -> int:
        mask = readings_mask(ch)
        if len(self) < 1 << 16:
            self[ch] = mask
        return mask


_READINGS_MASK = _ReadingsMasks()
