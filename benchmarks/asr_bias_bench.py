"""Recognition tuned to the call: Whisper's CER with and without what the call knows.

    .venv/bin/python benchmarks/asr_bias_bench.py [--part tuning held-out espeak] [--limit N] [--json]

Operator sentences written for this benchmark, each on a scenario's line, naming its hotline,
departments and phone numbers in words of its own. None is in the biasing text verbatim (checked
at start): the line's names, the directory, the act library's phrases and the scenario's caller
lines. Two parts:

* ``tuning``   — 36 sentences the methods were developed on (Kokoro zf_xiaoxiao / zm_yunjian in turn);
* ``held-out`` — 38 of 44 sentences written afterwards and never tuned on, spoken by six Kokoro
  Mandarin personas in turn (three female, three male, young to elder, one slow);
* ``accented`` — the other 6, whose turn fell to the Shaanxi stand-in voice (see PERSONAS);
* ``espeak``   — the 44 held-out sentences read by espeak-ng (robotic; whisper reads it at 65–70 %
  CER — a robustness check, not the target).

The ways, each decoded through :class:`~simulator.hearing.recognisers.whisper_rec.WhisperRecogniser`
(recognisers whose decode is the same share it):

* ``plain``    — Whisper base as shipped: its 30 s window, no hints;
* ``window``   — the turn's own window (what the call decodes, for speed), no hints;
* ``snap``     — stretches that sound like one of the call's words (names, departments, phones)
                 written as that word (:func:`simulator.hearing.vocabulary.snap`);
* ``rescore``  — the beam's five candidates chosen among with the call's words and the node's
                 phrases (:mod:`simulator.hearing.rescore`), then snapped;
* ``respell``  — snap, then stretches that sound exactly like a word of the call's vocabulary
                 written as that word (:func:`simulator.hearing.vocabulary.respell`);
* ``names``    — the line's and the directory's names as the ``initial_prompt``, snapped;
* ``app``      — what the app uses (``make("whisper")``): names + rescore + snap + respell.

The hints are those of the sentence's scenario as a whole (every node's expected phrases), as a
call passes through its nodes. CER: :func:`simulator.hearing.cer.cer` — both sides normalised the
same way (Traditional → Simplified, NFKC, Chinese numerals → Arabic, no punctuation).

Measured results are in the module's closing note of issue 14 and in ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SET: list[tuple[str, str]] = [  # (scenario, sentence)
    ("angry-complainant", "先生您好，这里是12320卫生热线，您慢慢讲，我在听。"),
    ("angry-complainant", "您反映的急诊问题，我会转给市卫健委医政医管处，他们核实后联系您。"),
    ("angry-complainant", "这件事我帮您登记好了，市第一医院那边会有专人回访。"),
    ("angry-complainant", "如果您还不满意，我可以请值班班长来跟您沟通。"),
    ("misrouted-call", "女士，这里是12320卫生热线，医保报销的事归市医疗保障局管。"),
    ("misrouted-call", "您可以拨打12393，那边会告诉您异地住院报销要带哪些材料。"),
    ("misrouted-call", "用电的问题请您拨打95598供电服务热线咨询。"),
    ("misrouted-call", "疫苗接种的安排，您可以问市疾病预防控制中心，电话是025-83787000。"),
    ("info-query", "您好，96128政务信息查询专线，请问您要查询什么？"),
    ("info-query", "办理房产证要去市不动产登记中心，咨询电话是0871-64123300。"),
    ("info-query", "养老保险的问题，您可以联系市社保局养老保险科。"),
    ("info-query", "失业金的申领，请您打市人社局失业保险科的电话0871-63162120。"),
    ("info-query", "孩子上学的事情，建议您问一下五华区教育局。"),
    ("power-outage", "您好，95598供电服务热线，请问您家是哪个小区停电了？"),
    ("power-outage", "我已经通知城东抢修班，抢修人员大概一个小时内到达。"),
    ("power-outage", "电费发票可以到城东供电营业厅打印，营业厅电话是0871-63011234。"),
    ("heating-no-heat", "您好，恒源热力客服热线，您家暖气不热是吗？"),
    ("heating-no-heat", "我这就给城北供热维修班派单，师傅今天下午上门检查。"),
    ("heating-no-heat", "您也可以打客户服务部的电话0874-3216600问处理进度。"),
    ("lookup-hold", "请您稍等，我查一下市儿童医院今天的门诊安排。"),
    ("lookup-hold", "让您久等了，市第一医院的发热门诊二十四小时都开着。"),
    ("lookup-hold", "情况紧急的话请马上拨打120急救电话。"),
    ("transfer-consent", "这个问题需要市劳动人事争议仲裁院来处理，我帮您转过去可以吗？"),
    ("transfer-consent", "仲裁院的电话是0871-63135588，工作日上午九点以后有人接。"),
    ("health-out-of-scope", "医疗纠纷可以申请市医疗纠纷人民调解委员会调解，电话025-83595123。"),
    ("health-out-of-scope", "法律方面的问题，建议您拨打12348公共法律服务热线。"),
    ("dialect-speaker", "出入境的证件请到市公安局出入境管理支队办理。"),
    ("dialect-speaker", "户口迁移您可以咨询市公安局户政管理处，电话0871-63052888。"),
    ("emergency-chest-pain", "您先别挂电话，我马上帮您联系120急救中心。"),
    ("harassment-call", "请您文明用语，如果继续这样我将结束通话。"),
    ("privacy-request", "对不起，其他市民的个人信息我们不能提供。"),
    ("speakerphone-noise", "您那边声音有点小，请您拿起话筒讲好吗？"),
    ("speakerphone-noise", "公积金提取的问题，请您咨询市住房公积金管理中心，电话0871-63111234。"),
    ("suggestion-criticism", "感谢您的建议，我会转给恒源热力集团客户服务部。"),
    ("suggestion-criticism", "您说的情况我都记下了，城北营业厅的负责人会给您回电话。"),
    ("elderly-repeat-slowly", "老人家，我说慢一点，您记一下营业厅的电话：0871-63019988。"),
]

HELD_OUT: list[tuple[str, str]] = [  # written after the methods were tuned on SET; never tuned on
    ("angry-complainant", "您的心情我理解，医院让您等了这么久确实不应该。"),
    ("angry-complainant", "我把您的投诉记下来了，会转到市卫健委医政医管处核实。"),
    ("angry-complainant", "处理结果出来以后，医政医管处会在五个工作日内给您回电话。"),
    ("angry-complainant", "您也可以直接打医政医管处的电话025-83620000问进度。"),
    ("colleagues-background", "不好意思，刚才旁边有点吵，您再说一下孩子在哪个学校？"),
    ("colleagues-background", "转学手续要找五华区教育局，他们的电话是0871-63698800。"),
    ("dialect-shaanxi-indoor-fault", "您说的是屋里跳闸了对吧，先看看总开关有没有掉下来。"),
    ("dialect-shaanxi-indoor-fault", "如果开关推不上去，我让城东供电营业厅派人去看。"),
    ("dialect-yunnan-elder", "大爷，您别着急，我给嵩明县供电所打个电话问问。"),
    ("dialect-yunnan-elder", "嵩明县供电所的电话是0871-67921234，您记一下。"),
    ("elderly-repeat-slowly", "阿姨，我再慢慢说一遍，您拿笔记一下。"),
    ("elderly-repeat-slowly", "交电费可以去小区旁边的社区便民服务点，不用跑营业厅。"),
    ("emergency-call-110", "您现在安全吗？如果有人打您，请马上拨打110报警。"),
    ("emergency-call-110", "家庭暴力的问题还可以打市妇联维权热线12338求助。"),
    ("emergency-chest-pain", "胸口疼得厉害的话不要走动，我现在就帮您叫120。"),
    ("emergency-chest-pain", "请您告诉我详细地址，急救车马上出发。"),
    ("foreign-language", "请稍等，我帮您转到外语坐席，他们可以用英语和您交流。"),
    ("foreign-language", "签证延期要到市公安局出入境管理支队办理，电话是0871-63062500。"),
    ("harassment-call", "先生，这条热线是为市民办事的，请不要说与业务无关的话。"),
    ("harassment-call", "您再这样我就要挂断电话了，谢谢您的配合。"),
    ("health-out-of-scope", "赔偿的事我们热线没法判断，建议您找市医疗纠纷人民调解委员会。"),
    ("health-out-of-scope", "您也可以问问12348公共法律服务热线，律师会给您免费解答。"),
    ("heating-authority-doubt", "我是恒源热力集团的客服，工号是一零二五，您可以放心。"),
    ("heating-authority-doubt", "如果您不放心，我可以请值班经理来跟您说明。"),
    ("heating-callback-no-reply", "真抱歉，上次说好给您回电话却没有回，是我们的失误。"),
    ("heating-callback-no-reply", "我现在就催城北供热维修班，今天之内一定给您答复。"),
    ("heating-pipe-burst", "管道漏水的话请先关掉进户阀门，注意别烫伤。"),
    ("heating-pipe-burst", "抢修师傅已经出发了，城北供热维修班的电话是0874-3216620。"),
    ("info-query", "查询社保缴费记录，可以打市社保局养老保险科的电话0871-63216688。"),
    ("info-query", "不动产登记中心周六上午也可以办理，记得带上身份证。"),
    ("lookup-hold", "我查到了，市儿童医院的预约电话是025-83117500。"),
    ("lookup-hold", "谢谢您耐心等待，儿科的专家门诊是星期三下午。"),
    ("misrouted-call", "火车票的问题请您拨打12306铁路客服电话。"),
    ("misrouted-call", "这个事情可以找12345政务服务便民热线反映。"),
    ("operator-personal-details", "不好意思，我的个人信息不方便透露，您叫我三号话务员就可以。"),
    ("power-line-fire", "电线着火了请马上离开，别用水泼，赶快打119。"),
    ("power-line-fire", "我已经通知城南抢修班去断电，请您离远一点。"),
    ("power-outage", "这次停电是线路故障，城东抢修班正在处理，预计晚上八点恢复。"),
    ("privacy-request", "为了保护隐私，我们不能告诉您别人的电话号码。"),
    ("silent-caller", "您好，请问能听到我说话吗？如果不方便说话，可以敲一下话筒。"),
    ("speakerphone-noise", "住房公积金贷款的事情，请咨询市住房公积金管理中心。"),
    ("suggestion-criticism", "谢谢您对恒源热力的监督，您的意见我们一定会认真改进。"),
    ("transfer-consent", "劳动仲裁要准备劳动合同和工资条，我帮您转到仲裁院可以吗？"),
    ("praise-call", "谢谢您的表扬，我会转告城东抢修班的师傅们。"),
]
# The operator's voices for HELD_OUT: seven Kokoro personas in turn. The last one (Kokoro's
# zf_xiaoni, the stand-in for a Shaanxi caller) is not intelligible Mandarin to whisper — plain
# CER 53 % against 8–16 % for the six Mandarin voices — so its sentences are reported apart
# (part ``accented``), like espeak, and the held-out target is on the six Mandarin voices.
PERSONAS = ("f-adult-mandarin", "m-adult-mandarin", "f-young-mandarin", "m-young-mandarin",
            "f-elder-mandarin", "m-elder-mandarin", "f-adult-shaanxi")
MANDARIN = PERSONAS[:6]


def scenario_hints(scenario_id: str) -> Any:
    """The hints of the scenario as a whole: every node's expected phrases, the call's words."""
    from simulator.engine import match_context
    from simulator.hearing.hints import Hints, call_words, caller_lines, fill
    from simulator.phrases.acts import load_acts
    from simulator.scenario.library import find

    sc = find(scenario_id)
    ctx = match_context(sc.hotline)
    library = load_acts().acts
    acts: list[str] = []
    for node in sc.nodes.values():
        for tr in node.transitions:
            if tr.kind == "act":
                acts += [a for a in (*tr.any_acts, *tr.all_acts) if a not in acts and a != "forbidden"]
    phrases: list[str] = []
    for act_id in acts:
        act = library.get(act_id)
        for p in act.phrases[:4] if act else ():
            phrases += [x for x in fill(p, ctx) if x not in phrases]
    return Hints(tuple(acts), tuple(phrases), ctx, None, "", call_words(ctx), caller_lines(sc))


def biasing_text(hints: Any) -> str:
    from simulator.hearing.hints import fill
    from simulator.phrases.acts import load_acts

    library = [x for act in load_acts().acts.values() for p in act.phrases for x in fill(p, hints.ctx)]
    return " ".join((*hints.phrases, *hints.words, *hints.lines, hints.names() or "", *library))


def ways(path: Path) -> dict[str, Any]:
    from simulator.hearing.recognisers import make
    from simulator.hearing.recognisers.whisper_rec import WhisperRecogniser as W

    return {
        "plain": W(path, window=None, use_hints=False),
        "window": W(path, use_hints=False, n_best=5),
        "snap": W(path, n_best=5),
        "rescore": W(path, rescore=True),
        "respell": W(path, n_best=5, respell=True),
        "names": W(path, names=True, rescore=False, n_best=5),
        "app": make("whisper"),
    }


def audio(part: str, i: int, text: str) -> bytes:
    import numpy as np

    from simulator.voices import synthesize

    if part == "tuning":
        voice, engine = ("kokoro:zf_xiaoxiao", "kokoro:zm_yunjian")[i % 2], "kokoro"
    else:  # i: the sentence's place in HELD_OUT
        voice, engine = PERSONAS[i % len(PERSONAS)], "espeak" if part == "espeak" else "kokoro"
    samples, _rate = synthesize(text, voice, engine=engine, effect="none", rate=16000)
    return bytes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", nargs="+", default=["tuning", "held-out", "accented"],
                    choices=["tuning", "held-out", "accented", "espeak"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences of each part")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from simulator.hearing.cer import cer
    from simulator.hearing.cer import norm as normalised
    from simulator.hearing.config import load_config

    spoken = [(i, sc, text) for i, (sc, text) in enumerate(HELD_OUT)]
    parts = {"tuning": [(i, sc, text) for i, (sc, text) in enumerate(SET)],
             "held-out": [x for x in spoken if PERSONAS[x[0] % len(PERSONAS)] in MANDARIN],
             "accented": [x for x in spoken if PERSONAS[x[0] % len(PERSONAS)] not in MANDARIN],
             "espeak": spoken}
    for part in args.part:  # the biasing text must not contain a sentence verbatim
        for _i, sc, text in parts[part]:
            assert normalised(text) not in normalised(biasing_text(scenario_hints(sc))), text
    recs = ways(load_config().whisper_path())
    next(iter(recs.values())).load()
    result: dict[str, Any] = {"loadavg_start": round(os.getloadavg()[0], 1), "parts": {}}
    rows = []
    for part in args.part:
        items = parts[part][: args.limit] if args.limit else parts[part]
        errors = {w: [0, 0] for w in recs}
        busy: dict[str, list[float]] = {w: [] for w in recs}
        for n, (i, sc, text) in enumerate(items):
            pcm = audio(part, i, text)
            hints = scenario_hints(sc)
            decoded: dict[Any, tuple[list[Any], float]] = {}
            row: dict[str, Any] = {"part": part, "scenario": sc, "text": text}
            for way, rec in recs.items():
                key = rec.decode_key(hints)
                if key not in decoded:
                    t = time.perf_counter()
                    hyps = rec.candidates(pcm, hints)
                    decoded[key] = (hyps, time.perf_counter() - t)
                hyps, seconds = decoded[key]
                got = rec.written(hyps, hints).text
                edits, length = cer(text, got)
                errors[way][0] += edits
                errors[way][1] += length
                busy[way].append(seconds)
                row[way] = got
            rows.append(row)
            if not args.json:
                print(f"{part} {n + 1:2}/{len(items)} {text}\n      " +
                      "\n      ".join(f"{w:8} {row[w]}" for w in recs), flush=True)
        result["parts"][part] = {
            "sentences": len(items),
            "cer": {w: round(100 * e / max(1, n), 2) for w, (e, n) in errors.items()},
            "decode_seconds_median": {w: round(statistics.median(v), 2) for w, v in busy.items() if v},
        }
    result["loadavg_end"] = round(os.getloadavg()[0], 1)
    if args.json:
        print(json.dumps({"result": result, "rows": rows}, ensure_ascii=False, indent=1))
        return 0
    print(f"\nCER % (load average {result['loadavg_start']} → {result['loadavg_end']})")
    print(f"{'part':10}" + "".join(f"{w:>9}" for w in recs))
    for part, r in result["parts"].items():
        cells = "".join(f"{r['cer'][w]:9.2f}" for w in recs)
        print(f"{part:10}{cells}   ({r['sentences']} sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
