"""A test act library written from the seed standards, independent of grading/standards/*.yaml.

Phrases are the seeds' wording (000 服务应答规范, 002 附件1/2, 004 规范用语); the 禁语 are the 26
服务禁语 of seed 000, its 忌 lines, and the 禁忌用语 of seed 004. Used to measure the matcher's
precision and recall without depending on the act-library data files.
"""

from __future__ import annotations

from simulator.phrases.types import Act, ForbiddenEntry

_ACTS: dict[str, tuple[str, ...]] = {
    "greet": ("您好",),
    "self_identify": ("您好{hotline}", "这里是{hotline}"),
    "offer_help": ("请问有什么可以帮您", "请讲", "请说"),
    "apologise": ("对不起", "很抱歉", "非常抱歉", "给您添麻烦了", "请原谅"),
    "empathise": ("我理解您的心情", "您的心情我理解", "我能理解您的心情"),
    "soothe": ("您别着急慢慢说", "您别急请慢慢说"),
    "ask_repeat": ("请您再说一遍", "请您再重复一遍", "请您再讲一遍"),
    "ask_slow": ("请您慢点讲", "请您慢一点说"),
    "prompt_silent": ("请问您需要咨询什么问题", "您能听到我的声音吗", "请说"),
    "silent_notice": ("我听不到您的声音请您重新拨打", "您的电话没有声音请您换一部电话再打来"),
    "ask_speakerphone": ("您是不是使用免提", "请拿起话筒"),
    "announce_lookup": ("请稍等我帮您查一下", "请稍等", "请您稍等", "我为您查询相关信息"),
    "still_looking": ("我正在为您查询请您稍等", "我正在为您查询"),
    "thank_waiting": ("让您久等了", "谢谢您的耐心等待"),
    "state_line": ("我这里是{hotline}",),
    "refer": ("请致电{department}", "请拨打{phone}", "请您拨打"),
    "offer_transfer": ("我为您转接到", "将电话转至", "为您转接"),
    "record_problem": ("我已经记录下来了", "我帮您登记", "我给您登记"),
    "give_time": ("个工作日内给您回复", "尽快给您回复"),
    "escalation_line": ("为您服务帮您解决问题是我的工作职责",),
    "anything_else": ("请问还有什么可以帮您",),
    "thanks": ("谢谢", "感谢您的来电"),
    "goodbye": ("再见",),
    "harassment_line": ("您的问题与我们的服务无关我将挂断您的电话",),
    "privacy_refusal": ("来电者的资料都是保密的",),
    "thank_feedback": ("谢谢您的建议", "很感谢您的宝贵意见"),
    "accept_praise": ("这是我们应该做的",),
    "ask_name": ("请问您贵姓", "怎么称呼您"),
    "ask_contact": ("留下您的联系方式", "怎么联系您"),
    "ask_details": ("请问具体地址", "哪一天", "哪个科室"),
    "confirm": ("您是说", "对吗"),
    "interrupt_politely": ("对不起我打断一下", "请允许我打断一下"),
    "argue": ("不是这样的", "你听我说", "那是你自己的问题", "我们的做法没有错"),
    "chat": ("哈哈", "你猜", "聊聊"),
}

# (id, text, variants, standalone)
_FORBIDDEN: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("f000-01", "喂讲话", ("喂嘿讲话",), False),
    ("f000-02", "您的电话怎么回事一会儿大一会儿小的", (), False),
    ("f000-03", "我不是跟您说得很清楚了吗", (), False),
    ("f000-04", "什么意思", (), True),
    ("f000-05", "谁告诉您的", (), False),
    ("f000-06", "您听明白了吗", (), False),
    ("f000-07", "别人跟您说的别人怎么知道", (), False),
    ("f000-08", "干嘛还不挂机", (), False),
    ("f000-09", "我怎么知道", (), False),
    ("f000-10", "您怎么这样", (), False),
    ("f000-11", "刚才跟您说过了怎么还问", (), False),
    ("f000-12", "您问我我问谁", (), False),
    ("f000-13", "怎么现在才说", (), False),
    ("f000-14", "您着急什么", ("急什么",), False),
    ("f000-15", "我就这个态度", (), False),
    ("f000-16", "没法查没办法", ("没法查",), False),
    ("f000-17", "您到底想怎么样嘛", (), False),
    ("f000-18", "您要投诉就投诉吧", (), False),
    ("f000-19", "您小声一点行不行", (), False),
    ("f000-20", "叫您旁边的人别说话", (), False),
    ("f000-21", "大声点我听不清", (), False),
    ("f000-22a", "不关我的事", (), False),
    ("f000-22b", "不归我管", (), False),
    ("f000-23", "以前的事情我不知道", (), False),
    ("f000-24", "这事与我们无关", (), False),
    ("f000-25", "我要下班了您明天再打来吧", (), False),
    ("f000-26", "这不是我们的责任是您自己造成的", (), False),
    ("f000-j1", "喂查什么", (), False),
    ("f000-j2", "打错了真烦", (), False),
    ("f000-j3", "喂出声呀说啊再不出声就挂机啦", ("再不出声就挂机",), False),
    ("f000-j4", "快点说", (), False),
    ("f000-j5", "你先听我说完么", (), False),
    ("f000-j6", "等一会", (), True),
    ("f000-j7", "不知道", (), True),
    ("f000-j8", "又不是我的错", (), False),
    ("f000-j9", "不清楚", (), True),
    ("f000-j10", "解决不了", (), False),
    ("f000-j11", "你提意见也没用", (), False),
    ("f000-j12", "真麻烦真糟糕", (), False),
    ("f000-j13", "你不要说了我又解决不了", (), False),
    ("f000-j14", "我只是个小兵你说了也没用", (), False),
    ("f000-j15", "你有本事去告呀", (), False),
    ("f000-j16", "你投诉也没用", (), False),
    ("f004-01", "你找谁", (), True),
    ("f004-03", "找领导去我管不着", ("我管不着",), False),
    ("f004-04", "我不是已经跟你说了吗", (), False),
    ("f004-05", "有本事你随便告", (), False),
    ("f004-07", "为人民服务不是为你服务", (), False),
    ("f004-09", "你怎么什么也不懂", (), False),
)


def seed_library() -> dict[str, Act]:
    acts = {aid: Act(id=aid, name=aid, phrases=phrases) for aid, phrases in _ACTS.items()}
    acts["answer"] = Act(id="answer", name="解答", phrases=(), patterns=("[零一二三四五六七八九]{5,}",))
    entries = tuple(
        ForbiddenEntry(id=fid, text=text, clause="000-jinyu", variants=variants, standalone=standalone)
        for fid, text, variants, standalone in _FORBIDDEN
    )
    acts["forbidden"] = Act(id="forbidden", name="禁语", phrases=(), forbidden=entries)
    return acts
