"""FRB001 禁语：话务员说了服务禁语 / 忌语 / 禁忌用语。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Finding
from grading.rules._general import norm, quote
from grading.rules.base import CallContext, Rule
from simulator.phrases.types import ForbiddenEntry

DEFAULT_TIP = "换成规范服务用语：先致歉或安抚，再说明能为对方做什么"


class ForbiddenPhrase(Rule):
    """禁语：话务员说了服务禁语 / 忌语 / 禁忌用语。

    检查什么
        话务员的每一句话里是否出现 grading/standards/forbidden.yaml 收录的禁语
        （原话、夹在长句里的、意思相同的说法、口语和方言说法（咋、啥、俺们）、
        识别器听成的同音字或去掉标点空格的写法都算），由唯一的短语匹配器识别。
        规范把禁语列为几类话（生硬、推诿、不耐烦、斥责、嘲讽、否定、命令……）的例子，
        所以每条禁语还写了这类话的常见说法；这些说法都没有命中时，再由按类别训练的模型判断
        这句话是不是同一类话的新说法（引用 000 服务禁忌的条款）；报告里写明是哪一类。
        每条禁语记一个一票否决的问题（同一段话同时像几条禁语时只记一次），
        引用话务员原话，附上该条目给话务员的说明（note，如有），
        给出该禁语条目里的规范说法。与禁语有相同字词的正确说法不算，例如
        “这个问题不归我们热线办理，我帮您转到……”是正确的转介，“您别着急，慢慢说”是要求的安抚语。
        识别置信度低、且只是近似匹配的句子记“识别不清”的轻微问题，不一票否决。

    为什么
        000 服务禁忌和禁语 服务禁语（一）至（二十六），例如（十二）“您问我，我问谁？”、
        （二十二）“不关我的事！或不归我管。”；004 六 5 禁忌用语：“急什么。”“找领导去，我管不着。”
        002 第二十五条：“尊重服务对象，禁止与服务对象发生争执或使用服务禁忌用语”。

    正确示例
        对不起，让您久等了。系统里查到的是工作日的办公时间，周六是否办公，
        请您拨打不动产登记中心的咨询电话确认。

    错误示例
        这个您问我，我去问谁啊？
    """

    code = "FRB001"
    name = "forbidden_phrase"
    title = "使用服务禁语"
    category = "forbidden"
    severity = "blocker"
    clause = "002-tiao-25"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        entries = _entries(ctx)
        for turn in ctx.operator_turns:
            said_before: list[str] = []  # one finding per stretch of words, however many entries match it
            hits = [h for h in ctx.hits(turn) if h.act == "forbidden" and h.entry is not None]
            for hit in sorted(hits, key=lambda h: (-h.score, -len(norm(h.quote)))):
                words = norm(hit.quote) or norm(turn.text)
                if any(words in other or other in words for other in said_before):
                    continue
                said_before.append(words)
                entry = entries.get(hit.entry or "")
                said = hit.quote.strip() or turn.text.strip()
                text = entry.text if entry is not None else hit.phrase
                kind = f"（{entry.kind}）" if entry is not None and entry.kind else ""
                clause = entry.clause if entry is not None else None
                tip = (entry.tip if entry is not None else "") or DEFAULT_TIP
                note = _note(entry)
                if ctx.unclear(turn) and hit.score < 100:
                    yield self.finding(
                        t=turn.t, quote=quote(turn), severity="minor", clause=clause, unclear=True,
                        message=f"识别不清（置信度 {turn.confidence or 0.0:.2f}），疑似说了服务禁语"
                                f"“{text}”{kind}：“{said}”{note}",
                        tip=f"{tip}（请靠近话筒、吐字清楚）",
                    )
                    continue
                yield self.finding(
                    t=turn.t, quote=quote(turn), clause=clause,
                    message=f"说了服务禁语“{text}”{kind}：“{said}”{note}", tip=tip,
                )


def _note(entry: ForbiddenEntry | None) -> str:
    """The entry's note for trainees, as a sentence to append to the message (``dev_note`` is
    for maintainers and never shown)."""
    note = entry.note.strip() if entry is not None else ""
    return f"。{note.rstrip('。')}" if note else ""


def _entries(ctx: CallContext) -> dict[str, ForbiddenEntry]:
    act = getattr(ctx.matcher, "acts", {}).get("forbidden")
    if act is None:
        from simulator.phrases.acts import load_acts

        library = load_acts()
        act = library.get("forbidden") if "forbidden" in library else None
    return _by_id(act.forbidden if act is not None else ())


_BY_ID: dict[int, tuple[tuple[ForbiddenEntry, ...], dict[str, ForbiddenEntry]]] = {}


def _by_id(entries: tuple[ForbiddenEntry, ...]) -> dict[str, ForbiddenEntry]:
    """The entries by id, once per table (by identity: hashing the table costs more than the
    dict; the table is kept with it, so its id stays its own). The caller must not change it."""
    known = _BY_ID.get(id(entries))
    if known is not None and known[0] is entries:
        return known[1]
    table = {e.id: e for e in entries}
    if len(_BY_ID) < 8:
        _BY_ID[id(entries)] = (entries, table)
    return table
