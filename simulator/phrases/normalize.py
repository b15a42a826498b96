"""Normalisation of operator text before phrase matching.

Speech recognisers write Chinese in many shapes: without punctuation, with a space between every
character, in Traditional characters, with Arabic or full-width digits. :func:`normalise` maps all
of them to one form:

* Unicode NFKC (full-width letters and digits become ASCII), letters lowercased;
* everything that is not a letter or a digit (punctuation, spaces, symbols) removed;
* Traditional → Simplified (``zhconv``, ``zh-cn``);
* each Arabic digit → its Chinese digit (``12320`` → ``一二三二零``), ``幺`` → ``一``,
  ``两`` → ``二``, ``〇`` → ``零``; ``著`` → ``着``;
* Chinese numerals with place values → positional digits, as a recogniser writes them
  (``三十分钟`` and ``30分钟`` both become ``三零分钟``, ``十五个工作日`` ``一五个工作日``,
  ``八十六块四`` ``八六块四``, ``一百零五`` ``一零五``): whisper writes numbers in figures, the
  scenarios and the seeds in characters, and the caller must understand both. Only a 十 next to a
  digit or before a unit, and a 百 or 千 after a digit, is read as a number (十分抱歉, 老百姓,
  千万 stay as they are);
* common colloquial and northern regional words → their Mandarin standard (``咋`` → ``怎么``,
  ``啥`` → ``什么``, ``俺`` → ``我``, ``甭`` → ``不用``, ``晓得`` → ``知道``): a trainee who says
  您咋还不挂呢 or 这事儿俺们管不着 says what the seeds list as 干嘛还不挂机 and 我们管不着, and
  one pattern over the standard words catches both. (Both characters of a mapped word keep the
  source index of the one they came from, so quotes stay exact.)

Regular expressions in the act library (``patterns``) run over this form, so they must write
digits as ``零一二三四五六七八九`` (and ``二`` for ``两``), never ``\\d``.

:func:`normalise_map` also keeps, for each character of the result, the index of the source
character it came from, so a match can be quoted from the original text.

A text is normalised piece by piece, cut at punctuation and spaces (characters the result drops),
each piece once per process: operators repeat standard clauses around names, numbers and places,
so most pieces of a never-seen sentence were seen before. The pieces' results joined are exactly
the whole text's wherever nothing spans a cut (no zhconv table key, numeral or colloquial pair:
:func:`_joinable`); otherwise the text is normalised whole. A text joined from pieces remembers
them (:func:`pieces_of`), so pinyin, homophone keys, masks and pairs are joined from the pieces'
too (:mod:`simulator.phrases.pinyin`).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, compress, count, repeat
from typing import NamedTuple

import zhconv

__all__ = [
    "Normalised", "cut_at", "dropped_only", "normalise", "normalise_map", "pair_list", "pairs_of",
    "pieces_of", "triples_of",
]

_DIGITS = "零一二三四五六七八九"
# Applied after Traditional → Simplified, so 兩 has already become 两. 著 stays 著 in zh-cn (著名),
# but in Traditional text it is usually the particle 着 (等著吧).
_CHAR_MAP = {"幺": "一", "两": "二", "〇": "零", "著": "着"}
# Colloquial / regional words → standard Mandarin (after the character map).
_WORD_MAP = {"咋": "怎么", "啥": "什么", "俺": "我", "甭": "不用"}
_PAIR_MAP = {"晓得": "知道"}
_COLLOQUIAL = frozenset(_WORD_MAP) | {k[0] for k in _PAIR_MAP}


_PAIRS = [slice(k, k + 2) for k in range(512)]
_TRIPLES = [slice(k, k + 3) for k in range(512)]


def pairs_of(text: str) -> Iterator[str]:
    """The two-character substrings of ``text``, left to right, made at C level (one string
    each, not three as ``map(operator.add, text, text[1:])`` makes)."""
    if len(text) > len(_PAIRS):
        return map(operator.add, text, text[1:])
    return map(text.__getitem__, _PAIRS[: max(0, len(text) - 1)])


@lru_cache(maxsize=1 << 12)
def pair_list(text: str) -> tuple[str, ...]:
    """:func:`pairs_of` of ``text``, kept for the text's next steps: normalisation (zhconv's
    pairs), pinyin (the dictionary's pairs) and the kind model's grams all look up the pairs of
    the same normalised text, and a pair made once is hashed once. A text joined from pieces
    has its pieces' pairs (made and hashed when the pieces were read) and the pair at each cut."""
    pieces = _PIECES.get(text)
    if pieces is None:
        return tuple(pairs_of(text))
    left = pieces[0]
    parts = [pair_list(left)]
    for right in pieces[1:]:
        parts.append((left[-1] + right[0],))
        parts.append(pair_list(right))
        left = right
    return tuple(chain.from_iterable(parts))


def triples_of(text: str) -> Iterator[str]:
    """The three-character substrings of ``text``, left to right (as :func:`pairs_of`)."""
    if len(text) > len(_TRIPLES):
        return (text[k : k + 3] for k in range(len(text) - 2))
    return map(text.__getitem__, _TRIPLES[: max(0, len(text) - 2)])


def cut_at(chars: str, joins: list[int]) -> list[str]:
    """``chars`` cut between every two characters except at ``joins`` (ascending positions k:
    ``chars[k - 1]`` and ``chars[k]`` stay together): one Python step per run of joins, not per
    character."""
    out: list[str] = []
    done = 0  # chars[:done] is in ``out``
    for start, end in _runs(joins):
        out.extend(chars[done:start])  # single characters
        out.append(chars[start:end])
        done = end
    out.extend(chars[done:])
    return out


def _runs(joins: list[int]) -> list[tuple[int, int]]:
    """The spans [start, end) of characters held together by ``joins`` (see :func:`cut_at`)."""
    out: list[tuple[int, int]] = []
    start = end = -1
    for k in joins:
        if k == end:  # the next join of the run
            end = k + 1
            continue
        if start >= 0:
            out.append((start, end))
        start, end = k - 1, k + 1
    if start >= 0:
        out.append((start, end))
    return out


class Normalised:
    """A normalised text and where each of its characters came from. Shared through caches:
    treat it as immutable. ``origin`` is worked out when first asked for a text joined from
    pieces (only a hit's quote needs it)."""

    __slots__ = ("_made", "_origin", "source", "text")

    def __init__(self, source: str, text: str, origin: tuple[int, ...] | None = None,
                 made: tuple[list[_Piece], list[int]] | None = None) -> None:
        self.source = source
        self.text = text
        self._origin = origin
        self._made = made  # the pieces and where each starts in ``source`` (when origin is None)

    @property
    def origin(self) -> tuple[int, ...]:
        """origin[k]: index in ``source`` of ``text[k]``."""
        origin = self._origin
        if origin is None:
            assert self._made is not None
            origin = self._origin = tuple(chain.from_iterable(map(_shifted, *self._made)))
        return origin

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalised):
            return NotImplemented
        return (self.source, self.text, self.origin) == (other.source, other.text, other.origin)

    def __hash__(self) -> int:
        return hash((self.source, self.text))

    def __repr__(self) -> str:
        return f"Normalised(source={self.source!r}, text={self.text!r}, origin={self.origin!r})"

    def quote(self, start: int, end: int) -> str:
        """The part of the source text that ``text[start:end]`` came from."""
        if start >= end or end > len(self.text):
            return ""
        if self._origin is None:  # joined from pieces: the two ends looked up in theirs
            return self.source[self._origin_of(start) : self._origin_of(end - 1) + 1]
        origin = self._origin
        return self.source[origin[start] : origin[end - 1] + 1]

    def _origin_of(self, k: int) -> int:
        """``origin[k]`` of a text joined from pieces, without the whole origin."""
        assert self._made is not None
        for part, offset in zip(*self._made, strict=True):
            size = len(part.text)
            if k < size:
                return offset + k if part.contiguous else offset + part.origin[k]
            k -= size
        raise IndexError(k)


