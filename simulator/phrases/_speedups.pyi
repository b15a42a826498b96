"""Types of the optional C accelerator (_speedups.c); load it through simulator.phrases.speedups."""

from collections.abc import Callable, Sequence
from typing import Any

SOURCE_DIGEST: str
COSTS: tuple[float, float, float]

class PhraseFilter:
    def __init__(
        self,
        rows: dict[str, int],
        index_rows: Sequence[Sequence[int]],
        counted: Sequence[Sequence[int]],
        phrases: Sequence[tuple[int, Any, int, int, float, tuple[tuple[str, str, float], ...]]],
        fallback: Callable[[Any, Any, float], bool],
    ) -> None: ...
    def candidates(
        self, keys: frozenset[str], tokens: str, chars: str, threshold: float, syl: Any
    ) -> dict[int, list[Any]]: ...

class Text:
    def __init__(self, syl: Any, soft_words: str, negations: str) -> None: ...

class Phrase:
    def __init__(self, compiled: Any, miss_prefix: tuple[float, ...]) -> None: ...

def fit(phrase: Phrase, text: Text, threshold: float) -> tuple[float, int, int] | None: ...

class Bound:
    def __init__(
        self, base: float, unseen: float, unigram: dict[str, float], pairs: dict[str, float],
        pair_default: float, again: float,
    ) -> None: ...
    def __call__(self, norm: str) -> float: ...

def best(
    phrases: Sequence[Any], text: Text, threshold: float, standalone: bool, ignored: str, slack: int,
    explained: float, make: Callable[[Any], Phrase],
) -> tuple[int, float, int, int] | None: ...

class PatternFilter:
    def __init__(
        self, by_gram: dict[str, int], always: int, width: int, slots: int,
        table: tuple[tuple[int, int, Any], ...],
    ) -> None: ...
    def candidates(self, key: str) -> dict[int, list[int]]: ...

def join(parts: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]: ...
