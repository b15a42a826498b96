"""The standards data (``grading/standards/*.yaml``) as typed, cached, cross-checked objects.

Trainers edit the YAML files (each starts with a Chinese header explaining its fields); this module
only reads them. Every clause id referenced anywhere (acts, 禁语, situations, profiles, word lists)
must exist in ``clauses.yaml``; act and 禁语 ids referenced by situations must exist too. Problems
raise :class:`StandardsError` naming ``file:line``.

>>> from grading.data import clauses, forbidden, profile_for
>>> clauses()["000-jinyu-9"].citation
'000_423174f9e1f791de.txt 服务禁语(九)'
>>> profile_for("12320").name
'12320卫生热线'

The act library itself is :func:`simulator.phrases.acts.load_acts`; :func:`forbidden` returns the
same entries as its ``forbidden`` act.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from simulator.paths import standards_dir
from simulator.phrases import acts as _acts
from simulator.phrases.acts import (
    CLAUSES_FILE,
    Fields,
    PosList,
    StandardsError,
    check_clause,
    entries,
    read_yaml,
)
from simulator.phrases.types import ForbiddenEntry

__all__ = [
    "Clause",
    "Courtesy",
    "Profile",
    "Situation",
    "SituationPhrase",
    "StandardsError",
    "WordList",
    "clause",
    "clauses",
    "clear_cache",
    "courtesy",
    "forbidden",
    "forbidden_by_id",
    "profile_for",
    "profiles",
    "situations",
    "validate_all",
]

SITUATIONS_FILE = "situations.yaml"
PROFILES_FILE = "profiles.yaml"
COURTESY_FILE = "courtesy.yaml"

_SEED_RE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


# --------------------------------------------------------------------------- clauses


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a seed standard that the program enforces."""

    id: str  # e.g. "000-yingda-3"
    seed: str  # file name, e.g. "000_423174f9e1f791de.txt"
    place: str  # place in the seed, e.g. "服务应答规范 3"
    title: str
    text: str  # quoted from the seed
    note: str = ""

    @property
    def citation(self) -> str:
        """How reports cite it: ``"<seed file> <place>"``."""
        return f"{self.seed} {self.place}"

    @property
    def short(self) -> str:
        """Short form for tight spaces: ``"000 服务应答规范 3"``."""
        return f"{self.seed[:3]} {self.place}"


_CLAUSE_KEYS = {"seed", "place", "title", "text", "note"}


@lru_cache(maxsize=4)
def _clauses(root: Path) -> dict[str, Clause]:
    path = root / CLAUSES_FILE
    data = read_yaml(path)
    out: dict[str, Clause] = {}
    for ident, value, line in entries(data, path, "clauses", "条款"):
        f = Fields(value, path, line, f"条款 {ident}")
        f.check_keys(_CLAUSE_KEYS)
        seed = f.text("seed")
        if not _SEED_RE.match(seed):
            raise f.error(f"seed {seed!r} 应是规范原文的文件名，如 000_423174f9e1f791de.txt", "seed")
        out[ident] = Clause(
            id=ident,
            seed=seed,
            place=f.text("place"),
            title=f.text("title"),
            text=f.text("text"),
            note=f.text("note", required=False),
        )
    return out


def clauses(root: Path | None = None) -> dict[str, Clause]:
    """Every clause by id (``clauses.yaml``). Do not mutate the returned dict."""
    return _clauses(root or standards_dir())


def clause(clause_id: str) -> Clause:
    """One clause; :class:`StandardsError` if the id is unknown."""
    try:
        return clauses()[clause_id]
    except KeyError:
        raise StandardsError(f"条款表中没有 {clause_id!r}", path=standards_dir() / CLAUSES_FILE) from None


# --------------------------------------------------------------------------- 禁语


def forbidden(root: Path | None = None) -> tuple[ForbiddenEntry, ...]:
    """Every 禁语 entry (``forbidden.yaml``), in file order."""
    return _acts.load_forbidden(root or standards_dir())


