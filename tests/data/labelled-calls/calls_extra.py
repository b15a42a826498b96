"""The labelled set's scenario-specific calls: the flaws each scenario is about, written from the
seeds, many of them partial or in other words (see build.py for the turn format)."""

from __future__ import annotations

from typing import Any

from calls_base import CLOSE, H12320, H95598, H96128, HHEAT

_ALL = ("opening", "closing", "forbidden", "courtesy", "timing", "interrupt", "pace",
        "silent", "misroute", "complaint", "harassment", "dialect", "hold", "privacy", "transfer")


def L(passed: bool, flag: tuple[str, ...] = (), open_: tuple[str, ...] = (), why: str = "") -> dict[str, Any]:
    return {"passed": passed, "categories": list(flag),
            "absent": [c for c in _ALL if c not in flag and c not in open_], "why": why}


G12320 = "O 您好，12320卫生热线，请讲。"
G95598 = "O 您好，95598供电服务热线，请问有什么可以帮您？"
G96128 = "O 您好，96128政务信息查询专线，请问有什么可以帮您？"
GHEAT = "O 您好，我是恒源热力集团话务员，请问有什么可以帮您？"
P1 = "O 您好，请问您需要咨询什么问题？"
P2 = "O 您好，请问您能听到我的声音吗？"
NOTICE = "O 对不起，我听不到您的声音，请您重新拨打。"

SILENT: list[tuple[str, str, dict[str, Any], list[str], float, dict[str, Any]]] = [
    ("silent-ok", "silent-caller", H12320, [G12320, "W 4", P1, "W 4", P2, "W 4", NOTICE, "X operator"], 3.0,
     L(True, why="002 附件2 2(4) 两次提示、告知后挂机")),
    ("silent-ok-000-wording", "silent-caller", H96128,
     [G96128, "W 4", "O 您好，请说！", "W 3.5", "O 您好，请问您需要咨询什么问题？", "W 4",
      "O 对不起，我听不到您的声音，请您重新拨打，谢谢您的来电，再见。", "X operator"], 3.0,
     L(True, why="000 服务应答规范 3 的说法")),
    ("silent-ok-asr", "silent-caller", H95598,
     ["O 您 好 九 五 五 九 八 供 电 服 务 热 线 请 问 有 什 么 可 以 帮 您", "W 4",
      "O 您好请问您需要咨询什么问题", "W 4", "O 您好请问您能听到我的生音吗", "W 4",
      "O 对不起我听不到您的生音请您重新拨打", "X operator"], 3.0, L(True, why="识别器写法")),
    ("silent-greet-once-hangup", "silent-caller", H12320, [G12320, "W 8", "X operator"], 3.0,
     L(False, ("silent",), ("closing",), "只问候一次就挂机：000 服务应答规范 3 忌")),
    ("silent-one-prompt-notice", "silent-caller", H95598, [G95598, "W 4", P1, "W 4", NOTICE, "X operator"], 3.0,
     L(False, ("silent",), ("closing",), "只提示一次：002 附件2 2(4)")),
    ("silent-no-notice", "silent-caller", H12320, [G12320, "W 4", P1, "W 4", P2, "W 4", "X operator"], 3.0,
     L(False, ("silent",), ("closing",), "不说告知语就挂机：000 服务应答规范 3 忌 沉默收线")),
    ("silent-rude-chusheng", "silent-caller", H12320, [G12320, "W 4", P1, "W 4", "O 喂，出声呀！再不出声我挂了啊。", "W 3", "X operator"], 3.0,
     L(False, ("forbidden",), ("silent", "closing", "courtesy"), "000 服务禁语(二十)")),
    ("silent-rude-in-passing", "silent-caller", H96128,
     [G96128, "W 4", P1, "W 4", "O 您倒是说话啊，我这边还有别的电话呢。", "W 4", NOTICE, "X operator"], 3.0,
     L(False, ("forbidden",), ("silent", "closing", "courtesy"), "催促不出声的来电者：000 服务禁语(一)(二十) 一类")),
    ("silent-no-name", "silent-caller", H12320, ["O 您好，请讲。", "W 4", P1, "W 4", P2, "W 4", NOTICE, "X operator"], 3.0,
     L(False, ("opening",), (), "没有自报家门：002 附件1 1(1)")),
    ("silent-ring-hangup", "silent-caller", H12320, ["X operator"], -1,
     L(False, ("timing",), ("opening", "closing", "silent"), "振铃中挂断：没有接听的电话不是通过")),
]

