"""``profiles.yaml``: hotline names, aliases, greeting and grading parameters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from grading.data.clause_data import _clauses, clause_list
from simulator.paths import standards_dir
from simulator.phrases.fields import Fields, entries
from simulator.phrases.yamlpos import read_yaml

__all__ = ["PROFILES_FILE", "Profile", "profile_for", "profiles"]

PROFILES_FILE = "profiles.yaml"


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
    seed_names: tuple[str, ...] = ()  # how the seeds' example phrases write this line's name
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
    def seeds(self) -> frozenset[str]:
        """The seed documents this line's standards come from (``000`` …), by its clauses."""
        return frozenset(c.split("-", 1)[0] for c in self.clauses)

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
_PROFILE_KEYS = _PARAM_KEYS | {"name", "aliases", "clauses", "notes", "seed_names", "policy"}


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
            clauses=clause_list(f, "clauses", known),
            notes=f.text("notes", required=False),
            seed_names=f.strs("seed_names"),
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