@lru_cache(maxsize=4)
def _forbidden_by_id(root: Path) -> dict[str, ForbiddenEntry]:
    return {e.id: e for e in _acts.load_forbidden(root)}


def forbidden_by_id(root: Path | None = None) -> dict[str, ForbiddenEntry]:
    """The 禁语 entries by id."""
    return _forbidden_by_id(root or standards_dir())


# --------------------------------------------------------------------------- situations


@dataclass(frozen=True, slots=True)
class SituationPhrase:
    """A standard phrase (规范用语 / 参考话术) and the clause it is quoted from."""

    text: str
    clause: str


@dataclass(frozen=True, slots=True)
class Situation:
    """A call situation and what the standards say to say in it."""

    id: str
    name: str  # e.g. 不出声
    when: str
    clauses: tuple[str, ...]
    phrases: tuple[SituationPhrase, ...]
    acts: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()  # 禁语 ids
    notes: str = ""

    @property
    def tip(self) -> str:
        """The first standard phrase (what a hint shows first)."""
        return self.phrases[0].text if self.phrases else ""


_SITUATION_KEYS = {"name", "when", "clauses", "acts", "phrases", "avoid", "notes"}
_PHRASE_KEYS = {"text", "clause"}


def _clause_list(f: Fields, key: str, known: dict[str, Clause]) -> tuple[str, ...]:
    ids = f.strs(key)
    seq = f.data.get(key)
    for i, cid in enumerate(ids):
        line = seq.line_of(i) if isinstance(seq, PosList) else f.line_of(key)
        check_clause(cid, known, f.path, line, f.what)
    return ids


def _id_list(
    f: Fields, key: str, known: frozenset[str] | dict[str, Any], what: str, file: str
) -> tuple[str, ...]:
    ids = f.strs(key)
    seq = f.data.get(key)
    for i, ident in enumerate(ids):
        if ident not in known:
            line = seq.line_of(i) if isinstance(seq, PosList) else f.line_of(key)
            raise StandardsError(
                f"{f.what}：{key} 引用了不存在的{what} {ident!r}（见 {file}）", path=f.path, line=line
            )
    return ids


@lru_cache(maxsize=4)
def _situations(root: Path) -> dict[str, Situation]:
    path = root / SITUATIONS_FILE
    data = read_yaml(path)
    known = _clauses(root)
    act_ids = _acts.load_acts(root).ids
    entry_ids = _forbidden_by_id(root)
    out: dict[str, Situation] = {}
    for ident, value, line in entries(data, path, "situations", "情形"):
        f = Fields(value, path, line, f"情形 {ident}")
        f.check_keys(_SITUATION_KEYS)
        phrases: list[SituationPhrase] = []
        raw = f.data.get("phrases")
        if not isinstance(raw, PosList) or not raw:
            raise f.error("phrases 必须是非空列表，每项写 text 和 clause", "phrases")
        for i, item in enumerate(raw):
            pf = Fields(item, path, raw.line_of(i), f"情形 {ident} 的第 {i + 1} 条规范用语")
            pf.check_keys(_PHRASE_KEYS)
            cid = pf.text("clause")
            check_clause(cid, known, path, pf.line_of("clause"), pf.what)
            phrases.append(SituationPhrase(text=pf.text("text"), clause=cid))
        out[ident] = Situation(
            id=ident,
            name=f.text("name"),
            when=f.text("when", required=False),
            clauses=_clause_list(f, "clauses", known),
            phrases=tuple(phrases),
            acts=_id_list(f, "acts", act_ids, "话语行为", _acts.ACTS_FILE),
            avoid=_id_list(f, "avoid", entry_ids, "禁语", _acts.FORBIDDEN_FILE),
            notes=f.text("notes", required=False),
        )
    return out