HARASS = [
    ("harass-ok", "harassment-call", H12320,
     [G12320, "C 小妹妹，陪哥哥聊会儿天呗。", "O 对不起，您的问题与我们的服务无关，我将挂断您的电话。", "X operator"], 3.0,
     L(True, why="002 附件2 3(3)")),
    ("harass-ok-one-redirect", "harassment-call", H95598,
     [G95598, "C 你声音真好听，你多大了？", "O 先生，请问您有用电方面的问题需要咨询吗？", "C 没有，就想跟你聊聊。",
      "O 对不起，您的问题与我们的服务无关，我将挂断您的电话。", "X operator"], 3.0,
     L(True, why="先引导一次，再说规范用语挂机")),
    ("harass-chats-along", "harassment-call", H95598,
     [G95598, "C 你声音真好听，你多大了？", "O 哈哈，您猜猜看呀，我比您想的年轻。", "C 有男朋友没有？",
      "O 这个可不能告诉您，嘿嘿。", "C 那加个微信呗。", "O 对不起，您的问题与我们的服务无关，我将挂断您的电话。", "X operator"], 3.0,
     L(False, ("harassment",), ("courtesy", "closing", "forbidden"), "与骚扰者闲聊：000 服务禁忌(八)；002 附件2 3(3)")),
    ("harass-scolds", "harassment-call", H96128,
     [G96128, "C 小姐姐，你长得漂亮不？", "O 你有病吧？没事别瞎打电话！", "X operator"], 3.0,
     L(False, ("forbidden",), ("harassment", "closing", "courtesy"), "斥责来电者：000 服务禁忌(六)")),
    ("harass-hangs-up-silently", "harassment-call", H12320,
     [G12320, "C 小妹妹，陪哥哥聊会儿天呗。", "X operator"], 3.0,
     L(False, ("harassment",), ("closing",), "没说规范用语直接挂断：002 附件2 3(3)")),
    ("harass-line-no-hangup", "harassment-call", H12320,
     [G12320, "C 小妹妹，陪哥哥聊会儿天呗。", "O 对不起，您的问题与我们的服务无关，我将挂断您的电话。",
      "C 别挂嘛，再聊两句。", "O 您还有别的事吗？", "C 就想听你说话。", "X caller"], 3.0,
     L(False, ("harassment",), ("closing", "courtesy", "timing"), "说了告知语却不挂机：002 附件2 3(3)")),
]

MISROUTE = [
    ("mis-no-apology", "misrouted-call", H12320,
     [G12320, "C 我想问问医保报销的事，材料怎么准备？", "O 这里是12320卫生热线，医保报销请致电市医疗保障局，电话12393。",
      "C 好吧。", *CLOSE], 3.0, L(False, ("misroute",), ("courtesy",), "没有致歉：000 服务应答规范 2")),
    ("mis-no-number", "misrouted-call", H12320,
     [G12320, "C 我想问问医保报销的事。", "O 对不起，这里是12320卫生热线，医保报销的问题请您找医保部门咨询。",
      "C 医保部门电话多少？", "O 您可以查一下。", *CLOSE], 3.0,
     L(False, ("misroute",), ("courtesy", "forbidden"), "只说找医保部门，不给电话：000 服务应答规范 2")),
    ("mis-wrong-number-12345", "misrouted-call", H12320,
     [G12320, "C 我从12345转过来的，我妈住院的医保报销怎么报？",
      "O 对不起，刚才给您转接的同事可能没能充分理解您的意思，我这里是12320卫生热线，医保报销的问题请您拨打12345政务服务便民热线。",
      "C 我就是从12345转过来的啊！", "O 那您再打一次试试。", *CLOSE], 3.0,
     L(False, ("misroute",), ("courtesy", "forbidden"), "报了 12345 而不是市医疗保障局 12393：000 服务应答规范 2")),
    ("mis-power-ok", "misrouted-call", H12320,
     [G12320, "C 喂，我家停电了，你们什么时候来电？",
      "O 对不起，这里是12320卫生热线，停电的问题请您拨打95598供电服务热线。", "C 哦，打错了，谢谢。",
      "O 不客气。", *CLOSE], 3.0,
     L(True, why="致歉、说明本线、部门和电话")),
    ("mis-bu-gui-women-guan", "misrouted-call", H12320,
     [G12320, "C 我想问问医保报销的事。", "O 这个不归我们管，您打12393吧。", "C 什么态度！", "X caller"], 3.0,
     L(False, ("forbidden",), ("misroute", "closing", "courtesy"),
       "000 服务禁语(二十二)；也没有致歉")),
    ("mis-consented-transfer", "misrouted-call", H12320,
     [G12320, "C 我想问问医保报销的事。",
      "O 对不起，这里是12320卫生热线，医保报销归市医疗保障局管理，我为您转接到市医疗保障局，您看可以吗？",
      "C 可以。", "O 好的，请不要挂机。", "T 市医疗保障局"], 3.0, L(True, why="征得同意后转接")),
]

