"""Held-out labelled calls for issue 13's second pass (``kinds/``): 禁语 of every kind said in
passing inside otherwise correct calls, correct calls full of words that 禁语 also use, and the
content gaps (a referral with only a number, a hand-written transfer to the wrong department,
尽快 when the caller asked when, a speakerphone caller who gives up).

Written from the seeds and labelled before the grader was run on any of them. First run (the
honest figure): verdict 33/37 = 89.2 %, must-flag 21/25 = 84.0 %, must-not-flag 464/469 = 98.9 %.
Afterwards five calls were corrected where the grader was right and the call mis-written (the
operator did not return the caller's thanks — 000 “不回礼” — in four correct calls, and one
referral did not name the line — 000 服务应答规范 2 “我这里是×××”), and the 禁语 kinds it missed
(没有我就挂了啊, 俺们这儿不管, 您问这个干嘛, 别吵吵) were added as kinds: it is no longer held out. Build with
``PYTHONPATH=. python tests/data/labelled-calls/calls_kinds.py`` (turn format: build.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import asr, events, label  # noqa: E402
from calls_base import CLOSE, H12320, H95598, H96128, HHEAT  # noqa: E402

G12320 = "O 您好，12320卫生热线，请讲。"
G95598 = "O 您好，95598供电服务热线，请问有什么可以帮您？"
G96128 = "O 您好，96128政务信息查询专线，请问有什么可以帮您？"
GHEAT = "O 您好，我是恒源热力集团话务员，请问有什么可以帮您？"
FAM = {"angry-complainant": "complaint", "power-outage": "complaint", "heating-no-heat": "complaint",
       "suggestion-criticism": "complaint", "misrouted-call": "misroute", "health-out-of-scope": "misroute",
       "harassment-call": "harassment", "silent-caller": "silent", "speakerphone-noise": "silent",
       "transfer-consent": "transfer", "privacy-request": "privacy", "lookup-hold": "hold"}


def rude(scenario: str, why: str) -> dict[str, Any]:
    """A 禁语 in the call: a fail, forbidden must be flagged; courtesy, closing and the scenario's
    own family may or may not be."""
    fam = FAM.get(scenario)
    return label(False, ["forbidden"], ["courtesy", "closing", *([fam] if fam else [])], why)


def clean(why: str, open_: tuple[str, ...] = ()) -> dict[str, Any]:
    return label(True, [], list(open_), why)


Call = tuple[str, str, dict[str, Any], list[str], float, dict[str, Any]]

FORBIDDEN: list[Call] = [
    ("k-info-said-twice", "info-query", H96128, [
        G96128, "C 你好，市不动产登记中心周六上不上班？", "O 先生，周六上午九点到十二点上班。",
        "C 那周六几点上班来着？", "O 这个问题呀我刚才已经跟您说过两遍了，周六上午九点到十二点。",
        "C 哦，好。", *CLOSE], 3.0, rude("info-query", "说了几遍了：000 服务禁语(三)(十一)")),
    ("k-hold-hang-up-then", "lookup-hold", H12320, [
        G12320, "C 市第一医院周末有没有儿科门诊？", "O 请您稍等，请不要挂机，我为您查询。", "H 15",
        "O 让您久等了，市第一医院儿科周六周日上午都有门诊。您还有啥要问的？没有我就挂了啊。",
        "C 没了。", "X caller"], 3.0, rude("lookup-hold", "催来电者挂机：000 服务禁语(八)")),
    ("k-cmp-shouting-useless", "angry-complainant", H12320, [
        G12320, "C 你们管不管事？我爸在市第一医院急诊等了三个多钟头没人管！",
        "O 先生，您冲我嚷嚷也没用，我又不是医院的。您反映的情况我记下了，五个工作日内给您回复。",
        "C 你这什么态度！", "X caller"], 3.0, rude("angry-complainant", "000 服务应答规范 10 忌：你说了也没用")),
    ("k-power-trailing-wait", "power-outage", H95598, [
        G95598, "C 我家突然停电了，整栋楼都没电，什么时候能来电？",
        "O 女士，给您添麻烦了，请您详细报一下您的地址。", "C 东风路幸福小区三栋。",
        "O 好的，已经记录了。线路故障，抢修人员已经在现场，预计下午六点前恢复，您就等着吧。",
        "C 行吧。", *CLOSE], 3.0, rude("power-outage", "句尾“等着吧”：003 表 24 忌语")),
    ("k-heat-how-would-i-know", "heating-no-heat", HHEAT, [
        GHEAT, "C 俺家暖气不热，三天前就报修了，咋还没人来？",
        "O 大姐，您家暖气不热我理解，可三天前报修的事我哪知道啊，我给您重新登记吧。",
        "C 北苑小区六号楼二单元三零一，孙。", "O 好的孙大姐，维修人员今天下午五点前上门。",
        "C 行。", *CLOSE], 3.0, rude("heating-no-heat", "我怎么知道：000 服务禁语(九)")),
    ("k-suggest-no-use", "suggestion-criticism", HHEAT, [
        GHEAT, "C 我有个建议，暖气费能不能在社区设个缴费点？",
        "O 您这个建议啊，说实话提了也白提，不过我还是给您记下来，五个工作日内给您回复。",
        "C 那你记吧。", *CLOSE], 3.0, rude("suggestion-criticism", "你提意见也没用：000 服务应答规范 8 忌")),
    ("k-mis-not-ours", "misrouted-call", H12320, [
        G12320, "C 我妈住院的医保报销怎么报？",
        "O 对不起，这里是12320卫生热线，医保的事跟我们没啥关系，您致电市医疗保障局，电话12393。",
        "C 好吧。", *CLOSE], 3.0, rude("misrouted-call", "这事与我们无关：000 服务禁语(二十四)")),
    ("k-trf-we-dont-handle", "transfer-consent", H96128, [
        G96128, "C 你好，失业保险金怎么申领？",
        "O 失业保险金这事儿俺们这儿不管，我给您转到市人社局失业保险科，您看可以吗？",
        "C 可以。", "O 现在为您转接，请不要挂机。", "T 市人社局失业保险科"], 3.0,
     rude("transfer-consent", "不归我管：000 服务禁语(二十二)")),
    ("k-speaker-noisy", "speakerphone-noise", H96128, [
        G96128, "C 喂……公积金……在哪……", "O 您那边吵死了，您能不能把电话拿起来说？",
        "C 哦……现在呢？公积金中心在哪？", "O 市住房公积金管理中心在五华区东风西路，电话0871-63111234。",
        "C 好。", *CLOSE], 3.0, rude("speakerphone-noise", "嫌来电者吵：000 服务禁语(十九)")),
    ("k-harass-bored", "harassment-call", H12320, [
        G12320, "C 小妹妹，陪哥哥聊会儿天呗。",
        "O 你是不是闲得慌？对不起，您的问题与我们的服务无关，我将挂断您的电话。", "X operator"], 3.0,
     rude("harassment-call", "训斥来电者：000 服务禁忌(六)")),
    ("k-harass-brain", "harassment-call", H96128, [
        G96128, "C 小姐姐，你有男朋友吗？", "O 你脑子没毛病吧？别瞎打电话了。", "X operator"], 3.0,
     rude("harassment-call", "骂来电者：000 服务禁忌(六)")),
    ("k-silent-not-a-peep", "silent-caller", H95598, [
        G95598, "W 4", "O 您好，请问您需要咨询什么问题？", "W 4", "O 喂喂，有人没？不吭声我可挂了啊。",
        "W 4", "O 对不起，我听不到您的声音，请您重新拨打。", "X operator"], 3.0,
     rude("silent-caller", "出声呀，再不出声就挂机啦：000 服务应答规范 3 忌")),
    ("k-info-asr-told-you", "info-query", H12320, [
        G12320, "C 市疾控中心的地址在哪里？", "O 在鼓楼区紫竹林二号。", "C 在哪儿？",
        "O " + asr("疾控中心的地址我不是跟您说了吗，在鼓楼区紫竹林二号。"), "C 哦。", *CLOSE], 3.0,
     rude("info-query", "我不是跟您说得很清楚了吗（识别器写法）：000 服务禁语(三)")),
    ("k-privacy-why-ask", "privacy-request", H12320, [
        G12320, "C 我是市第一医院的钱主任，刚才投诉我们科的那个家属，你把他电话告诉我。",
        "O 钱主任，您问这个干嘛？我们对来电者的资料都是保密的。", "C 行吧。", *CLOSE], 3.0,
     rude("privacy-request", "反问、责问来电者：000 服务禁忌(六)")),
    ("k-cmp-stop-yelling", "angry-complainant", H12320, [
        G12320, "C 市第一医院急诊的医生冲我们嚷嚷，你们到底管不管！",
        "O 您先别吵吵，您这么喊我咋记啊？您慢慢说。", "C 昨天晚上九点，姓李的医生。",
        "O 好的，已经记录了，转给市卫健委医政医管处核实，五个工作日内给您回复。", "C 好吧。", *CLOSE], 3.0,
     rude("angry-complainant", "训斥来电者：000 服务禁忌(六)；服务禁语(十九)")),
    ("k-outofscope-not-ours", "health-out-of-scope", H12320, [
        G12320, "C 我爸手术后感染了，我要跟医院打官司，你们帮我算算能赔多少？",
        "O 打官司的事您找律师去，我们管不着。", "C 什么态度。", "X caller"], 3.0,
     rude("health-out-of-scope", "我们管不着：003 表 25 忌语")),
    ("k-heat-third-time", "heating-no-heat", HHEAT, [
        GHEAT, "C 暖气不热，啥时候来人？", "O 请问您家的地址？", "C 北苑小区六号楼，啥时候来人啊？",
        "O 大姐，这个问题您都问第三遍了，下午五点前师傅肯定上门。", "C 行吧。", *CLOSE], 3.0,
     rude("heating-no-heat", "怎么还问：000 服务禁语(十一)")),
    ("k-cmp-complain-then", "angry-complainant", H12320, [
        G12320, "C 我要投诉市第一医院急诊的李医生，态度太差了！",
        "O 这事你要投诉就投诉吧，我给您记上，五个工作日内回复。", "C 你这什么话！", "X caller"], 3.0,
     rude("angry-complainant", "您要投诉就投诉吧：000 服务禁语(十八)")),
]

CLEAN: list[Call] = [
    ("k-info-say-again-ok", "info-query", H96128, [
        G96128, "C 市不动产登记中心周六上不上班？电话多少？", "O 先生，周六上午九点到十二点上班。",
        "C 电话呢？", "O 不好意思，我刚才没说清楚，我再给您说一遍：周六上午九点到十二点上班，电话0871-64123300。",
        "C 好的，谢谢。", "O 不客气。", *CLOSE], 3.0, clean("没说清楚，再说一遍：规范")),
    ("k-hold-dont-hang-up", "lookup-hold", H12320, [
        G12320, "C 市第一医院周末有没有儿科门诊？", "O 请您稍等一下，先别挂，我帮您查一下。", "H 15",
        "O 对不起，让您久等了。市第一医院儿科周六周日上午都有门诊。", "C 好的谢谢。", "O 不客气。", *CLOSE], 3.0,
     clean("请稍等、先别挂：规范")),
    ("k-cmp-calm-who", "angry-complainant", H12320, [
        G12320, "C 市第一医院急诊的医生冲我们嚷嚷，你们到底管不管！",
        "O 先生，您别着急，有话慢慢说，给您添麻烦了，很抱歉。请问是哪位医生接诊的您还记得吗？",
        "C 姓李，昨天晚上九点。",
        "O 好的，您说的情况我都记录下来了，会转给市卫健委医政医管处核实处理，五个工作日内给您回复，您看可以吗？",
        "C 好吧。", *CLOSE], 3.0, clean("您别着急，有话慢慢说：规范", ("courtesy",))),
    ("k-mis-not-our-line-ok", "misrouted-call", H12320, [
        G12320, "C 医保报销怎么报？",
        "O 对不起，这里是12320卫生热线，这个问题确实不归我们热线办理，请您致电市医疗保障局，电话12393。", "C 好的。", *CLOSE], 3.0,
     clean("说明不归本线，并告知部门和电话：规范")),
    ("k-heat-dont-worry", "heating-no-heat", HHEAT, [
        GHEAT, "C 俺家暖气拔凉拔凉的，三天前就报修了！", "O 大姐，您别急，请慢慢说，很抱歉给您添麻烦了。",
        "O 请问您贵姓？请您详细说一下您家的地址。", "C 孙，北苑小区六号楼二单元三零一。",
        "O 孙大姐，您反映的情况我已经记录下来了。", "C 啥时候来人？",
        "O 您家这个情况需要维修班师傅上门看，今天下午五点前上门，您不用着急。", "C 那行。", *CLOSE], 3.0,
     clean("您不用着急 + 具体时间：规范")),
    ("k-power-patience", "power-outage", H95598, [
        G95598, "C 我家停电了，什么时候能来电？", "O 女士，给您添麻烦了，很抱歉。请您详细报一下您的地址。",
        "C 东风路幸福小区三栋。",
        "O 好的，已经记录下来了。您着急的心情我理解，抢修人员已经在现场，预计下午六点前恢复供电，请您耐心等待。",
        "C 好吧。", *CLOSE], 3.0, clean("请您耐心等待 + 具体时间：规范")),
    ("k-suggest-useful", "suggestion-criticism", HHEAT, [
        GHEAT, "C 暖气费能不能在社区设个缴费点？",
        "O 很感谢您的宝贵意见，您提的意见很有用，我已经记录下来了，我们会转给客户服务部，五个工作日内给您回复。",
        "C 好。", *CLOSE], 3.0, clean("感谢并告知回复时限：规范")),
    ("k-harass-redirect-ok", "harassment-call", H95598, [
        G95598, "C 你声音真好听，你多大了？", "O 先生，请问您有用电方面的问题需要咨询吗？", "C 没有，就想聊聊。",
        "O 对不起，您的问题与我们的服务无关，我将挂断您的电话。", "X operator"], 3.0,
     clean("002 附件2 3(3)")),
    ("k-speaker-louder-ok", "speakerphone-noise", H96128, [
        G96128, "C 喂……公积金……在哪……", "O 对不起，麻烦您大点声好吗？", "C 公积金……在哪……",
        "O 您是不是开着免提？麻烦您拿起话筒说话好吗？", "C 哦，现在能听清了吧？公积金中心在哪？",
        "O 市住房公积金管理中心在五华区东风西路，电话0871-63111234。", "C 好。", *CLOSE], 3.0,
     clean("麻烦您大点声好吗、问免提：规范")),
    ("k-outofscope-ok", "health-out-of-scope", H12320, [
        G12320, "C 我爸手术后感染了，我要打官司，你们帮我算算能赔多少？",
        "O 先生，对不起，您的问题超出了我们的服务范围。医疗纠纷您可以向市医疗纠纷人民调解委员会申请调解，电话025-83595123。",
        "C 好，谢谢。", "O 不客气。", *CLOSE], 3.0, clean("超出服务范围并告知途径：规范")),
    ("k-trf-dont-hang-up-ok", "transfer-consent", H96128, [
        G96128, "C 你好，失业保险金怎么申领？",
        "O 先生，失业保险金的申领要看您的参保情况，我为您转接到市人社局失业保险科，您看可以吗？",
        "C 可以。", "O 您先别挂，现在为您转接。", "T 市人社局失业保险科"], 3.0, clean("征得同意后转接：规范")),
]

CONTENT: list[Call] = [
    ("k-mis-number-only", "misrouted-call", H12320, [
        G12320, "C 我妈住院的医保报销怎么报？",
        "O 对不起，刚才给您转接的同事可能没能充分理解您的意思，我这里是12320卫生热线，医保报销您打12393问问。",
        "C 好的。", *CLOSE], 3.0,
     label(True, ["misroute"], ["courtesy"], "只报号码不说部门：000 服务应答规范 2 请致电×××部门电话：×××（轻微）")),
    ("k-mis-number-only-asr", "misrouted-call", H12320, [
        G12320, "C 医保报销怎么报？", "O " + asr("对不起，这里是12320卫生热线，医保的问题请拨打12393。"),
        "C 好。", *CLOSE], 3.0,
     label(True, ["misroute"], ["courtesy"], "只报号码不说部门（识别器写法）：000 服务应答规范 2（轻微）")),
    ("k-trf-wrong-dept", "transfer-consent", H96128, [
        G96128, "C 你好，我想问一下失业保险金怎么申领？",
        "O 好的，我为您转接到市社保局养老保险科，您看可以吗？", "C 可以。", "O 现在为您转接，请不要挂机。",
        "T 市社保局养老保险科"], 3.0,
     label(False, ["transfer"], ["courtesy"], "失业保险金转到了养老保险科：002 第二十九条 告知正确的咨询途径")),
    ("k-trf-wrong-dept-2", "transfer-consent", H96128, [
        G96128, "C 公司拖欠工资三个月了，我想申请劳动争议仲裁，找哪里？",
        "O 先生，我给您转到市人社局失业保险科，您看行吗？", "C 行。", "O 请不要挂机。", "T 市人社局失业保险科"], 3.0,
     label(False, ["transfer"], ["courtesy"], "劳动争议转到了失业保险科：002 第二十九条")),
    ("k-heat-asap-asked", "heating-no-heat", HHEAT, [
        GHEAT, "C 暖气一点都不热，啥时候能来人修？", "O 大姐，您别急，很抱歉给您添麻烦了。请问您家的地址？",
        "C 北苑小区六号楼二单元。", "O 好的，您反映的情况我已经记录下来了，我们尽快派人过去。",
        "C 尽快是多快？", "O 您放心，会尽快的。", "C 行吧。", *CLOSE], 3.0,
     label(False, ["complaint"], ["courtesy"], "问什么时候来人，只答尽快：004 七 3.5；001 投诉处理(三)")),
    ("k-power-asap-asked", "power-outage", H95598, [
        G95598, "C 我家停电了，什么时候能来电？", "O 女士，给您添麻烦了，很抱歉。请您详细报一下您的地址。",
        "C 东风路幸福小区三栋。", "O 好的，已经记录下来了，抢修人员会尽快赶到，您放心。", "C 好吧。", *CLOSE], 3.0,
     label(False, ["complaint"], ["courtesy"], "问什么时候来电，只答尽快：001 投诉处理(三) 告知时限")),
    ("k-speaker-gives-up", "speakerphone-noise", H96128, [
        G96128, "C 喂……你好……社保卡……怎么补……", "O 对不起，请您再说一遍。", "C 社保卡……补办……",
        "O 对不起，我还是没听清，请您再说一遍好吗？", "C 唉……算了……", "X caller"], 3.0,
     label(False, ["silent"], ["courtesy", "closing"], "一直不问免提，来电者只好放弃：002 附件2 2(5)")),
    ("k-speaker-asked-other-words", "speakerphone-noise", H96128, [
        G96128, "C 喂……你好……社保卡……怎么补……", "O 对不起，请您再说一遍。", "C 社保卡……补办……",
        "O 您那边是不是开着免提呀？麻烦您拿起听筒说话好吗？", "C 哦，好了，社保卡丢了怎么补？",
        "O 您可以带身份证到市社保局服务大厅补办，电话0871-63216688。", "C 好的谢谢。", "O 不客气。", *CLOSE], 3.0,
     clean("换个说法问免提：规范")),
]

CALLS = [*FORBIDDEN, *CLEAN, *CONTENT]


def main() -> int:
    folder = HERE / "kinds"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    ids = [c[0] for c in CALLS]
    assert len(ids) == len(set(ids)), "duplicate call ids"
    for i, (cid, scenario, hot, turns, answer, expect) in enumerate(CALLS):
        record = {"format": "hotline-call/1", "scenario": scenario, "hotline": hot,
                  "events": events(turns, answer), "expect": expect}
        path = folder / f"{i + 1:03d}-{cid}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
    print(f"{len(CALLS)} calls → {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