def situations(root: Path | None = None) -> dict[str, Situation]:
    """Every situation by id (``situations.yaml``)."""
    return _situations(root or standards_dir())


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class Profile:
    """A hotline's name, aliases, standard greeting and grading parameters."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    greeting_template: str = "您好，{name}，请问有什么可以帮您？"
    pass_mark: int = 80
    speech_rate: tuple[int, int] = (120, 280)  # characters per minute
    answer_within: float = 10.0  # seconds from the first ring
    answer_rings: int = 3
    silent_prompts: int = 2
    hold_reprompt: float = 30.0  # seconds
    clauses: tuple[str, ...] = ()
    notes: str = ""
    is_default: bool = field(default=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The name and the aliases: what counts as self-identification."""
        return tuple(dict.fromkeys((self.name, *self.aliases))) if self.name else self.aliases

    @property
    def greeting(self) -> str:
        """The standard greeting with ``{name}`` filled in."""
        if not self.name:
            return re.sub(r"\{name\}[，,]?", "", self.greeting_template)
        return self.greeting_template.replace("{name}", self.name)

    @property
    def speech_rate_min(self) -> int:
        return self.speech_rate[0]

    @property
    def speech_rate_max(self) -> int:
        return self.speech_rate[1]


_PARAM_KEYS = {
    "pass_mark",
    "speech_rate",
    "answer_within",
    "answer_rings",
    "silent_prompts",
    "hold_reprompt",
    "greeting",
}
_PROFILE_KEYS = _PARAM_KEYS | {"name", "aliases", "clauses", "notes"}


def _params(f: Fields, base: dict[str, Any]) -> dict[str, Any]:
    """Profile parameters present in ``f``, checked, over ``base``."""
    out = dict(base)
    if "pass_mark" in f.data:
        mark = f.integer("pass_mark", 80)
        if not 0 <= mark <= 100:
            raise f.error("pass_mark 必须在 0 到 100 之间", "pass_mark")
        out["pass_mark"] = mark
    if "speech_rate" in f.data:
        band = f.data["speech_rate"]
        ok = (
            isinstance(band, list)
            and len(band) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in band)
            and 0 < band[0] < band[1]
        )
        if not ok:
            raise f.error("speech_rate 要写成 [最低, 最高]（字/分钟，整数，最低 < 最高）", "speech_rate")
        out["speech_rate"] = (band[0], band[1])
    for key in ("answer_within", "hold_reprompt"):
        if key in f.data:
            value = f.number(key, 0.0)
            if value <= 0:
                raise f.error(f"{key} 必须大于 0（秒）", key)
            out[key] = value
    for key in ("answer_rings", "silent_prompts"):
        if key in f.data:
            value_i = f.integer(key, 0)
            if value_i < 1:
                raise f.error(f"{key} 至少是 1", key)
            out[key] = value_i
    if "greeting" in f.data:
        out["greeting_template"] = f.text("greeting")
    return out


@dataclass(frozen=True, slots=True)
class _Profiles:
    default: Profile
    by_id: dict[str, Profile]
    lookup: dict[str, Profile]  # normalised name or alias → profile


def _key(name: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name)).lower()


@lru_cache(maxsize=4)
def _profiles(root: Path) -> _Profiles:
    path = root / PROFILES_FILE
    data = read_yaml(path)
    known = _clauses(root)
    defaults: dict[str, Any] = {}
    if "defaults" in data:
        df = Fields(data["defaults"], path, data.line_of("defaults"), "defaults")
        df.check_keys(_PARAM_KEYS)
        defaults = _params(df, {})
    by_id: dict[str, Profile] = {}
    lookup: dict[str, Profile] = {}
    owner: dict[str, tuple[str, int]] = {}
    for ident, value, line in entries(data, path, "profiles", "热线"):
        f = Fields(value, path, line, f"热线 {ident}")
        f.check_keys(_PROFILE_KEYS)
        profile = Profile(
            id=ident,
            name=f.text("name"),
            aliases=f.strs("aliases"),
            clauses=_clause_list(f, "clauses", known),
            notes=f.text("notes", required=False),
            **_params(f, defaults),
        )
        for name in profile.names:
            k = _key(name)
            if k in owner and owner[k][0] != ident:
                raise f.error(
                    f"名称或别名 {name!r} 已被热线 {owner[k][0]}（第 {owner[k][1]} 行）使用", "aliases"
                )
            owner[k] = (ident, f.line)
            lookup[k] = profile
        by_id[ident] = profile
    default = Profile(id="default", name="", is_default=True, **defaults)
    return _Profiles(default=default, by_id=by_id, lookup=lookup)


