"""Personas: every one has a voice on every engine; moods shape the prosody."""

from __future__ import annotations

import pytest

from simulator.voices.base import Prosody, VoiceError
from simulator.voices.install import VOICE_SHA256
from simulator.voices.personas import load_book, prosody_for
from simulator.voices.speaker import resolve


def test_personas_cover_sexes_ages_and_dialects():
    book = load_book()
    ps = list(book.personas.values())
    assert len(ps) >= 8
    assert {p.sex for p in ps} == {"female", "male"}
    assert {"young", "elder"} <= {p.age for p in ps}
    dialects = {"mandarin", "cantonese", "northeastern", "shaanxi", "taiwanese", "english"}
    assert dialects <= {p.language for p in ps}
    for p in ps:
        voices = dict(p.voices)
        assert set(voices) == {"edge", "kokoro", "espeak"}, p.id
        assert voices["kokoro"] in VOICE_SHA256, p.id
        assert voices["espeak"].split("+")[0] not in ("cmn", "zh"), p.id  # the broken voices
        assert voices["edge"].endswith("Neural"), p.id
    assert len({dict(p.voices)["kokoro"] for p in ps}) >= 4  # at least four distinct offline voices


def test_moods_make_the_caller_faster_higher_and_louder():
    book = load_book()
    calm, angry, furious = (book.mood(m) for m in ("calm", "angry", "furious"))
    assert calm == Prosody()
    assert 0 < angry.rate < furious.rate and 0 < angry.volume < furious.volume
    elder = book.personas["m-elder-mandarin"]
    assert prosody_for(elder, "calm") == elder.prosody
    assert prosody_for(elder, "furious") == elder.prosody + furious
    assert prosody_for(elder, "no-such-mood") == elder.prosody


def test_resolve_who_speaks():
    book = load_book()
    sp = resolve("f-adult-cantonese", book)
    assert sp.language == "cantonese" and sp.voice_for("espeak") == "yue+f3"
    assert resolve("kokoro:zm_yunxi", book).voices == (("kokoro", "zm_yunxi"),)
    assert resolve("zf_xiaoyi", book).voice_for("kokoro") == "zf_xiaoyi"
    assert resolve("zh-HK-WanLungNeural", book).language == "cantonese"
    assert resolve("en-us", book).language == "english"
    with pytest.raises(VoiceError) as exc:
        resolve("f-adult-mandarn", book)
    assert "f-adult-mandarin" in (exc.value.hint or "")
