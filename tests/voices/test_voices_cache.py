"""The voice cache: content-addressed keys, hits and misses, the index, nearest mood, pack/unpack."""

from __future__ import annotations

import json
import zipfile

import pytest

np = pytest.importorskip("numpy")

from voicekit import espeak_or_skip  # noqa: E402

from simulator.voices.base import Audio, Prosody, VoiceEngine, VoiceError  # noqa: E402
from simulator.voices.cache import INDEX, VoiceCache, line_key  # noqa: E402
from simulator.voices.chain import Voices  # noqa: E402
from simulator.voices.pack import pack, unpack  # noqa: E402


class Counting(VoiceEngine):
    """Wraps a real engine and counts how often it is asked to synthesise."""

    def __init__(
        self, inner: VoiceEngine, name: str | None = None, works: bool = True, voice: str | None = None
    ) -> None:
        self.inner, self.calls, self.works, self.voice = inner, 0, works, voice
        self.name = name or inner.name
        self.revision = inner.revision

    def check(self) -> str | None:
        return None if self.works else "关掉了"

    def voices(self) -> list[str]:
        return self.inner.voices()

    def applied(self, prosody: Prosody) -> Prosody:
        return self.inner.applied(prosody)

    def synthesize(self, text: str, voice: str, prosody: Prosody) -> Audio:
        self.calls += 1
        out = self.inner.synthesize(text, self.voice or voice, prosody)
        out.engine = self.name
        return out


@pytest.fixture
def espeak():
    return Counting(espeak_or_skip())


def test_miss_then_hit_in_memory_and_on_disk(espeak, tmp_path):
    cache = VoiceCache(tmp_path / "c")
    v = Voices([espeak], cache)
    first = v.render("我家停电了。", "m-adult-mandarin", "anxious")
    assert not first.cached and espeak.calls == 1 and cache.misses >= 1
    second = v.render("我家停电了。", "m-adult-mandarin", "anxious")
    assert second.cached and espeak.calls == 1 and second.key == first.key
    assert np.array_equal(second.audio.samples, first.audio.samples)
    fresh = Voices([espeak], VoiceCache(tmp_path / "c"))  # a new process: from the WAV file
    third = fresh.render("我家停电了。", "m-adult-mandarin", "anxious")
    assert third.cached and espeak.calls == 1 and fresh.cache.hits == 1
    assert np.max(np.abs(third.audio.samples - first.audio.samples)) < 1e-3  # 16-bit on disk
    assert third.audio.rate == 8000  # the telephone effect is part of what is stored
    # Anything that changes the sound is a different line: mood, text, voice, effect, noise.
    for args, kw in [
        (("我家停电了。", "m-adult-mandarin", "furious"), {}),
        (("我家停电了！", "m-adult-mandarin", "anxious"), {}),
        (("我家停电了。", "f-adult-mandarin", "anxious"), {}),
        (("我家停电了。", "m-adult-mandarin", "anxious"), {"effect": "none"}),
        (("我家停电了。", "m-adult-mandarin", "anxious"), {"noise": "heavy"}),
    ]:
        assert not v.render(*args, **kw).cached
    assert espeak.calls == 6


def test_index_says_who_made_each_line(espeak, tmp_path):
    cache = VoiceCache(tmp_path / "c")
    out = Voices([espeak], cache).render("喂？", "f-elder-mandarin", "calm", noise="light")
    entry = cache.entries()[out.key]
    assert entry["engine"] == "espeak" and entry["voice"] == "cmn-latn-pinyin+f3"
    assert entry["text"] == "喂？" and entry["persona"] == "f-elder-mandarin" and entry["mood"] == "calm"
    assert entry["effect"] == "phone" and entry["noise"] == "light"
    assert entry["prosody"] == "r-18p-6v+0"
    assert cache.path(out.key).is_file() and entry["file"] == f"lines/{out.key[:2]}/{out.key}.wav"
    with (cache.root / INDEX).open("a", encoding="utf-8") as fh:
        fh.write('{"key": "cut sh')  # an interrupted write leaves half a line
    assert out.key in cache.entries()
    assert cache.summary()["espeak"]["lines"] == 1
    assert cache.compact() == 1


