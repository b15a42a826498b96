"""What a finding's citation means to a trainee: the standard's name, the clause's title and text.

A :class:`~grading.model.Finding` cites its clause as ``"<seed file> <place>"`` (the contract's
string, kept in records and report JSON). Reports show it resolved through ``clauses.yaml``:

>>> c = resolve("002_1dcf54697941c951.txt 附件2 2(4)")
>>> c.label
'《江苏省12320咨询服务工作规范（试行）》附件2 2(4)「来电者不讲话」'
>>> c.excerpt(20)
'（4）接听电话过程中遇到来电者不讲话时…'
>>> quoted(resolve("000_423174f9e1f791de.txt 服务禁语(九)").text)
'“（九）‘我怎么知道？！’”'

A citation the data does not know (an older stored report, a hand-made finding) still shows what
can be told: the standard's name when the seed file is known, else the citation as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from grading.data import StandardsError, clause_by_citation, documents

__all__ = ["Citation", "quoted", "resolve", "shorten"]


def quoted(text: str) -> str:
    """``text`` in Chinese double quotes, its own “…” turned into ‘…’ so the quotes nest."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``…`` when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip("，、；： ") + "…"


@dataclass(frozen=True, slots=True)
class Citation:
    """One finding's clause citation, resolved for people."""

    raw: str  # the contract's string, "<seed file> <place>"
    seed: str  # seed file name ("" when the citation has no recognisable one)
    place: str  # place in the seed, e.g. "附件2 2(4)"
    document: str = ""  # the standard's Chinese name; "" when the seed file is unknown
    title: str = ""  # clause title; "" when no clause has this citation
    text: str = ""  # clause text quoted from the standard
    clause_id: str = ""

    @property
    def known(self) -> bool:
        """A clause of ``clauses.yaml`` has this citation."""
        return bool(self.clause_id)

    @property
    def label(self) -> str:
        """``《规范名称》位置「标题」`` — as much of it as is known, else the raw citation. The title
        is left out when the place already says it (``服务禁语(九)``)."""
        if not self.document:
            return self.raw
        out = f"《{self.document}》{self.place}"
        return f"{out}「{self.title}」" if self.title and self.title not in self.place else out

    def excerpt(self, limit: int = 80) -> str:
        """The clause text, at most ``limit`` characters (``…`` when cut); "" when unknown."""
        return shorten(self.text, limit) if self.text else ""


def resolve(citation: str) -> Citation:
    """The clause and standard a finding's ``clause`` string refers to (never raises)."""
    raw = citation.strip()
    try:  # a broken standards file must not hide a stored report: show the citation as it is
        clause = clause_by_citation(raw)
        names = documents()
    except StandardsError:
        return Citation(raw=raw, seed="", place=raw)
    if clause is not None:
        return Citation(raw=raw, seed=clause.seed, place=clause.place, document=names[clause.seed],
                        title=clause.title, text=clause.text, clause_id=clause.id)
    seed, _, place = raw.partition(" ")
    name = names.get(seed, "")
    if not name:
        return Citation(raw=raw, seed="", place=raw)
    return Citation(raw=raw, seed=seed, place=place.strip(), document=name)
