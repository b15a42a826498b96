"""Render caller lines into the voice cache: in parallel, resumable, with progress and a summary.

Resuming is the cache itself: a line already rendered by the engine that would render it now is
a hit and costs a file check; Ctrl-C keeps every finished line (each is written atomically and
indexed as it completes). Lines of one engine run ``jobs`` at a time (capped by the engine's
``max_jobs``: Kokoro shares one ONNX session across threads, edge-tts is network-bound, espeak-ng
is a subprocess).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TextIO

from simulator.voices.base import VoiceError
from simulator.voices.chain import Rendered, Voices
from simulator.voices.plan import LineJob


@dataclass
class EngineTally:
    lines: int = 0
    cached: int = 0
    audio_s: float = 0.0
    synth_s: float = 0.0


@dataclass
class RenderReport:
    total: int = 0
    done: int = 0
    failed: list[tuple[LineJob, str]] = field(default_factory=list)
    engines: dict[str, EngineTally] = field(default_factory=dict)
    wall_s: float = 0.0
    interrupted: bool = False

    def add(self, r: Rendered) -> None:
        t = self.engines.setdefault(r.engine, EngineTally())
        t.lines += 1
        t.cached += int(r.cached)
        t.audio_s += r.audio.duration
        t.synth_s += r.seconds


class Progress:
    """A one-line progress bar on a terminal; a line every 10 % otherwise."""

    def __init__(self, total: int, out: TextIO = sys.stderr, width: int = 30) -> None:
        self.total, self.out, self.width = total, out, width
        self.start = time.monotonic()
        self.tty = out.isatty()
        self._last_decile = -1

    def update(self, done: int, note: str = "") -> None:
        frac = done / self.total if self.total else 1.0
        elapsed = time.monotonic() - self.start
        eta = elapsed / done * (self.total - done) if done else 0.0
        bar = "█" * int(frac * self.width) + "·" * (self.width - int(frac * self.width))
        text = f"[{bar}] {done}/{self.total} {frac:5.1%}  用时 {elapsed:4.0f}s  剩余约 {eta:4.0f}s  {note}"
        if self.tty:
            self.out.write("\r" + text[:120].ljust(120))
            self.out.flush()
        elif int(frac * 10) != self._last_decile or done == self.total:
            self._last_decile = int(frac * 10)
            self.out.write(text + "\n")

    def close(self) -> None:
        if self.tty:
            self.out.write("\n")


def render_lines(
    voices: Voices,
    jobs: list[LineJob],
    *,
    workers: int = 1,
    engine: str | None = None,
    effect: str | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> RenderReport:
    """Render ``jobs`` (best engine that works here, or only ``engine``) into ``voices.cache``."""
    report = RenderReport(total=len(jobs))
    start = time.monotonic()
    lock = threading.Lock()

    def one(job: LineJob) -> Rendered:
        return voices.render(
            job.text, job.persona, job.mood, engine=engine, effect=effect or job.effect, noise=job.noise,
            mode="best",
        )

    pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="render")
    pending: dict[Future[Rendered], LineJob] = {}
    queue = list(reversed(jobs))
    try:
        while queue or pending:
            while queue and len(pending) < max(1, workers):
                job = queue.pop()
                pending[pool.submit(one, job)] = job
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                job = pending.pop(fut)
                try:
                    r = fut.result()
                except VoiceError as exc:
                    with lock:
                        report.failed.append((job, exc.message))
                    note = "失败"
                else:
                    with lock:
                        report.add(r)
                    note = f"{r.engine}{'（已有）' if r.cached else ''}"
                report.done += 1
                if progress:
                    progress(report.done, note)
    except KeyboardInterrupt:
        report.interrupted = True
        for fut in pending:
            fut.cancel()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        report.wall_s = time.monotonic() - start
    return report


def summary(report: RenderReport) -> str:
    lines = []
    head = "已中断" if report.interrupted else "完成"
    lines.append(f"{head}：{report.done}/{report.total} 句，用时 {report.wall_s:.1f} 秒")
    for name, t in sorted(report.engines.items()):
        new = t.lines - t.cached
        rtf = f"，实时率 {t.synth_s / t.audio_s:.3f}" if new and t.audio_s else ""
        lines.append(
            f"  {name:<7} {t.lines:4d} 句（新合成 {new}，缓存已有 {t.cached}），音频 {t.audio_s:.0f} 秒{rtf}"
        )
    if report.failed:
        lines.append(f"  失败 {len(report.failed)} 句：")
        for job, why in report.failed[:10]:
            lines.append(f"    {job.scenario} [{job.persona}/{job.mood}] {job.text[:24]}：{why}")
    if report.interrupted:
        lines.append("已完成的句子都已保存；再次运行同一命令会从中断处继续。")
    return "\n".join(lines)