def test_key_is_what_the_engine_renders():
    k = line_key("kokoro", "1", "zf_xiaoxiao", "r+0p+0v+0", "phone+none", "你好")
    assert k == line_key("kokoro", "1", "zf_xiaoxiao", "r+0p+0v+0", "phone+none", "你好")
    assert k != line_key("kokoro", "2", "zf_xiaoxiao", "r+0p+0v+0", "phone+none", "你好")
    from simulator.voices.kokoro import KokoroEngine

    v = Voices([KokoroEngine()], VoiceCache())
    sp = v.speaker("f-adult-mandarin")
    # Kokoro cannot change pitch: two moods differing only in pitch would share a line.
    assert v.key(v.engines[0], sp, "你好", "calm", "phone", "none") != v.key(
        v.engines[0], sp, "你好", "angry", "phone", "none"
    )
    assert v.key(v.engines[0], v.speaker("m-adult-english"), "Hi", "calm", "phone", "none") is None


def test_play_mode_uses_any_cached_engine_and_the_nearest_mood(espeak, tmp_path):
    cache = VoiceCache(tmp_path / "c")
    Voices([espeak], cache).render("我要投诉！", "m-adult-mandarin", "angry")
    # A "better" engine that has nothing cached (espeak-ng under Kokoro's name).
    better = Counting(espeak.inner, name="kokoro", voice="cmn-latn-pinyin")
    v = Voices([better, espeak], cache)
    hit = v.render("我要投诉！", "m-adult-mandarin", "angry", mode="play")
    assert hit.cached and hit.engine == "espeak" and better.calls == 0
    near = v.render("我要投诉！", "m-adult-mandarin", "furious", mode="play", near_mood=True)
    assert near.cached and near.near and near.mood == "angry" and better.calls == 0
    best = v.render("我要投诉！", "m-adult-mandarin", "angry", mode="best")
    assert not best.cached and best.engine == "kokoro" and better.calls == 1  # render upgrades


def test_failing_engine_is_skipped_and_all_failing_is_an_error(espeak, tmp_path):
    off = Counting(espeak.inner, name="kokoro", works=False)
    v = Voices([off, espeak], VoiceCache(tmp_path / "c"))
    out = v.render("你好", "f-young-mandarin")
    assert out.engine == "espeak" and out.skipped == [("kokoro", "关掉了")]
    with pytest.raises(VoiceError, match="无法为"):
        Voices([off], VoiceCache(tmp_path / "d")).render("你好", "f-young-mandarin")
    with pytest.raises(VoiceError, match="没有声音角色"):
        v.render("你好", "f-yuong-mandarin")


def test_pack_and_unpack_carry_the_cache(espeak, tmp_path):
    src = VoiceCache(tmp_path / "src")
    v = Voices([espeak], src)
    keys = {v.render(t, "m-elder-mandarin").key for t in ("喂？", "你好。", "谢谢。")}
    out = tmp_path / "voices.zip"
    assert pack(src, out) == 3
    dst = VoiceCache(tmp_path / "dst")
    rep = unpack(dst, out)
    assert (rep.added, rep.present) == (3, 0)
    assert set(dst.entries()) == keys
    again = Voices([Counting(espeak.inner, works=False)], dst)  # offline machine: only the cache
    assert again.render("你好。", "m-elder-mandarin").cached
    assert unpack(dst, out).present == 3
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr(INDEX, json.dumps({"key": "0" * 64}) + "\n")
        z.writestr("../outside.wav", b"x")
        z.writestr("lines/00/" + "0" * 64 + ".wav.sh", b"x")
    assert unpack(dst, evil).skipped == 2
    assert not (tmp_path / "outside.wav").exists()
    with pytest.raises(VoiceError):
        unpack(dst, tmp_path / "missing.zip")
    with pytest.raises(VoiceError):
        pack(VoiceCache(tmp_path / "empty"), tmp_path / "e.zip")
