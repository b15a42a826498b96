"""Library phrases changed a little, inside filler: the near-misses of the phrase search's tests
(test_prefilter's soundness, test_speedups' C-against-Python comparisons)."""

from __future__ import annotations

import random

from traps import CORRECT

FILLER = "".join(CORRECT)
NOISE = "的一是了我不在人们有来他这上着个地到大里说就去子得也和那要下看天时过出小么起你都把好还多没为又可家学只以主会样年想能生同老中十从自面前头道它后然走很像见两用她国动进成回什边作对开而己些现山民候经发工向事命给长水几义三声于高正妈手知理眼志点心战二问但身方实吃做叫当住听革打呢真党全才四已所敌之最光产情路分总条白话东席次亲如被花口放儿常西气五第使写军吧文运再果怎定许快明行因别飞外树物活部门无往船望新带队先力完间却站代员机更九您每风级跟笑啊孩万少直意夜比阶连车重便斗马哪化太指变社似士者干石满日决百原拿群究各六本思解立河爸村八难早论吗根共让相研今其书坐接应关信觉死步反处记将千找争领或师结块跑谁草越字加脚紧爱等习阵怕月青半火法题建赶位唱海七女任件感准张团屋离色脸片科倒睛利世病刚且由送切星导晚表够整认响雪流未场该并底深刻平伟忙提确近亮轻讲农古黑告界拉名呀土清阳照办史改历转画造嘴此治北必服雨穿父内识验传业菜爬睡兴"  # noqa: E501


def mutated(rng: random.Random, phrases: list[str], count: int) -> list[str]:
    """Phrases with up to three characters replaced, inserted or dropped, inside correct speech
    (the traps' correct sentences): near-misses and near-hits of the phrase search."""
    out = []
    for _ in range(count):
        chars = list(rng.choice(phrases))
        for _ in range(rng.randint(0, 3)):
            op, k = rng.randint(0, 2), rng.randrange(len(chars) + 1)
            if op == 0 and k < len(chars):
                chars[k] = rng.choice(NOISE)
            elif op == 1:
                chars.insert(k, rng.choice(NOISE + "啊呀吧们"))
            elif k < len(chars) and len(chars) > 1:
                del chars[k]
        start = rng.randrange(len(FILLER) - 20)
        out.append(FILLER[start : start + rng.randint(0, 12)] + "".join(chars) + FILLER[start : start + 6])
    return out