def profiles(root: Path | None = None) -> dict[str, Profile]:
    """Every hotline profile by id (``profiles.yaml``)."""
    return _profiles(root or standards_dir()).by_id


def profile_for(name_or_alias: str | None, root: Path | None = None) -> Profile:
    """The profile whose name or alias is ``name_or_alias``.

    Falls back to a profile whose name or alias occurs inside the given name (the longest such,
    e.g. ``南京12320`` → 12320), and then to the defaults with ``name`` set to the given name.
    """
    table = _profiles(root or standards_dir())
    if not name_or_alias or not name_or_alias.strip():
        return table.default
    key = _key(name_or_alias)
    if key in table.lookup:
        return table.lookup[key]
    inside = [k for k in table.lookup if len(k) >= 4 and k in key]
    if inside:
        return table.lookup[max(inside, key=len)]
    return replace(table.default, name=name_or_alias.strip())


# --------------------------------------------------------------------------- courtesy word lists


@dataclass(frozen=True, slots=True)
class WordList:
    """A word list for a courtesy rule, with its clause."""

    clause: str
    words: tuple[str, ...]
    variants: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    limit: int | None = None
    note: str = ""

    @property
    def all_words(self) -> tuple[str, ...]:
        return (*self.words, *self.variants)


@dataclass(frozen=True, slots=True)
class Courtesy:
    vague: WordList  # 004 七 3.5 大概、可能、也许
    fillers: WordList  # 000 服务禁忌(十) 喽、嘛
    civil_words: WordList  # 000 十字文明用语
    honorifics: WordList  # 000 职业用语的基本要求 2


_WORDLIST_KEYS = {"clause", "words", "variants", "exceptions", "limit", "note"}


@lru_cache(maxsize=4)
def _courtesy(root: Path) -> Courtesy:
    path = root / COURTESY_FILE
    data = read_yaml(path)
    known = _clauses(root)
    lists: dict[str, WordList] = {}
    for key in ("vague", "fillers", "civil_words", "honorifics"):
        if key not in data:
            raise StandardsError(f"缺少顶层字段 {key}", path=path, line=1)
        f = Fields(data[key], path, data.line_of(key), key)
        f.check_keys(_WORDLIST_KEYS)
        cid = f.text("clause")
        check_clause(cid, known, path, f.line_of("clause"), key)
        words = f.strs("words")
        if not words:
            raise f.error("words 不能为空", "words")
        limit = f.integer("limit", 0) if "limit" in f.data else None
        lists[key] = WordList(
            clause=cid,
            words=words,
            variants=f.strs("variants"),
            exceptions=f.strs("exceptions"),
            limit=limit,
            note=f.text("note", required=False),
        )
    extra = set(data) - set(lists)
    if extra:
        name = sorted(extra, key=str)[0]
        raise StandardsError(f"未知的顶层字段 {name!r}", path=path, line=data.line_of(name))
    return Courtesy(**lists)


def courtesy(root: Path | None = None) -> Courtesy:
    """The courtesy word lists (``courtesy.yaml``)."""
    return _courtesy(root or standards_dir())


# --------------------------------------------------------------------------- all of it


def validate_all(root: Path | None = None) -> None:
    """Load every standards file (raises :class:`StandardsError` on the first problem)."""
    base = root or standards_dir()
    _clauses(base)
    _acts.load_acts(base)
    _situations(base)
    _profiles(base)
    _courtesy(base)


def clear_cache() -> None:
    """Forget everything loaded (after editing the files in a running process)."""
    _acts.clear_cache()
    for fn in (_clauses, _forbidden_by_id, _situations, _profiles, _courtesy):
        fn.cache_clear()
