"""CRT002 文明用语：答复里用“大概、可能、也许”等含糊词语。"""

from __future__ import annotations

from collections.abc import Iterator

from grading.model import Event, Finding
from grading.rules._general import norm, quote
from grading.rules.base import CallContext, Rule

# Besides the exceptions in courtesy.yaml: 尽可能 (as much as possible) and 不可能 (a definite no)
# say nothing vague.
NOT_VAGUE = ("尽可能", "不可能")
# A lookup announcement may estimate the wait (000 服务应答规范 5: 交待清楚所需大约时间).
WAIT_ACTS = ("announce_lookup", "still_looking")
EXCEPTION_SCORE = 80.0  # how well a standard phrase must occur for its vague word to be excused


class VagueAnswer(Rule):
    """文明用语：答复里用“大概、可能、也许”等含糊词语。

    检查什么
        话务员的句子里出现 courtesy.yaml 的含糊词（“大概”“可能”“也许”，以及“估计”
        “说不定”“好像是”等同类说法）。不算的情况：词表列出的规范用语本身
        （000 服务应答规范 2 的“可能没能充分理解您的意思”、001 的“可能没有理解您的意思”，
        识别器写出的同音字照样认得）；“尽可能”“不可能”；查询时告知大约还要等多久
        （带“请稍等”“我正在为您查询”的句子）。每句最多记一次。识别置信度低的句子不检查。

    为什么
        004 七 3.5：“首问责任人严格按照相关的法律、法规、规章、条例、标准、规范和有关政策，
        答复提出的相关问题，不使用‘大概、可能、也许’等词语；坚持实事求是的原则，对于不清楚、
        掌握不准确的问题应及时请示主管领导，给予咨询人一个准确的解答。”
        000 职业用语的基本要求 1：“语意明确：清晰明白，不含混，不摸棱两可”。

    正确示例
        市第一人民医院儿科周六周日都有门诊，上午八点到十二点，下午两点到五点半。

    错误示例
        周六大概也上班吧，您可能得自己去看看。
    """

    code = "CRT002"
    name = "vague_answer"
    title = "答复含糊（大概/可能/也许）"
    category = "courtesy"
    severity = "minor"
    clause = "004-hui-3-5"

    def check(self, ctx: CallContext) -> Iterator[Finding]:
        from grading.data import courtesy

        wordlist = courtesy().vague
        words = tuple(dict.fromkeys(norm(w) for w in wordlist.all_words if norm(w)))
        for turn in ctx.operator_turns:
            if ctx.unclear(turn) or ctx.has(turn, *WAIT_ACTS) is not None:
                continue
            found = _vague(ctx, turn, words, wordlist.exceptions)
            if not found:
                continue
            listed = "”“".join(found)
            yield self.finding(
                t=turn.t, quote=quote(turn), clause=wordlist.clause,
                message=f"答复里用了含糊的“{listed}”，没有给出确切答复",
                tip="按规定给出确切答复；没有把握的先查询或请示，再答复来电者，或记录后限时回复",
            )


def _vague(ctx: CallContext, turn: Event, words: tuple[str, ...], exceptions: tuple[str, ...]) -> list[str]:
    text = norm(turn.text)
    for phrase in NOT_VAGUE:
        text = text.replace(phrase, "")
    found = [w for w in words if w in text]
    if not found:
        return []
    excused = {w for w in found for exc in exceptions
               if w in norm(exc) and ctx.matcher.score(turn.text, exc, EXCEPTION_SCORE) >= EXCEPTION_SCORE}
    return [w for w in found if w not in excused]
