"""Recognition biased to the call: Whisper's CER with and without the call's words.

    .venv/bin/python benchmarks/asr_bias_bench.py [--voices zf_xiaoxiao zm_yunjian] [--limit N] [--json]

A spoken set of operator sentences written for this benchmark — each on a scenario's line, naming
its hotline, departments and phone numbers in words of its own (no sentence is in the biasing text
verbatim: checked at start) — is synthesised with Kokoro (voices alternate sentence by sentence)
and decoded by Whisper base four ways:

* ``none``         — plain Whisper (no hints);
* ``phrases``      — hotwords = the node's expected phrases (what the app did before);
* ``phrases+snap`` — the same decode, then stretches that sound like one of the call's words (line
                     names, directory departments and phones) are written as that word
                     (:mod:`simulator.hearing.vocabulary`);
* ``none+snap``    — plain Whisper, then the snap: what the app does now.

Measured (36 sentences, Kokoro zf_xiaoxiao / zm_yunjian, Whisper base int8): CER none 10.83 %,
phrases 13.04 %, phrases+snap 7.51 %, none+snap 4.75 %.

(Putting the call's words into the hotwords or an ``initial_prompt`` was measured too, on the first
13 sentences: CER 13.7 % and 14.0 % against 12.5 % plain — worse; snapping after either: 11.3 %.)

CER is the character edit distance over the reference length, after removing punctuation and
spaces and reading Chinese digits as Arabic ones (a recogniser may write 一二三 for 123).
"""

from __future__ import annotations

import argparse
import json
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

_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")


def norm(text: str) -> str:
    import re

    return re.sub(r"[\W_]+", "", text.translate(_DIGITS)).lower()


def edits(a: str, b: str) -> int:
    from simulator.hearing.vocabulary import edits as distance

    return distance(a, b)


def hints_at_start(scenario_id: str) -> tuple[Any, Any]:
    """(the app's hints after the answer, the same without the call's words)."""
    from dataclasses import replace

    from simulator.engine import Engine
    from simulator.engine import events as ev
    from simulator.hearing.hints import hints_for
    from simulator.scenario.library import find

    eng = Engine(find(scenario_id), seed=0)
    eng.start()
    eng.step(ev.Answer(2.0))
    full = hints_for(eng)
    return full, replace(full, words=())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", nargs="+", default=["kokoro:zf_xiaoxiao", "kokoro:zm_yunjian"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from simulator.hearing.config import load_config
    from simulator.hearing.hints import NO_HINTS
    from simulator.hearing.recognisers.whisper_rec import WhisperRecogniser
    from simulator.hearing.vocabulary import snap
    from simulator.voices import synthesize

    items = SET[: args.limit] if args.limit else SET
    for sc, text in items:  # the biasing text must not contain the sentence verbatim
        full, _ = hints_at_start(sc)
        bias = " ".join((full.hotwords(True) or "", full.prompt(True) or "", *full.words))
        assert norm(text) not in norm(bias), text
    path = load_config().whisper_path()
    plain = WhisperRecogniser(path, use_hints=False)
    hot = WhisperRecogniser(path, snap=False, hotwords=True)  # the node's phrases (the app before)
    app = WhisperRecogniser(path, hotwords=True)  # the node's phrases, then the call's words snapped
    plain.load()
    ways: dict[str, list[tuple[int, int]]] = {"none": [], "phrases": [], "phrases+snap": [], "none+snap": []}
    busy: dict[str, list[float]] = {k: [] for k in ways}
    rows = []
    for i, (sc, text) in enumerate(items):
        voice = args.voices[i % len(args.voices)]
        samples, _rate = synthesize(text, voice, engine="kokoro", effect="none", rate=16000)
        import numpy as np

        pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
        full, _ = hints_at_start(sc)
        ref = norm(text)
        row: dict[str, str] = {"scenario": sc, "text": text}
        for way, rec, hints in (("none", plain, NO_HINTS), ("phrases", hot, full),
                                ("phrases+snap", app, full), ("none+snap", None, full)):
            t = time.perf_counter()
            got = snap(row["none"], full.words) if rec is None else rec.transcribe(pcm, hints).text
            busy[way].append(time.perf_counter() - t)
            e = edits(ref, norm(got))
            ways[way].append((e, len(ref)))
            row[way] = got
        rows.append(row)
        if not args.json:
            print(f"{i + 1:2}/{len(items)} {text}\n      " +
                  "\n      ".join(f"{w:12} {row[w]}" for w in ways), flush=True)
    result = {
        "sentences": len(items),
        "cer": {w: round(100 * sum(e for e, _ in v) / max(1, sum(n for _, n in v)), 2)
                for w, v in ways.items()},
        "decode_seconds_median": {w: round(statistics.median(v), 2) for w, v in busy.items() if v},
    }
    if args.json:
        print(json.dumps({"result": result, "rows": rows}, ensure_ascii=False, indent=1))
    else:
        print("\nCER %:", "  ".join(f"{w} {c}" for w, c in result["cer"].items()))
        print("decode s (median):", "  ".join(f"{w} {c}" for w, c in result["decode_seconds_median"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
