"""Choosing among whisper's candidates with what the call expects.

Whisper's beam search ends with several candidates (the n-best list); the best-scored one is not
always the right one — 何时后联系您 beats 核实后联系您 by a hair, 市为建委 beats 市卫健委. The
call knows words the operator is likely to say: the line's names, its directory's departments and
phones (:attr:`Hints.words`) and the current node's expected phrases (:attr:`Hints.phrases`).

:func:`choose` snaps every candidate to the call's words (:func:`simulator.hearing.vocabulary.snap`)
and scores it: whisper's mean token log-probability, plus :data:`BONUS` for each character of the
candidate that the call's words or the node's phrases cover *verbatim* (over the candidate's
length). A candidate that stopped early (the beam keeps some that end after the first sentence:
their mean log-probability is no worse, and the call's words cover more of what is left) is
never chosen. A candidate whisper thinks much less likely still loses: the bonus is capped at
:data:`BONUS`, about the log-probability gap between near-ties in the beam. Text the call does not
know is decided by whisper alone.
"""

from __future__ import annotations

from simulator.hearing.hints import Hints

BONUS = 0.25  # log-probability per token a candidate fully covered by the call's words may gain
COMPLETE = 0.85  # a candidate shorter than this share of the longest one stopped early: not chosen


def covered(text: str, words: tuple[str, ...] | list[str]) -> int:
    """How many characters of ``text`` one of ``words`` covers verbatim (longest words first)."""
    if not text:
        return 0
    mark = [False] * len(text)
    for word in sorted({w for w in words if len(w) >= 2}, key=len, reverse=True):
        start = text.find(word)
        while start >= 0:
            for i in range(start, start + len(word)):
                mark[i] = True
            start = text.find(word, start + len(word))
    return sum(mark)


def plain(text: str) -> str:
    """Only the words: no punctuation or spaces (whisper's candidates differ in both)."""
    return "".join(ch for ch in text if ch.isalnum())


def choose(candidates: list[tuple[str, float]], hints: Hints, bonus: float = BONUS) -> str:
    """The candidate text (``(text, mean token log-probability)``, best first) to keep."""
    if not candidates:
        return ""
    from simulator.hearing.vocabulary import snap

    known = (*hints.words, *(plain(p) for p in hints.phrases))
    longest = max(len(plain(text)) for text, _ in candidates)
    best: tuple[float, int, str] | None = None
    for rank, (text, logprob) in enumerate(candidates):
        snapped = snap(text, hints.words) if hints.words else text
        bare = plain(snapped)
        if len(plain(text)) < COMPLETE * longest:
            continue  # a candidate that stopped early: its words are fewer, not better
        share = covered(bare, known) / max(1, len(bare))
        score = logprob + bonus * share
        if best is None or score > best[0] + 1e-9:
            best = (score, rank, snapped)
    return best[2] if best is not None else candidates[0][0]
