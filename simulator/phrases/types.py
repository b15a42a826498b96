"""Shared types of the phrase matcher and the speech-act library.

The matcher (:mod:`simulator.phrases.matcher`) and the act library loader
(:mod:`simulator.phrases.acts`) agree on these; the engine and grading only see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MatchContext:
    """Facts of the current call that phrase placeholders refer to.

    ``{hotline}`` expands to each of ``hotline_names``, ``{department}`` to each of
    ``departments`` and ``{phone}`` to each of ``phones``.
    """

    hotline_names: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


EMPTY_CONTEXT = MatchContext()


@dataclass(frozen=True, slots=True)
class ForbiddenEntry:
    """One 服务禁语 / 忌语 / 禁忌用语 from the standards data."""

    id: str  # stable id, e.g. "f000-12"
    text: str  # the phrase as the seed writes it
    clause: str  # clause id in clauses.yaml
    variants: tuple[str, ...] = ()  # hand-written paraphrases matched like the text
    patterns: tuple[str, ...] = ()  # regular expressions over normalised text (Simplified, no punctuation)
    tip: str = ""  # what to say instead
    # True: only a 禁语 when the whole utterance is essentially just this (e.g. a bare 不知道 / 再见);
    # the matcher must not fire on it inside a longer, otherwise correct sentence. It applies to
    # ``text``, ``variants`` and ``patterns``, not to ``patterns_anywhere``.
    standalone: bool = False
    note: str = ""  # for trainees: why / when this is a 禁语 (shown in reports, not matched)
    also: tuple[str, ...] = ()  # further clause ids that list the same words (e.g. 004 七 3.5 repeats 四 2.9)
    # Regular expressions of a standalone entry that hit anywhere in the utterance: the context that
    # makes the words rude is written into the expression (^急什么: 急什么 opening the utterance).
    patterns_anywhere: tuple[str, ...] = ()
    dev_note: str = ""  # for maintainers: why the entry matches the way it does (never shown)
    # The kind of speech the seeds list this 禁语 as an example of (生硬、推诿、不耐烦、斥责、嘲讽、
    # 否定、命令 …); reports name it, so a trainee learns the kind, not only the words.
    kind: str = ""
    # Regular expressions over the whole normalised utterance that make it NOT this 禁语: the
    # politeness that turns an order into a request (请、麻烦您 … 好吗).
    unless: tuple[str, ...] = ()
    # True: the words are not searched for; the entry stands for its ``kind`` when the learned
    # detector (:mod:`simulator.phrases.kindmodel`) finds that kind of 禁语 in other words.
    model: bool = False
    # False: graded as a 禁语, but no reason for a caller to take offence (a lone 喂 on answering: the
    # caller just starts talking); the engine does not react to it as a 禁语.
    offends: bool = True


@dataclass(frozen=True, slots=True)
class Act:
    """A speech act of the operator, recognised by its phrases."""

    id: str
    name: str  # Chinese name shown to trainers, e.g. 问候
    phrases: tuple[str, ...]  # may contain {hotline}, {department}, {phone}
    patterns: tuple[str, ...] = ()  # regular expressions over normalised text
    clauses: tuple[str, ...] = ()  # clause ids in clauses.yaml
    mood: int = 0  # default mood change when the trainee does this (+ angrier, - calmer)
    description: str = ""
    forbidden: tuple[ForbiddenEntry, ...] = field(default=())  # only for the `forbidden` act
    # said after a negation (不能 / 没法 / 不会 …) it is still this act (an answer that something
    # is not needed); False: the negation undoes it (不能帮您转接 offers no transfer)
    negation_keeps: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """An act found in an utterance."""

    act: str
    score: float  # 0–100
    phrase: str  # the library phrase (placeholders expanded) or pattern that matched
    quote: str  # the part of the original utterance that matched (best effort)
    entry: str | None = None  # ForbiddenEntry.id for `forbidden` hits