COMPLAINT = [
    ("cmp-argues", "angry-complainant", H12320,
     [G12320, "C 你们12320管不管事？医生冲我们嚷嚷！", "O 先生，您别着急，很抱歉。", "C 道歉有什么用，你们都是吃干饭的！",
      "O 您这么说就不对了，我们每天接几百个电话，也很辛苦的，您不能这样说我们。", "C 行，我投诉你！", "X caller"], 3.0,
     L(False, ("complaint",), ("forbidden", "courtesy", "closing"), "与投诉者争执：000 服务禁忌(五)")),
    ("cmp-no-apology", "angry-complainant", H12320,
     [G12320, "C 我爸在急诊等了三个钟头没人管！", "O 请问是哪一天、哪个医院？", "C 昨天晚上，市第一医院。",
      "O 好的，您反映的情况我已经记录下来了，五个工作日内给您回复。", "C 好吧。", *CLOSE], 3.0,
     L(False, ("complaint",), ("courtesy",), "没有安抚、致歉：001 处理投诉的要诀；000 服务应答规范 10")),
    ("cmp-no-time", "angry-complainant", H12320,
     [G12320, "C 我爸在急诊等了三个钟头没人管！", "O 先生，您别着急，给您添麻烦了，很抱歉。", "C 昨天晚上，市第一医院。",
      "O 好的，您反映的情况我已经记录下来了，会转给医政医管处处理。", "C 那什么时候给我答复？", "O 这个要看那边处理的情况。",
      "C 算了。", *CLOSE], 3.0, L(False, ("complaint",), ("courtesy", "forbidden"), "没有告知回复时限：001 投诉处理(三)")),
    ("heat-jinkuai-only", "heating-no-heat", HHEAT,
     [GHEAT, "C 俺家暖气拔凉拔凉的，三天前就报修了，到现在没人来！", "O 大姐，您别急，很抱歉给您添麻烦了。",
      "O 请问您贵姓？请您详细说一下您家的地址。", "C 孙大姐，北苑小区六号楼。", "O 好的，您反映的情况我已经记录下来了。",
      "C 那啥时候来人啊？", "O 我们会尽快安排维修人员上门的。", "C 又是尽快……行吧。", *CLOSE], 3.0,
     L(False, ("complaint",), ("courtesy",), "问什么时候来人，只答“尽快”：004 七 3.5；001 投诉处理(三)")),
    ("heat-dagai", "heating-no-heat", HHEAT,
     [GHEAT, "C 俺家暖气不热，三天了！", "O 大姐，您别急，很抱歉给您添麻烦了，您的情况我已经记录下来了。",
      "C 那啥时候来人？", "O 大概明天吧，可能下午，也许会晚一点。", "C 到底哪天？", "X caller"], 3.0,
     L(False, ("complaint",), ("courtesy", "closing"), "大概、可能、也许：004 七 3.5")),
    ("power-no-apology", "power-outage", H95598,
     [G95598, "C 我家突然停电了，什么时候能来电？", "O 请您报一下您的地址。", "C 幸福小区三栋。",
      "O 线路故障，抢修人员在现场，预计下午六点前恢复供电，您的情况我已经记录下来了。", "C 好吧。", *CLOSE], 3.0,
     L(False, ("complaint",), ("courtesy",), "停电没有致歉、安抚：003 表 23；000 服务应答规范 10")),
    ("cmp-tousu-jiu-tousu", "angry-complainant", H12320,
     [G12320, "C 你们这服务太差了，我要投诉！", "O 您要投诉就投诉吧，随便您。", "C 什么态度！", "X caller"], 3.0,
     L(False, ("forbidden",), ("complaint", "closing", "courtesy"),
       "000 服务禁语 投诉就投诉（对投诉者说，也可记在投诉处理下）")),
    ("cmp-interrupts", "angry-complainant", H12320,
     [G12320, "C 你们12320到底管不管事？我爸七十多岁了，昨天晚上在市第一医院急诊等了三个多钟头没人管，那个医生还冲我们嚷嚷！",
      "OV 3 行了行了您先别说了，我知道了我知道了。", "C 你听我说完！", "O 对不起先生，您别着急，很抱歉，您慢慢说。",
      "C 算了。", "X caller"], 3.0,
     L(False, ("interrupt",), ("complaint", "forbidden", "courtesy", "closing"), "打断来电者：000 服务禁忌(一)")),
    ("sugg-ok-jinkuai-unasked", "suggestion-criticism", HHEAT,
     [GHEAT, "C 你们这个热线也太难打了，占线好几回！", "O 对不起，让您打了这么多次，给您添麻烦了。谢谢您的批评，我会尽快向上级反映。",
      "C 行，你们改进改进。", *CLOSE], 3.0, L(True, why="004 六 3.5 “我会尽快处理并给您回复”；没有被问时间")),
]

