"""``hotline voices pack|unpack``: carry a rendered voice cache to an offline machine.

The zip holds ``index.jsonl`` (one entry per line, compacted) and ``lines/<xx>/<key>.wav``.
Unpacking trusts nothing in the archive (it comes from a USB stick):

* members are streamed, never read whole, under the caps of :mod:`simulator.limits` (member
  count, one member, everything together, the index) — a 150 KB zip that expands to 150 MB, or an
  index that expands to 275 MB, is refused in one line instead of filling memory and disk;
* only members of exactly the cache's shape are taken (no paths outside the cache), an encrypted
  member or an unknown compression method is refused, and a bad CRC or corrupt deflate data is
  one line saying the archive is damaged;
* every index entry is validated field by field (a ``"duration": "abc"`` entry is dropped, and
  so is its line), and every WAV is checked as a WAV before it enters the cache (written through
  :func:`simulator.fsio.atomic_open`, so a line is either whole or absent);
* nothing is written through a link: a symlinked ``lines`` folder or line file inside the cache
  is refused, and the cache folder or ``lines`` being a file is a clear message.

Lines already present are kept; the new lines' index entries are appended.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import struct
import wave
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from simulator.fsio import WriteError, atomic_open, shown
from simulator.limits import LIMITS
from simulator.voices.base import VoiceError
from simulator.voices.cache import INDEX, LINES, VoiceCache

MEMBER = re.compile(r"^lines/([0-9a-f]{2})/([0-9a-f]{64})\.wav$")
KEY = re.compile(r"^[0-9a-f]{64}$")
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_HINT = "应为 hotline voices pack 生成的 zip 文件；请在原电脑上重新打包后再拷贝"
_CHUNK = 1 << 16


@dataclass
class UnpackReport:
    added: int = 0
    present: int = 0
    skipped: int = 0  # members that are not lines of the index
    invalid: int = 0  # index entries or WAVs that failed the checks


def pack(cache: VoiceCache, out: Path) -> int:
    """Write the cache to ``out`` (atomically); returns the number of lines packed. WAVs without an
    index entry are indexed first (:meth:`VoiceCache.heal`), so every line is shipped."""
    cache.heal()
    entries = cache.entries()
    if not entries:
        raise VoiceError(f"声音缓存是空的（{cache.root}）", hint="先运行 hotline voices render")
    with atomic_open(out, make_parents=True) as fh, \
            zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for key in sorted(entries):
            z.write(cache.path(key), f"lines/{key[:2]}/{key}.wav")
        z.writestr(INDEX, "".join(json.dumps(entries[k], ensure_ascii=False) + "\n" for k in sorted(entries)))
    return len(entries)


def entry_problem(entry: Any) -> str | None:
    """Why an index entry is unusable, or None: every field the program reads is checked."""
    if not isinstance(entry, dict):
        return "不是对象"
    if not isinstance(entry.get("key"), str) or not KEY.match(entry["key"]):
        return "key 不是 64 位十六进制"
    for name in ("engine", "voice", "text", "persona", "mood", "prosody", "effect", "noise", "created",
                 "file"):
        if name in entry and entry[name] is not None and not isinstance(entry[name], str):
            return f"{name} 应为文字"
    if "duration" in entry:
        d = entry["duration"]
        if isinstance(d, bool) or not isinstance(d, int | float) or not math.isfinite(d) \
                or not 0 <= d <= LIMITS.seconds_max:
            return "duration 应为合理的秒数"
    if "rate" in entry:
        r = entry["rate"]
        if isinstance(r, bool) or not isinstance(r, int) or not 4000 <= r <= 192000:
            return "rate 应为采样率（整数）"
    return None


def wav_problem(source: Path | IO[bytes]) -> str | None:
    """Why ``source`` is not a WAV line the cache can play, or None (header and length checked)."""
    try:
        with wave.open(str(source) if isinstance(source, Path) else source, "rb") as w:
            channels, width = w.getnchannels(), w.getsampwidth()
            rate, frames = w.getframerate(), w.getnframes()
            if not (1 <= channels <= 2 and width in (1, 2) and 4000 <= rate <= 192000 and frames > 0):
                return "不是单声道/立体声 8/16 位 PCM"
            data = w.readframes(frames)
    except (wave.Error, EOFError, OSError, ValueError, struct.error) as exc:
        return f"不是有效的 WAV（{type(exc).__name__}）"
    if len(data) != frames * channels * width:
        return "WAV 数据被截断"
    return None


def _refuse_links(cache: VoiceCache) -> None:
    """The cache folder and ``lines`` must be real folders (not files, not links)."""
    for p in (cache.root, cache.root / LINES):
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise VoiceError(f"无法使用声音缓存 {shown(p)}：{exc.strerror}") from None
        if stat.S_ISLNK(st.st_mode) and p != cache.root:
            raise VoiceError(f"声音缓存里的 {shown(p)} 是符号链接，为安全起见不往里写",
                             hint="删除这个链接后重试")
        if not stat.S_ISDIR(os.stat(p).st_mode):
            raise VoiceError(f"声音缓存的位置 {shown(p)} 是一个文件，不是文件夹",
                             hint="删除或改名这个文件后重试（或设置 HOTLINE_VOICE_CACHE）")


def _read_capped(stream: IO[bytes], cap: int, what: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise VoiceError(f"{what}超过 {cap:,} 字节的上限", hint=_HINT)
    return data


def _copy_capped(src: IO[bytes], dst: IO[bytes], cap: int, budget: list[int]) -> None:
    total = 0
    while chunk := src.read(_CHUNK):
        total += len(chunk)
        budget[0] -= len(chunk)
        if total > cap:
            raise VoiceError(f"包里有一句音频超过 {cap:,} 字节的上限", hint=_HINT)
        if budget[0] < 0:
            raise VoiceError(f"解开的内容超过 {LIMITS.archive_total_bytes:,} 字节的上限", hint=_HINT)
        dst.write(chunk)


def _index(z: zipfile.ZipFile, info: zipfile.ZipInfo, report: UnpackReport) -> dict[str, dict[str, Any]]:
    with z.open(info) as fh:
        raw = _read_capped(fh, LIMITS.archive_index_bytes, f"{INDEX} ")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise VoiceError(f"{INDEX} 不是 UTF-8 文本，包已损坏", hint=_HINT) from None
    index: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            report.invalid += 1
            continue
        if entry_problem(entry) is not None:
            report.invalid += 1
            continue
        index[entry["key"]] = entry
    return index


def _check_member(info: zipfile.ZipInfo) -> None:
    if info.file_size > LIMITS.archive_ratio * max(info.compress_size, 1) and info.file_size > 1 << 20:
        raise VoiceError(f"包里的 {shown(info.filename)} 压缩比异常（{info.compress_size:,} 字节解开成 "
                         f"{info.file_size:,} 字节），不像录音，拒绝解开", hint=_HINT)
    if info.flag_bits & 0x1:
        raise VoiceError(f"包里的 {shown(info.filename)} 是加密的，无法解开", hint=_HINT)
    if info.compress_type not in _COMPRESSIONS:
        raise VoiceError(f"包里的 {shown(info.filename)} 用了不支持的压缩方式（{info.compress_type}）",
                         hint=_HINT)


def unpack(cache: VoiceCache, source: Path) -> UnpackReport:
    """Merge the archive ``source`` into ``cache`` (see the module docstring)."""
    try:
        return _unpack(cache, source)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise VoiceError(f"{shown(source)} 已损坏（{_why(exc)}），已解开的句子保留", hint=_HINT) from None
    except (NotImplementedError, RuntimeError) as exc:  # zipfile: encryption, compression
        raise VoiceError(f"{shown(source)} 无法解开：{exc}", hint=_HINT) from None


def _why(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "校验和不符"
    if isinstance(exc, zlib.error):
        return "压缩数据损坏"
    return "不是完整的 zip 文件" if isinstance(exc, zipfile.BadZipFile | EOFError) else type(exc).__name__


def _unpack(cache: VoiceCache, source: Path) -> UnpackReport:
    report = UnpackReport()
    try:
        z = zipfile.ZipFile(source)
    except OSError as exc:
        raise VoiceError(f"无法打开 {shown(source)}：{exc.strerror or exc}", hint=_HINT) from None
    except (zipfile.BadZipFile, ValueError) as exc:
        raise VoiceError(f"无法打开 {shown(source)}：不是 zip 文件（{exc}）", hint=_HINT) from None
    with z:
        infos = z.infolist()
        if len(infos) > LIMITS.archive_members:
            raise VoiceError(f"包里有 {len(infos):,} 个文件，超过 {LIMITS.archive_members:,} 的上限",
                             hint=_HINT)
        by_name = {i.filename: i for i in infos}
        if INDEX not in by_name:
            raise VoiceError(f"{shown(source)} 里没有 {INDEX}，不是声音缓存包", hint=_HINT)
        for info in infos:
            _check_member(info)
        index = _index(z, by_name[INDEX], report)
        _refuse_links(cache)
        budget = [LIMITS.archive_total_bytes]
        new_entries: list[dict[str, Any]] = []
        try:
            for name in sorted(set(by_name) - {INDEX}):
                m = MEMBER.match(name)
                if not m or m.group(1) != m.group(2)[:2]:
                    report.skipped += 1
                    continue
                key = m.group(2)
                if key not in index:
                    report.invalid += 1  # a WAV the index does not describe
                    continue
                info = by_name[name]
                if info.file_size > LIMITS.archive_member_bytes:
                    raise VoiceError(f"包里有一句音频超过 {LIMITS.archive_member_bytes:,} 字节的上限",
                                     hint=_HINT)
                target = cache.path(key)
                if target.parent.is_symlink() or target.is_symlink():
                    raise VoiceError(f"声音缓存里的 {shown(target)} 是符号链接，为安全起见不往里写",
                                     hint="删除这个链接后重试")
                if target.is_file() and wav_problem(target) is None:
                    report.present += 1
                    continue
                if not _unpack_line(z, info, target, budget):
                    report.invalid += 1
                    continue
                new_entries.append({**index[key], "file": f"lines/{key[:2]}/{key}.wav"})
                report.added += 1
        finally:
            if new_entries:
                cache.append_index(new_entries)
    return report


def _unpack_line(z: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int]) -> bool:
    """Stream one member to ``target`` through a temporary file; False (nothing written) when it
    is not a playable WAV."""

    class _NotWav(Exception):
        pass

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VoiceError(f"无法创建 {shown(target.parent)}：{exc.strerror}") from None
    try:
        with atomic_open(target) as out, z.open(info) as src:
            _copy_capped(src, out, LIMITS.archive_member_bytes, budget)
            out.flush()
            out.seek(0)
            if wav_problem(out) is not None:
                raise _NotWav
    except _NotWav:
        return False
    except WriteError as exc:
        raise VoiceError(exc.message, hint=exc.hint) from None
    return True