def _keep(ch: str) -> str:
    """``ch`` (one character after NFKC and lowercasing) as it appears in the result, or ''."""
    if "0" <= ch <= "9":
        return _DIGITS[ord(ch) - 48]
    cat = unicodedata.category(ch)
    if cat[0] == "L" or cat == "Nl":  # letters (CJK is Lo) and 〇
        return ch
    if cat == "Nd":  # other scripts' decimal digits
        return _DIGITS[unicodedata.decimal(ch)]
    return ""


_KEPT: dict[str, str] = {}  # source character → what it becomes (memo of _kept)
_KEPT_MAX = 1 << 16


# The characters that become at most one character, as a str.translate table (None: dropped),
# the set of them, and those dropped: a text made only of them is normalised without a Python
# step per character.
_TABLE: dict[int, str | None] = {}
_KNOWN: set[str] = set()
_DROPPED: set[str] = set()
_ONE: set[str] = set()  # the known characters that become exactly one character


def _kept(raw: str) -> str:
    """What one source character contributes to the result (before simplification)."""
    expanded = raw.lower() if raw.isascii() else unicodedata.normalize("NFKC", raw).lower()
    kept = "".join(_keep(ch) for ch in expanded)
    if len(_KEPT) < _KEPT_MAX:
        _KEPT[raw] = kept
        if len(kept) <= 1:
            _TABLE[ord(raw)] = kept or None
            (_ONE if kept else _DROPPED).add(raw)
            _KNOWN.add(raw)  # last: a reader that finds it here finds it in the table
    return kept


