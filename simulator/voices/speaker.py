"""Who speaks a line: a persona id, ``engine:voice``, or a bare voice name.

    resolve("f-adult-mandarin", book)      # the persona's voice for each engine
    resolve("kokoro:zm_yunxi", book)       # one engine, one voice
    resolve("zf_xiaoyi", book)             # Kokoro voices start zf_/zm_, edge voices end in Neural,
                                           # anything else is an espeak-ng voice
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.diagnostics import did_you_mean
from simulator.voices.base import Prosody, VoiceError
from simulator.voices.personas import PersonaBook

ESPEAK_LANGUAGE = {"yue": "cantonese", "en-us": "english", "en": "english", "en-gb": "english"}
ESPEAK_VOICES = ("cmn-latn-pinyin", "yue", "hak", "en-us", "en-gb", "en")
LIST_HINT = "hotline voices list 列出全部声音角色；也可写 引擎:声音，如 kokoro:zf_xiaoxiao"


@dataclass(frozen=True, slots=True)
class Speaker:
    voices: tuple[tuple[str, str], ...]
    language: str = "mandarin"
    sex: str = ""
    prosody: Prosody = Prosody()  # noqa: RUF009 - frozen, immutable default
    persona_id: str = ""

    def voice_for(self, engine: str) -> str | None:
        voice = dict(self.voices).get(engine)
        if voice and engine == "espeak" and "+" not in voice and self.sex in ("female", "male"):
            return f"{voice}+{'f3' if self.sex == 'female' else 'm3'}"  # espeak-ng timbre variant
        return voice


def _guess(voice: str) -> tuple[str, str]:
    if voice.startswith(("zf_", "zm_")):
        return "kokoro", "mandarin"
    if voice.endswith("Neural"):
        if voice.startswith("en-"):
            return "edge", "english"
        return "edge", "cantonese" if voice.startswith("zh-HK") else "mandarin"
    return "espeak", ESPEAK_LANGUAGE.get(voice.split("+")[0].lower(), "mandarin")


def resolve(who: str, book: PersonaBook) -> Speaker:
    if who in book.personas:
        p = book.personas[who]
        return Speaker(p.voices, p.language, p.sex, p.prosody, p.id)
    engine, sep, voice = who.partition(":")
    if sep and engine in ("edge", "kokoro", "espeak") and voice:
        language = _guess(voice)[1]
        sex = "female" if voice.startswith("zf_") else "male" if voice.startswith("zm_") else ""
        return Speaker(((engine, voice),), language, sex)
    bare = who.startswith(("zf_", "zm_")) or who.endswith("Neural") or who.split("+")[0] in ESPEAK_VOICES
    if who and not sep and bare:
        engine, language = _guess(who)
        return Speaker(((engine, who),), language, "female" if who.startswith("zf_") else "")
    guess = did_you_mean(who, sorted(book.personas))
    hint = f"你是不是想写 {guess}？" if guess else LIST_HINT
    raise VoiceError(f"没有声音角色 “{who}”", hint=hint)