HOLD = [
    ("hold-56s-no-reprompt", "lookup-hold", H12320,
     [G12320, "C 我想问市第一医院周末有没有儿科门诊？", "O 请您稍等，我为您查询。", "H 56",
      "O 对不起，让您久等了，周六周日都有儿科门诊。", "C 好吧。", *CLOSE], 3.0,
     L(False, ("hold",), ("courtesy", "timing"), "保持 56 秒没有再次提示：002 附件1 2(4)")),
    ("hold-unannounced", "lookup-hold", H12320,
     [G12320, "C 我想问市第一医院周末有没有儿科门诊？", "H 15", "O 周六周日都有儿科门诊。", "C 哦，好。", *CLOSE], 3.0,
     L(False, ("hold",), ("courtesy", "timing"), "没有说请稍等就保持：000 服务应答规范 5")),
    ("hold-no-thanks", "lookup-hold", H12320,
     [G12320, "C 我想问市第一医院周末有没有儿科门诊？", "O 请您稍等，我为您查询。", "H 15",
      "O 周六周日都有儿科门诊，上午八点到十二点。", "C 好的。", *CLOSE], 3.0,
     L(True, ("hold",), ("courtesy",), "查询后没说让您久等了：轻微")),
    ("hold-40s-reprompted", "lookup-hold", H96128,
     [G96128, "C 我想问一下市社保中心周六办不办公？", "O 请您稍等，我帮您查一下。", "H 25",
      "O 对不起，让您久等了，我还在为您查询，请您再稍等一下。", "H 15",
      "O 让您久等了，市社保中心周六上午办公。", "C 好的，谢谢。", "O 不客气。", *CLOSE], 3.0,
     L(True, why="长时间查询中间再次提示：002 附件1 2(4)")),
]