@lru_cache(maxsize=1)
def _zh_pairs() -> frozenset[str]:
    """Every pair of adjacent characters inside a key of zhconv's zh-cn table."""
    from zhconv.zhconv import getdict

    return frozenset(k[i : i + 2] for k in getdict("zh-cn") for i in range(len(k) - 1))


@lru_cache(maxsize=1 << 15)
def _convert_chunk(chunk: str) -> str:
    return zhconv.convert(chunk, "zh-cn")


@lru_cache(maxsize=1)
def _converted_any() -> re.Pattern[str]:
    """A search for any character zhconv's zh-cn table converts on its own (a one-character key
    with another value): one C-level scan. (Supplementary-plane characters are matched as a
    range: listing them one by one makes the class much slower to search.)"""
    from zhconv.zhconv import getdict

    table = getdict("zh-cn")
    basic = sorted(k for k, v in table.items() if len(k) == 1 and v != k and ord(k) <= 0xFFFF)
    return re.compile("[" + "".join(re.escape(ch) for ch in basic) + "\U00010000-\U0010FFFF]")


class _SingleChars(dict[int, str]):
    """Each character's conversion on its own (``_convert_chunk`` of one character), filled on
    first use, as a ``str.translate`` table."""

    def __missing__(self, code: int) -> str:
        converted = _convert_chunk(chr(code))
        if len(self) < _KEPT_MAX:
            self[code] = converted
        return converted


_SINGLE = _SingleChars()


def _to_simplified(joined: str) -> str:
    """``zhconv.convert(joined, "zh-cn")``, chunk by chunk: zhconv replaces the longest table key
    at each position, and no key (nor a prefix of one) spans a pair of characters that occurs in
    no key, so the text is cut there and each chunk — a character or two, repeated across
    sentences — is converted once per process. The same result as one call, a fraction of the
    cost for a new sentence. Most texts are cut between every two characters and have no
    character the table converts on its own: that case is found (the pairs tested, one
    regular-expression scan) and returned as it is; with such characters, the single characters
    are converted in one ``str.translate`` and only the runs a key may span chunk by chunk."""
    pairs = _zh_pairs()
    joins = list(compress(count(1), map(pairs.__contains__, pair_list(joined))))
    if not joins and _converted_any().search(joined) is None:
        return joined  # (no character zhconv changes on its own: most texts)
    converted = joined.translate(_SINGLE)
    if not joins:
        return converted
    if len(converted) != len(joined):  # a character converted to more than one: chunk by chunk
        return "".join(map(_convert_chunk, cut_at(joined, joins)))
    # the single characters as translated, each run of joined characters converted as a chunk
    out: list[str] = []
    done = 0
    for start, end in _runs(joins):
        out.append(converted[done:start])
        out.append(_convert_chunk(joined[start:end]))
        done = end
    out.append(converted[done:])
    return "".join(out)


