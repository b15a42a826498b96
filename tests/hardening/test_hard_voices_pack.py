"""``voices unpack`` trusts nothing in the archive; the cache heals (issue 16's reproductions)."""

from __future__ import annotations

import io
import json
import os
import wave
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hardkit import hotline, no_traceback

from simulator.voices.base import Audio, VoiceError
from simulator.voices.cache import VoiceCache, line_key
from simulator.voices.pack import pack, unpack


def wav(seconds: float = 0.3, rate: int = 24000) -> bytes:
    rng = np.random.default_rng(1)
    pcm = (rng.standard_normal(int(seconds * rate)) * 3000).astype("<i2").tobytes()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm)
    return buf.getvalue()


def key(i: int) -> str:
    return line_key("espeak", "1", "v", "p", "e", f"第{i}句")


def entry(k: str, **kw: object) -> dict[str, object]:
    return {"key": k, "file": f"lines/{k[:2]}/{k}.wav", "engine": "espeak", "rate": 24000,
            "duration": 0.3, "text": "喂", **kw}


def archive(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def good(path: Path, n: int = 3, **extra: object) -> Path:
    members = {f"lines/{key(i)[:2]}/{key(i)}.wav": wav() for i in range(n)}
    members["index.jsonl"] = "".join(json.dumps(entry(key(i), **extra)) + "\n" for i in range(n)).encode()
    return archive(path, members)


@pytest.fixture
def cache(tmp_path: Path) -> VoiceCache:
    return VoiceCache(tmp_path / "cache")


def test_good_archive(tmp_path: Path, cache: VoiceCache) -> None:
    rep = unpack(cache, good(tmp_path / "a.zip"))
    assert rep.added == 3 and len(cache.entries()) == 3


def test_bad_duration_entry_is_dropped_and_doctor_summary_works(tmp_path: Path, cache: VoiceCache) -> None:
    rep = unpack(cache, good(tmp_path / "a.zip", duration="abc"))
    assert rep.added == 0 and rep.invalid == 6  # 3 entries, then their 3 WAVs
    cache.append_index([entry(key(9), duration="abc")])  # an old cache already holding one
    cache.path(key(9)).parent.mkdir(parents=True, exist_ok=True)
    cache.path(key(9)).write_bytes(wav())
    cache.summary()  # used to crash: float("abc")


def _damage(path: Path, how: str) -> Path:
    data = bytearray(path.read_bytes())
    if how == "crc":
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("index.jsonl")
        off = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[off + 5] ^= 0xFF  # flip a byte of stored data: CRC mismatch
    elif how == "deflate":
        with zipfile.ZipFile(path) as z:
            info = z.infolist()[0]
        off = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[off: off + 40] = b"\xff" * 40
    elif how == "encrypted":
        data[6] |= 1  # general purpose flag of the first local header …
        cd = data.rfind(b"PK\x01\x02")
        first = data.find(b"PK\x01\x02")
        data[first + 8] |= 1  # … and of its central directory entry
        assert cd >= first
    elif how == "method":
        first = data.find(b"PK\x01\x02")
        data[first + 10] = 99
        data[8] = 99
    out = path.with_name(f"{how}.zip")
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("how", ["crc", "deflate", "encrypted", "method"])
def test_damaged_archive_is_one_line(tmp_path: Path, cache: VoiceCache, how: str) -> None:
    if how == "crc":
        src = archive(tmp_path / "s.zip", {"index.jsonl": json.dumps(entry(key(0))).encode() * 20},
                      compression=zipfile.ZIP_STORED)
    else:
        src = good(tmp_path / "s.zip")
    bad = _damage(src, how)
    with pytest.raises(VoiceError) as info:
        unpack(cache, bad)
    assert "\n" not in info.value.message


def test_non_utf8_index(tmp_path: Path, cache: VoiceCache) -> None:
    with pytest.raises(VoiceError, match="UTF-8"):
        unpack(cache, archive(tmp_path / "a.zip", {"index.jsonl": b"\xff\xfe\x00junk"}))


def test_zip_bomb_and_huge_index_refused_fast(tmp_path: Path, cache: VoiceCache) -> None:
    k = key(0)
    bomb = archive(tmp_path / "b.zip", {f"lines/{k[:2]}/{k}.wav": b"\0" * 150_000_000,
                                        "index.jsonl": json.dumps(entry(k)).encode()})
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(VoiceError, match=r"压缩比|上限"):
        unpack(cache, bomb)
    idx = archive(tmp_path / "i.zip", {"index.jsonl": b"{}\n" * 100_000_000})
    with pytest.raises(VoiceError, match=r"上限|压缩比"):
        unpack(cache, idx)
    assert not any(cache.root.rglob("*.wav")) if cache.root.exists() else True


def test_junk_wav_is_not_accepted(tmp_path: Path, cache: VoiceCache) -> None:
    k = key(0)
    rep = unpack(cache, archive(tmp_path / "j.zip", {f"lines/{k[:2]}/{k}.wav": b"RIFFjunkjunk" * 100,
                                                     "index.jsonl": json.dumps(entry(k)).encode()}))
    assert rep.added == 0 and rep.invalid == 1 and not cache.path(k).exists()


def test_cache_or_lines_being_a_file(tmp_path: Path) -> None:
    src = good(tmp_path / "a.zip")
    as_file = tmp_path / "cachefile"
    as_file.write_text("x")
    with pytest.raises(VoiceError, match="是一个文件"):
        unpack(VoiceCache(as_file), src)
    root = tmp_path / "c2"
    root.mkdir()
    (root / "lines").write_text("x")
    with pytest.raises(VoiceError, match="是一个文件"):
        unpack(VoiceCache(root), src)


def test_symlink_inside_cache_is_not_written_through(tmp_path: Path, cache: VoiceCache) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    k = key(0)
    (cache.root / "lines").mkdir(parents=True)
    os.symlink(outside, cache.root / "lines" / k[:2])
    with pytest.raises(VoiceError, match="符号链接"):
        unpack(cache, good(tmp_path / "a.zip", n=1))
    assert not list(outside.iterdir())
    os.unlink(cache.root / "lines" / k[:2])
    (cache.root / "lines").rmdir()
    os.symlink(outside, cache.root / "lines")
    with pytest.raises(VoiceError, match="符号链接"):
        unpack(cache, good(tmp_path / "a.zip", n=1))
    assert not list(outside.iterdir())


def test_cache_heals_junk_line_and_orphan_wav(tmp_path: Path, cache: VoiceCache) -> None:
    k = key(1)
    cache.put(k, Audio(np.zeros(2400, dtype=np.float32) + 0.1, 24000, engine="espeak", voice="v"))
    cache.path(k).write_bytes(b"junk")  # junk under a real key
    cache = VoiceCache(cache.root)  # a new process: nothing in memory
    assert cache.get(k) is None and not cache.path(k).exists()  # dropped: rendered again next time
    orphan = key(2)
    cache.path(orphan).parent.mkdir(parents=True, exist_ok=True)
    cache.path(orphan).write_bytes(wav())
    bad_orphan = key(3)
    cache.path(bad_orphan).parent.mkdir(parents=True, exist_ok=True)
    cache.path(bad_orphan).write_bytes(b"junk")
    assert pack(cache, tmp_path / "p.zip") == 1  # the orphan is indexed and shipped
    assert not cache.path(bad_orphan).exists()
    with zipfile.ZipFile(tmp_path / "p.zip") as z:
        assert f"lines/{orphan[:2]}/{orphan}.wav" in z.namelist()


def test_cli_unpack_bad_archive_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(500))
    proc = hotline("voices", "unpack", str(bad), env={"HOTLINE_VOICE_CACHE": str(tmp_path / "c")})
    err = no_traceback(proc)
    assert proc.returncode == 2 and err.startswith("错误：")
