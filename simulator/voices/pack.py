"""``hotline voices pack|unpack``: carry a rendered voice cache to an offline machine.

The zip holds ``index.jsonl`` (one entry per line, compacted) and ``lines/<xx>/<key>.wav``.
Unpacking only accepts members of exactly that shape (no paths outside the cache), keeps lines
already present, and appends the new lines' index entries.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from simulator.voices.base import VoiceError
from simulator.voices.cache import INDEX, VoiceCache

MEMBER = re.compile(r"^lines/([0-9a-f]{2})/([0-9a-f]{64})\.wav$")


@dataclass
class UnpackReport:
    added: int = 0
    present: int = 0
    skipped: int = 0


def pack(cache: VoiceCache, out: Path) -> int:
    """Write the cache to ``out``; returns the number of lines packed."""
    entries = cache.entries()
    if not entries:
        raise VoiceError(f"声音缓存是空的（{cache.root}）", hint="先运行 hotline voices render")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for key in sorted(entries):
            z.write(cache.path(key), f"lines/{key[:2]}/{key}.wav")
        z.writestr(INDEX, "".join(json.dumps(entries[k], ensure_ascii=False) + "\n" for k in sorted(entries)))
    tmp.replace(out)
    return len(entries)


def unpack(cache: VoiceCache, source: Path) -> UnpackReport:
    report = UnpackReport()
    try:
        z = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        hint = "应为 hotline voices pack 生成的 zip 文件"
        raise VoiceError(f"无法打开 {source}：{exc}", hint=hint) from exc
    with z:
        names = set(z.namelist())
        if INDEX not in names:
            raise VoiceError(f"{source} 里没有 {INDEX}，不是声音缓存包")
        index: dict[str, dict[str, object]] = {}
        for raw in z.read(INDEX).decode("utf-8").splitlines():
            try:
                entry = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                index[entry["key"]] = entry
        new_entries = []
        for name in sorted(names - {INDEX}):
            m = MEMBER.match(name)
            if not m or m.group(1) != m.group(2)[:2] or m.group(2) not in index:
                report.skipped += 1
                continue
            key = m.group(2)
            target = cache.path(key)
            if target.is_file():
                report.present += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            part.write_bytes(z.read(name))
            part.replace(target)
            new_entries.append({**index[key], "file": f"lines/{key[:2]}/{key}.wav"})
            report.added += 1
        if new_entries:
            cache.append_index(new_entries)
    return report