_CHAR_TABLE = str.maketrans(_CHAR_MAP)
# Whether a text has any of these characters, by a regular-expression scan: testing a set against
# a Chinese string makes a string object per character.
_CHAR_ANY = re.compile("[" + "".join(_CHAR_MAP) + "]")
_PLACES_ANY = re.compile("[十百千]")
_COLLOQUIAL_ANY = re.compile("[" + "".join(sorted(_COLLOQUIAL)) + "]")

_PLACES = frozenset("十百千")
# After 十 alone (no digit beside it), these make it the number ten: 十分钟 is ten minutes,
# 十分抱歉 is not.
_UNITS = (
    "分钟", "个", "天", "点", "块", "元", "年", "月", "号", "日", "小时", "秒", "岁", "度", "层", "楼",
    "栋", "次", "遍", "回", "米", "公里", "斤", "户", "人", "位", "多", "来",
)
_NUMERAL = re.compile("[零一二三四五六七八九十百千]+")


def _numeral_value(run: str) -> int | None:
    """The value of a numeral with place values (三十, 十五, 一百零五), or None if ``run`` is not
    one (two places in the wrong order, a digit run with no place, 千 without a digit before it)."""
    total, digit, last_place = 0, -1, 10_000
    for ch in run:
        if ch in _PLACES:
            place = 10 if ch == "十" else 100 if ch == "百" else 1000
            if place >= last_place or (digit < 0 and place != 10):
                return None
            total += (1 if digit < 0 else digit) * place
            digit, last_place = -1, place
        elif ch != "零":  # 零 only marks a skipped place (一百零五)
            if digit >= 0:  # two digits in a row: a spelled-out number, not this form
                return None
            digit = _DIGITS.index(ch)
    if digit > 0:
        total += digit
    return total