OTHER = [
    ("privacy-leak", "privacy-request", H12320,
     [G12320, "C 我是市第一医院的钱主任，刚才投诉我们的家属，电话号码告诉我一下。", "O 好的，他的电话是13912345678。",
      "C 好，谢谢。", *CLOSE], 3.0, L(False, ("privacy",), ("courtesy",), "透露来电者信息：002 附件2 2(3)")),
    ("privacy-refuses-no-reason", "privacy-request", H12320,
     [G12320, "C 我是钱主任，把投诉人的电话给我。", "O 这个不能给您。", "C 为什么？", "O 规定不能给。",
      "C 行吧。", *CLOSE], 3.0, L(False, ("privacy",), ("courtesy", "forbidden"), "没有说明资料保密并致歉：002 附件2 2(3)")),
    ("transfer-no-consent", "transfer-consent", H96128,
     [G96128, "C 你好，我想问一下失业保险金怎么申领？", "O 这个我给您转到市人社局失业保险科。", "T 市人社局失业保险科"], 3.0,
     L(False, ("transfer",), ("courtesy", "closing"), "没有征得同意就转接：001 转接礼仪(2)")),
    ("transfer-unexplained", "transfer-consent", H96128,
     [G96128, "C 你好，我想问一下失业保险金怎么申领？", "O 我给您转接一下，可以吗？", "C 可以。", "T 市人社局失业保险科"], 3.0,
     L(False, ("transfer",), ("courtesy", "closing"), "没有说明转接原因：001 转接礼仪(1)")),
    ("dialect-hangs-up", "dialect-speaker", H96128,
     [G96128, "C 喂，我係廣東過嚟旅遊嘅，想問下出入境管理喺邊度？", "O 听不懂，您说普通话。", "C 我……唔識講……", "X operator"], 3.0,
     L(False, ("dialect",), ("closing", "forbidden", "courtesy"), "挂断方言来电：002 附件2 2(7) 切忌挂断")),
    ("dialect-no-slow", "dialect-yunnan-elder", H95598,
     [G95598, "C 喂，小妹，我家头那个电灯嘛，这两天一闪一闪嘞。", "O 什么？您说什么？", "C 电灯……一闪一闪嘞。",
      "O 哦，电灯闪，您家地址是哪里？", "C 嵩阳镇东街十八号。", "O 好的，已经记录了，两个小时内有人上门。", "C 好嘛。", *CLOSE], 3.0,
     L(False, ("dialect",), ("courtesy", "forbidden"), "没有请对方慢点讲：002 附件2 2(7)")),
    ("speaker-no-ask", "speakerphone-noise", H96128,
     [G96128, "C 喂……你好……我想问一下……公积金……", "O 请您再说一遍。", "C 公积金……在哪里办……", "O 请您再说一遍。",
      "C 算了。", "X caller"], 3.0, L(False, (), ("silent", "courtesy", "closing", "timing"), "听不清时不问免提：002 附件2 2(5)")),
    ("praise-ok", "praise-call", H95598,
     [G95598, "C 我想表扬一下你们城东抢修班的刘师傅！", "O 谢谢您的肯定，这是我们分内的事。", "C 好。", *CLOSE], 3.0,
     L(True, why="003 表 27；002 附件2 1(1)")),
    ("info-forbidden-wen-wo-wen-shui", "info-query", H96128,
     [G96128, "C 市不动产登记中心周六上班吗？", "O 您问我，我问谁啊？", "C 什么态度！", "X caller"], 3.0,
     L(False, ("forbidden",), ("opening", "pace", "hold", "privacy", "harassment", "dialect", "silent", "misroute"),
       "000 服务禁语(十二)")),
    ("info-forbidden-in-passing", "info-query", H96128,
     [G96128, "C 市不动产登记中心周六上班吗？", "O 上次不就跟您讲明白了嘛，周六上午上班。", "C 哦。", *CLOSE], 3.0,
     L(False, ("forbidden",), ("opening", "pace", "hold", "privacy", "harassment", "dialect", "silent", "misroute"),
       "000 服务禁语(十一) 变体")),
    ("info-talks-over", "info-query", H96128,
     [G96128, "C 你好，我想问一下，市不动产登记中心周六上不上班？他们电话是多少？地址在哪？",
      "OV 3 周六上午上班电话零八七一六四一二三三零零", "C 好的。", *CLOSE], 3.0,
     L(False, ("interrupt",), ("courtesy", "pace"), "抢话：000 服务禁忌(一)")),
    ("info-interrupted", "info-query", H12320, [G12320, "C 我想问一下疫苗的事。"], 3.0,
     {**L(False, ("closing",), ("timing", "opening"), "考试通话中途中断：不能算通过")}),
    ("info-empty", "info-query", H12320, [], -1, L(False, (), ("timing", "opening"), "空记录")),
    ("info-answer-no-words", "info-query", H12320, ["C 喂？有人吗？", "W 10", "X caller"], 3.0,
     L(False, ("opening",), ("closing", "timing", "courtesy"), "接起后一言不发：000 服务应答规范 1 忌 不出声")),
    ("info-low-confidence-ok", "info-query", H12320,
     ["OL 您好幺二三二零卫生热线请讲", "C 市疾控中心在哪里？", "O 在鼓楼区紫竹林二号，电话025-83787000。",
      "C 谢谢。", "O 不客气。", *CLOSE], 3.0, L(True, (), ("opening",), "识别不清不算学员的错")),
]

EXTRA = [(*c[:3], c[3], c[4], c[5]) for c in [*SILENT, *HARASS, *MISROUTE, *COMPLAINT, *HOLD, *OTHER]]
