"""``hotline models fetch``: download a vosk model zip (resumable), verify it and unpack it.

The Mandarin vosk models are only on the vosk model page. The zip is downloaded to
``<models>/<name>.zip.part`` with a progress bar; an interrupted download resumes with an HTTP
``Range`` request; the finished zip is checked against its pinned sha256 (when one is known) and
unpacked to ``<models>/<name>/``. Offline, the error says what to download by hand and where to put
it (``hotline models fetch KEY --zip FILE`` installs a zip downloaded elsewhere).
"""

from __future__ import annotations

import http.client
import shutil
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from simulator.hearing.config import models_root
from simulator.hearing.errors import ModelDownloadError
from simulator.hearing.models import sha256_file

PAGE = "https://alphacephei.com/vosk/models"


@dataclass(frozen=True)
class VoskModel:
    key: str
    name: str
    url: str
    sha256: str | None  # None: not pinned (the sha256 is printed so it can be checked by hand)
    size_mb: int


VOSK_DOWNLOADS = {
    "vosk-cn-small": VoskModel(
        "vosk-cn-small", "vosk-model-small-cn-0.22", f"{PAGE}/vosk-model-small-cn-0.22.zip",
        "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba", 42),
    "vosk-cn": VoskModel("vosk-cn", "vosk-model-cn-0.22", f"{PAGE}/vosk-model-cn-0.22.zip", None, 1300),
}


def by_hand(model: VoskModel, root: Path) -> str:
    sha = f"（sha256 {model.sha256}）" if model.sha256 else ""
    return (f"请在能上网的电脑上下载 {model.url}{sha}，约 {model.size_mb} MB；然后运行 "
            f"hotline models fetch {model.key} --zip 下载的文件.zip，或把它解压到 {root / model.name}")


class Progress:
    """A one-line progress bar on a terminal stream (plain lines when not a terminal)."""

    def __init__(self, label: str, total: int | None, stream: TextIO = sys.stderr) -> None:
        self.label, self.total, self.stream = label, total, stream
        self.start, self.last, self.done = time.monotonic(), 0.0, 0

    def __call__(self, done: int, final: bool = False) -> None:
        self.done = done
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6) / 1e6
        if self.total:
            frac = min(done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            text = (f"{self.label} [{bar:<30}] {frac:4.0%} "
                    f"{done / 1e6:.1f}/{self.total / 1e6:.1f} MB {rate:.1f} MB/s")
        else:
            text = f"{self.label} {done / 1e6:.1f} MB {rate:.1f} MB/s"
        tty = self.stream.isatty()
        self.stream.write(("\r" + text) if tty else (text + "\n" if final else ""))
        if final and tty:
            self.stream.write("\n")
        self.stream.flush()


def download(url: str, part: Path, *, timeout: float = 30.0,
             progress: Callable[[str, int | None], Progress] | None = None) -> Path:
    """Download ``url`` into ``part``, resuming from its current size with a Range request."""
    have = part.stat().st_size if part.exists() else 0
    req = urllib.request.Request(url, headers={"User-Agent": "hotline-trainer"})
    if have:
        req.add_header("Range", f"bytes={have}-")
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # already complete
            return part
        raise
    with resp:
        if have and resp.status != 206:
            have = 0  # the server ignored the Range: start again
        length = resp.headers.get("Content-Length")
        total = have + int(length) if length is not None else None
        bar = progress(part.name.removesuffix(".part"), total) if progress else None
        with part.open("ab" if have else "wb") as out:
            done = have
            while chunk := resp.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if bar:
                    bar(done)
        if bar:
            bar(done, final=True)
    if total is not None and part.stat().st_size < total:
        raise ModelDownloadError(f"下载中断（{part.stat().st_size}/{total} 字节），再次运行同一命令即可续传")
    return part


def install_zip(zip_path: Path, model: VoskModel, root: Path) -> Path:
    """Check ``zip_path`` against the pinned sha256 and unpack it to ``root/<name>``."""
    digest = sha256_file(zip_path)
    if model.sha256 and digest != model.sha256:
        raise ModelDownloadError(f"{zip_path.name} 的 sha256 不符：{digest}，应为 {model.sha256}",
                                 hint="文件损坏或不是这个模型；删除后重新下载。")
    dest = root / model.name
    tmp = root / f".{model.name}.unpack"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                target = (tmp / info.filename).resolve()
                if not target.is_relative_to(tmp.resolve()):
                    raise ModelDownloadError(f"压缩包里有不安全的路径：{info.filename}")
            zf.extractall(tmp)
    except zipfile.BadZipFile as exc:
        raise ModelDownloadError(f"{zip_path.name} 不是有效的 zip 文件：{exc}") from exc
    inner = tmp / model.name if (tmp / model.name).is_dir() else tmp
    shutil.rmtree(dest, ignore_errors=True)
    inner.replace(dest)
    shutil.rmtree(tmp, ignore_errors=True)
    (dest / ".sha256").write_text(digest + "\n")
    return dest


def fetch(key: str | VoskModel, *, root: Path | None = None, zip_file: Path | None = None,
          url: str | None = None, say: Callable[[str], None] = print, progress: bool = True) -> Path:
    """Download (or take ``zip_file``), verify and unpack the vosk model ``key``; returns its folder."""
    if isinstance(key, VoskModel):
        model = key
    elif key in VOSK_DOWNLOADS:
        model = VOSK_DOWNLOADS[key]
    else:
        raise ModelDownloadError(f"未知的模型：{key}", hint=f"可选：{', '.join(VOSK_DOWNLOADS)}")
    if url is not None:
        model = replace(model, url=url)
    root = root or models_root()
    root.mkdir(parents=True, exist_ok=True)
    if zip_file is None:
        part = root / f"{model.name}.zip.part"
        say(f"下载 {model.url} → {root}")
        try:
            download(model.url, part, progress=Progress if progress else None)
        except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ModelDownloadError(f"无法下载 {model.name}：{reason}", hint=by_hand(model, root)) from exc
        zip_file = part.with_name(f"{model.name}.zip")
        part.replace(zip_file)
        try:
            dest = install_zip(zip_file, model, root)
        finally:
            zip_file.unlink(missing_ok=True)  # unpacked, or corrupt: either way not needed again
    else:
        dest = install_zip(zip_file, model, root)
    digest = (dest / ".sha256").read_text().strip()
    note = "" if model.sha256 else f"（此模型没有预置校验值，请自行核对 sha256：{digest}）"
    say(f"已安装 {model.name} → {dest}{note}")
    return dest