def _positional(text: str, origin: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """Rewrite the place-value numerals of ``text`` as positional digits, keeping ``origin``
    (each new character takes the source index of the run character in the same place, or of
    the run's last character)."""
    out: list[str] = []
    where: list[int] = []
    done = 0
    for m in _NUMERAL.finditer(text):
        run = m.group()
        if _PLACES.isdisjoint(run):
            continue
        start, end = m.span()
        # a 百 or 千 needs a digit before it; a lone 十 needs a unit after it
        if run == "十" and not text.startswith(_UNITS, end):
            continue
        if run[0] in "百千":
            continue
        value = _numeral_value(run)
        if value is None:
            continue
        digits = "".join(_DIGITS[int(d)] for d in str(value))
        out.append(text[done:start])
        where.extend(origin[done:start])
        out.append(digits)
        where.extend(origin[start + min(i, len(run) - 1)] for i in range(len(digits)))
        done = end
    if not done:
        return text, origin
    out.append(text[done:])
    where.extend(origin[done:])
    return "".join(out), tuple(where)


def _simplify(joined: str) -> tuple[str, bool]:
    """``joined`` in Simplified characters with the character map applied, and whether the text
    was converted character by character (a phrase rule of zhconv changed its length)."""
    converted = _to_simplified(joined)
    by_char = len(converted) != len(joined)
    if by_char:
        # a phrase rule changed the length: convert character by character to keep positions
        converted = "".join([conv if len(conv := zhconv.convert(ch, "zh-cn")) == 1 else ch for ch in joined])
    return (converted.translate(_CHAR_TABLE) if _CHAR_ANY.search(converted) else converted), by_char


class _Piece(NamedTuple):
    """A text normalised on its own, with what deciding whether it can be joined to its
    neighbours needs (:func:`_joinable`). (A named tuple: built for every new piece, and a
    frozen dataclass sets each field through a Python-level call.)"""

    text: str
    origin: tuple[int, ...]
    contiguous: bool  # origin is known to be 0, 1, 2, … (no character dropped or expanded)
    edges: str  # first and last character before simplification, then after it (before numerals)
    # What its last (first) character may start (end) across a cut, as _OPEN_* bits: a cut
    # where ``left.tail & right.head`` and ``left.tail & _OPEN_TEN`` are 0 joins (_joinable);
    # a piece simplified character by character (a zhconv phrase rule changed its length: only
    # the whole text decides) has every bit of both.
    tail: int
    head: int


_OPEN_ZH, _OPEN_NUMERAL, _OPEN_TEN, _OPEN_PAIR = 1, 2, 4, 8
_EMPTY = _Piece("", (), True, "", 0, 0)


def _normalise(text: str) -> _Piece:
    """Normalise ``text`` as a whole (the module docstring)."""
    if _KNOWN.issuperset(text):  # every character seen before, none of them expanding
        joined = text.translate(_TABLE)
        contiguous = len(joined) == len(text)  # no character dropped
        if contiguous:
            origin: tuple[int, ...] = tuple(range(len(text)))
        else:
            origin = tuple(compress(count(), map(_ONE.__contains__, text)))
    else:
        contiguous = False  # (not worked out: a new character)
        chars: list[str] = []
        where_from: list[int] = []
        kept_of = _KEPT.get
        for i, raw in enumerate(text):
            kept = kept_of(raw)
            if kept is None:
                kept = _kept(raw)
            for ch in kept:
                chars.append(ch)
                where_from.append(i)
        joined, origin = "".join(chars), tuple(where_from)
    if not joined:
        return _EMPTY
    simple, by_char = _simplify(joined)
    edges = joined[0] + joined[-1] + simple[0] + simple[-1]
    tail, head = (-1, -1) if by_char else _open(edges)
    if _PLACES_ANY.search(simple):
        simple, rewritten = _positional(simple, origin)
        contiguous = contiguous and rewritten is origin  # (no numeral rewritten)
        origin = rewritten
    if not _COLLOQUIAL_ANY.search(simple):
        return _Piece(simple, origin, contiguous, edges, tail, head)
    out: list[str] = []
    where: list[int] = []
    k = 0
    while k < len(simple):
        pair = _PAIR_MAP.get(simple[k : k + 2])
        if pair is not None:
            out.extend(pair)
            where.extend(origin[k : k + 2])
            k += 2
            continue
        word = _WORD_MAP.get(simple[k], simple[k])
        out.extend(word)
        where.extend([origin[k]] * len(word))
        k += 1
    return _Piece("".join(out), tuple(where), False, edges, tail, head)


# Normalisation works on a text piece by piece, cut at characters it drops (punctuation, spaces):
# operators repeat standard clauses around names, numbers and places, so most pieces of a new
# sentence were normalised before. The pieces' results, joined, are the whole text's wherever
# nothing spans a cut (:func:`_joinable`); otherwise the text is normalised whole.
_CUT_CANDIDATES = " \t\n\r\u3000，。！？；：、,.!?;:…“”‘’\"'（）()《》【】[]<>—-~～·"
_CUT = re.compile("[" + re.escape("".join(ch for ch in _CUT_CANDIDATES if not _kept(ch))) + "]")
PAUSE = _CUT  # punctuation and spaces: where a speaker paused (and a text is cut into pieces)
_NUMERAL_CHARS = frozenset(_DIGITS) | _PLACES


@lru_cache(maxsize=1)
def _zh_ends() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the second characters of the pairs in zhconv's table keys."""
    pairs = _zh_pairs()
    return frozenset(p[0] for p in pairs), frozenset(p[1] for p in pairs)


_PAIR_ENDS = (frozenset(k[0] for k in _PAIR_MAP), frozenset(k[1] for k in _PAIR_MAP))


def _open(edges: str) -> tuple[int, int]:
    """The _OPEN_* bits of a piece's last and first characters (``edges``: see _Piece)."""
    first, second = _zh_ends()
    hj, tj, hs, ts = edges[0], edges[1], edges[2], edges[3]
    tail = ((_OPEN_ZH if tj in first else 0) | (_OPEN_NUMERAL if ts in _NUMERAL_CHARS else 0)
            | (_OPEN_TEN if ts == "十" else 0) | (_OPEN_PAIR if ts in _PAIR_ENDS[0] else 0))
    head = ((_OPEN_ZH if hj in second else 0) | (_OPEN_NUMERAL if hs in _NUMERAL_CHARS else 0)
            | (_OPEN_PAIR if hs in _PAIR_ENDS[1] else 0))
    return tail, head


def _joinable(left: _Piece, right: _Piece) -> bool:
    """Is the normalisation of the two pieces side by side (with only dropped characters between
    them) the two results joined? zhconv converts chunks cut at pairs no table key spans, numerals
    are runs of numeral characters (and a lone 十 looks at what follows), the colloquial pairs
    are pairs: the pair at the cut must be none of these."""
    if left.tail < 0 or right.head < 0:
        return False  # (simplified character by character)
    lj, ls, rj, rs = left.edges[1], left.edges[3], right.edges[0], right.edges[2]
    if ls in _NUMERAL_CHARS and (rs in _NUMERAL_CHARS or ls == "十"):
        return False
    return lj + rj not in _zh_pairs() and ls + rs not in _PAIR_MAP


_TEXT_OF = operator.attrgetter("text")


@lru_cache(maxsize=1 << 15)
def _piece(text: str) -> _Piece:
    return _normalise(text)


# The pieces of the normalised texts made by joining pieces (their normalised forms), so that the
# next steps (pinyin, homophone keys, masks, pairs) can be joined from the pieces' too.
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_MAX = 1 << 16


def pieces_of(text: str) -> tuple[str, ...] | None:
    """The normalised pieces (non-empty strings) ``text`` (a normalised text) was joined from,
    or None (not known to be made of pieces). Any step that works per character, or that cuts
    where its own dictionary's pairs allow, may be computed piece by piece with the pairs at the
    cuts checked."""
    return _PIECES.get(text)


@lru_cache(maxsize=1 << 16)
def normalise_map(text: str) -> Normalised:
    """Normalise ``text`` and remember the source index of every kept character."""
    cuts = _CUT.split(text)
    if len(cuts) == 1:  # one piece (a clause, a sentence without its end mark): maybe known
        whole = _piece(text)
        return Normalised(text, whole.text, whole.origin)
    parts: list[_Piece] = []
    offsets: list[int] = []
    offset = 0
    tail = 0  # the last part's tail bits (-1: simplified character by character)
    for cut in cuts:
        if cut:
            part = _piece(cut)
            if part.text:
                if (tail & part.head or tail & _OPEN_TEN) and not _joinable(parts[-1], part):
                    whole = _normalise(text)
                    return Normalised(text, whole.text, whole.origin)
                parts.append(part)
                offsets.append(offset)
                tail = part.tail
        offset += len(cut) + 1
    if tail < 0:  # (the last piece simplified character by character)
        whole = _normalise(text)
        return Normalised(text, whole.text, whole.origin)
    if not parts:
        return Normalised(text, "", ())
    if len(parts) == 1:
        part, offset = parts[0], offsets[0]
        return Normalised(text, part.text, tuple(_shifted(part, offset)))
    texts = tuple(map(_TEXT_OF, parts))
    joined = "".join(texts)
    if len(_PIECES) >= _PIECES_MAX:  # (a text forgotten is read whole: the same result)
        _PIECES.clear()
    _PIECES[joined] = texts
    return Normalised(text, joined, made=(parts, offsets))


def _shifted(part: _Piece, offset: int) -> Iterable[int]:
    """The origin of a piece that starts at ``offset`` of the text."""
    if part.contiguous:
        return range(offset, offset + len(part.text))
    return map(operator.add, part.origin, repeat(offset))


def dropped_only(text: str) -> bool:
    """Every character of ``text`` is one normalisation is known to drop (punctuation, spaces):
    then ``normalise(a + text + b) == normalise(a + b)``."""
    return _DROPPED.issuperset(text)


def normalise(text: str) -> str:
    """The normalised form of ``text`` (see the module docstring)."""
    return normalise_map(text).text
