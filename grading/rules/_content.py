"""What a standard requires a turn to *contain*, beyond the act: the line's name, a telephone
number, a concrete time (shared by OPN002, MIS003, CMP005).

The act library tells that the operator greeted, referred or promised an answer; the standards
also say what must be in it — 自报家门 names the line (001 电话礼仪 1, 004 六 3.3), a referral gives
the department *and* its telephone (000 服务应答规范 2 “请致电×××部门电话：×××”), a promised
answer says when (001 投诉处理(三) 告知回复时限; 004 七 3.5 no 大概/可能/也许). Everything works on the
matcher's normalised text (Simplified, digits as 一二三, 幺 → 一) and its homophone keys, so the
recogniser's spelling does not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from grading.model import Event
from grading.rules._general import norm
from grading.rules.base import CallContext
from simulator.phrases.library import hotline_names

_DIGITS = "零一二三四五六七八九"
_NUMBER = re.compile(f"[{_DIGITS}]{{3,}}")
# A time the caller can hold the operator to: a number (or 今/明/后/半) with a unit, a weekday or a
# clock time. 几天 / 尽快 / 马上 / 随后 are not times.
_TIME = re.compile(
    r"(?:[零一二两三四五六七八九十百半]+|今|明|后|本|这)(?:个)?(?:工作日|个工作日|天|日|小时|钟头|分钟|周|星期|礼拜|点|号|月)"
    r"|今天|明天|后天|今晚|明早|明晚|今日|本周[一二三四五六日天]|下周[一二三四五六日天]?|周[一二三四五六日天]"
    r"|星期[一二三四五六日天]|上午|下午|中午|晚上|傍晚"
)


_WHEN = re.compile(r"什么时候|啥时候|多久|多长时间|几天|哪天|几点|准信|啥时|何时|什么时间")


def asked_when(ctx: CallContext) -> Event | None:
    """The caller's first turn asking when (啥时候来人？多久能回话？)."""
    for e in ctx.caller_turns:
        if _WHEN.search(norm(e.text)):
            return e
    return None


def _key(text: str) -> str:
    from simulator.phrases.pinyin import homophone_key

    return homophone_key(norm(text))


def names_line(ctx: CallContext, events: Iterable[Event]) -> Event | None:
    """The first turn that says the line's name or one of its aliases, or a numbered name without
    its number (供电服务热线 for 95598供电服务热线); recogniser spelling tolerated: homophones, digits,
    spaces."""
    names = [k for k in (_key(n) for n in hotline_names(ctx.match_context.hotline_names)) if len(k) >= 2]
    for e in events:
        said = _key(e.text)
        if any(k in said for k in names):
            return e
    return None


def numbers(text: str) -> list[str]:
    """The digit strings said in the text (three digits or more), as normalised numerals."""
    return _NUMBER.findall(norm(text))


def phone_key(phone: str) -> str:
    """A directory phone as numerals only (025-83620000 → 零二五八三六二零零零零)."""
    return "".join(ch for ch in norm(phone) if ch in _DIGITS)


def digits(text: str) -> str:
    """Numerals or a phone as Arabic digits for messages (一二三九三 → 12393)."""
    return "".join(str(_DIGITS.index(ch)) if ch in _DIGITS else ch for ch in phone_key(text) or text)


def concrete_time(text: str) -> str:
    """The first concrete time said (三个工作日, 明天下午, 二十四小时), or ""."""
    m = _TIME.search(norm(text))
    return m.group(0) if m else ""


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    phone: str
    note: str = ""


def directory(ctx: CallContext) -> list[Entry]:
    rows: Sequence[tuple[str, str, str]] = getattr(ctx.facts, "directory", ()) or ()
    return [Entry(*row) for row in rows]


def phone_said(ctx: CallContext, events: Iterable[Event]) -> list[tuple[Event, str]]:
    """(turn, numerals) of every number of three digits or more the operator said."""
    return [(e, n) for e in events for n in numbers(e.text)]


def entry_of(ctx: CallContext, number: str) -> Entry | None:
    """The directory entry whose phone is ``number`` (or contains it, for 转 extensions)."""
    for entry in directory(ctx):
        key = phone_key(entry.phone)
        if key and (number == key or (len(number) >= 5 and (number in key or key in number))):
            return entry
    return None


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    # memoised: fit() meets the same caller words once per directory entry, the same terms per call
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


WANTED_MIN = 0.5  # share of a directory term's character pairs the caller must have said


def fit(ctx: CallContext, entry: Entry, heard: str, *, names: bool = True) -> float:
    """How well the caller's words cover one of the entry's terms (0–1, shared character pairs)."""
    terms = [norm(w) for w in re.split(r"[、，,；;/（）() ]+", entry.note)]
    if names:
        terms.append(norm(entry.name))
    pairs = _bigrams(heard)
    return max((len(g & pairs) / len(g) for t in terms if (g := _bigrams(t))), default=0.0)


def heard_before(ctx: CallContext, before: float | None) -> str:
    return "".join(norm(e.text) for e in ctx.caller_turns if before is None or e.t < before)


def wanted_entry(ctx: CallContext, before: float | None = None, *, names: bool = True,
                 least: float = 0.5) -> Entry | None:
    """The directory entry the caller's question is about: the entry one of whose terms (its
    name, each phrase of its note) the caller's words cover best, by shared character pairs
    (失业保险金申领 ~ 失业保险金怎么申领); None when no entry is clearly meant."""
    heard = heard_before(ctx, before)
    if len(heard) < 2:
        return None
    scored = sorted(((fit(ctx, e, heard, names=names), e) for e in directory(ctx)), key=lambda x: -x[0])
    if not scored or scored[0][0] < max(least, WANTED_MIN):
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None  # two entries fit as well: the caller's words do not decide
    return scored[0][1]


# What names an organisation in a referral (请致电社保局 / 医保服务热线 / 物业公司 …).
_ORGANISATION = re.compile(
    r"局|中心|部门|公司|医院|热线|专线|办公室|窗口|大厅|客服|平台|银行|法院|派出所|物业|居委会|街道|社区|"
    r"委员会|卫健委|厅|处|科|站|所|馆|院|部"
)


def names_department(ctx: CallContext, event: Event) -> bool:
    """Does the operator's turn name where the number leads (a directory entry's name, or any
    organisation word), not counting the own line's name (这里是12320卫生热线，请拨打12393)?"""
    text = norm(event.text)
    own_names = hotline_names(ctx.match_context.hotline_names)
    for own in sorted((norm(n) for n in own_names), key=len, reverse=True):
        if len(own) >= 2:
            text = text.replace(own, "")
    pairs = _bigrams(text)
    for entry in directory(ctx):
        grams = _bigrams(norm(entry.name))
        if grams and len(grams & pairs) / len(grams) >= WANTED_MIN:
            return True
    return _ORGANISATION.search(text) is not None


def entry_named(ctx: CallContext, name: str) -> Entry | None:
    """The directory entry a transfer target names (exactly, or by most of its character pairs)."""
    target = norm(name)
    if not target:
        return None
    best: tuple[float, Entry | None] = (0.0, None)
    pairs = _bigrams(target)
    for entry in directory(ctx):
        own = norm(entry.name)
        if own == target:
            return entry
        grams = _bigrams(own)
        if grams and pairs:
            share = len(grams & pairs) / max(len(grams), len(pairs))
            if share > best[0]:
                best = (share, entry)
    return best[1] if best[0] >= WANTED_MIN else None
