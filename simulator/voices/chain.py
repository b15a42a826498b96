"""Best available first: pick the engine and voice for a line, use the cache, fall back.

:class:`Voices` is what callers use. ``render(text, who, mood)`` resolves ``who`` (a persona id,
``engine:voice``, or a bare voice name) to a voice per engine, then:

* ``mode="play"`` (during a call): any engine's cached rendering, best engine first; then, with
  ``near_mood``, a cached rendering of the same line in the nearest mood; then synthesise with the
  first engine that works (the result is cached).
* ``mode="best"`` (``hotline voices render``): the first engine that works here decides; its cached
  rendering counts, otherwise it synthesises (a line an older, worse engine made is re-rendered).

An engine that fails is skipped silently (the reasons are in :attr:`Rendered.skipped`).
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from typing import Literal

from simulator.fsio import WriteError
from simulator.scenario.model import MOODS
from simulator.voices.base import Audio, Prosody, VoiceEngine, VoiceError
from simulator.voices.cache import VoiceCache, line_key
from simulator.voices.effects import EFFECTS, NOISES, finish
from simulator.voices.personas import PersonaBook, load_book
from simulator.voices.speaker import Speaker, resolve

Mode = Literal["play", "best"]


def default_effect() -> str:
    value = os.environ.get("HOTLINE_VOICE_EFFECT", "phone")
    return value if value in EFFECTS else "phone"


def default_engines(batch: bool = False, jobs: int = 1) -> list[VoiceEngine]:
    """edge-tts, Kokoro, espeak-ng: best first."""
    from simulator.voices.edge import BATCH, LIVE, EdgeEngine
    from simulator.voices.espeak import EspeakEngine
    from simulator.voices.kokoro import KokoroEngine

    threads = max(1, (os.cpu_count() or 1) // max(1, jobs))
    return [EdgeEngine(BATCH if batch else LIVE), KokoroEngine(threads=threads), EspeakEngine()]


@dataclass(slots=True)
class Rendered:
    audio: Audio
    key: str
    engine: str
    voice: str
    mood: str
    cached: bool
    near: bool = False  # a cached rendering of another mood stood in
    seconds: float = 0.0  # synthesis time (0 for cached lines)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (engine, why) tried before


class Voices:
    def __init__(
        self,
        engines: list[VoiceEngine] | None = None,
        cache: VoiceCache | None = None,
        *,
        use_cache: bool = True,
        effect: str | None = None,
        book: PersonaBook | None = None,
    ) -> None:
        self.engines = engines if engines is not None else default_engines()
        self.cache = (cache or VoiceCache()) if use_cache else None
        self.effect = effect or default_effect()
        self.book = book or load_book()

    def engine(self, name: str) -> VoiceEngine:
        for e in self.engines:
            if e.name == name:
                return e
        known = "、".join(e.name for e in self.engines)
        raise VoiceError(f"没有语音引擎 {name}", hint=f"可用的引擎：{known}")

    def speaker(self, who: str) -> Speaker:
        return resolve(who, self.book)

    def key(self, eng: VoiceEngine, sp: Speaker, text: str, mood: str, effect: str, noise: str) -> str | None:
        voice = sp.voice_for(eng.name)
        if voice is None or not eng.speaks(sp.language):
            return None
        full = sp.prosody + self.book.mood(mood)
        applied = eng.applied(full)
        prosody = Prosody(applied.rate, applied.pitch, full.volume).key()
        return line_key(eng.name, eng.revision, voice, prosody, f"{effect}+{noise}", text.strip())

    def render(
        self,
        text: str,
        who: str,
        mood: str = "calm",
        *,
        engine: str | None = None,
        effect: str | None = None,
        noise: str = "none",
        mode: Mode = "play",
        near_mood: bool = False,
    ) -> Rendered:
        effect = effect or self.effect
        if effect not in EFFECTS or noise not in NOISES:
            raise VoiceError(f"未知的效果 {effect}/{noise}", hint=f"效果：{EFFECTS}；噪声：{NOISES}")
        sp = self.speaker(who)
        engines = [self.engine(engine)] if engine else self.engines
        if self.cache is not None and mode == "play":
            others = [m for m in sorted(MOODS, key=lambda m: _distance(m, mood)) if m != mood]
            moods = [mood, *others] if near_mood else [mood]
            for i, m in enumerate(moods):
                for eng in engines:
                    key = self.key(eng, sp, text, m, effect, noise)
                    if key and (audio := self.cache.get(key)) is not None:
                        return Rendered(_named(audio, eng, sp), key, eng.name, audio.voice, m, True, i > 0)
        skipped: list[tuple[str, str]] = []
        for eng in engines:
            key = self.key(eng, sp, text, mood, effect, noise)
            if key is None:
                skipped.append((eng.name, "没有适合这个角色的声音"))
                continue
            if reason := eng.check():
                skipped.append((eng.name, reason))
                continue
            if self.cache is not None and (audio := self.cache.get(key)) is not None:
                named = _named(audio, eng, sp)
                return Rendered(named, key, eng.name, named.voice, mood, True, skipped=skipped)
            try:
                return self._synthesize(eng, sp, key, text, mood, effect, noise, skipped)
            except VoiceError as exc:
                skipped.append((eng.name, exc.message))
        why = "；".join(f"{name}：{reason}" for name, reason in skipped) or "没有可用的引擎"
        raise VoiceError(f"无法为“{text}”合成语音（{why}）", hint="hotline voices doctor 查看哪些引擎可用")

    def _synthesize(
        self, eng: VoiceEngine, sp: Speaker, key: str, text: str, mood: str, effect: str, noise: str,
        skipped: list[tuple[str, str]],
    ) -> Rendered:
        voice = sp.voice_for(eng.name) or ""
        full = sp.prosody + self.book.mood(mood)
        start = time.perf_counter()
        raw = eng.synthesize(text.strip(), voice, eng.applied(full))
        seconds = time.perf_counter() - start
        done = finish(raw, volume=full.volume, effect=effect, noise_kind=noise, seed=int(key[:8], 16))
        if len(done.samples) == 0:
            raise VoiceError(f"{eng.name} 输出了静音")
        if self.cache is not None:
            with contextlib.suppress(OSError, WriteError):  # full disk: render again later
                self.cache.put(
                    key, done, text=text.strip(), persona=sp.persona_id, mood=mood,
                    prosody=full.key(), effect=effect, noise=noise,
                )
        return Rendered(done, key, eng.name, voice, mood, False, seconds=seconds, skipped=skipped)


def _distance(a: str, b: str) -> int:
    known = list(MOODS)
    return abs(known.index(a) - known.index(b)) if a in known and b in known else 0 if a == b else 9


def _named(audio: Audio, eng: VoiceEngine, sp: Speaker) -> Audio:
    audio.engine = audio.engine or eng.name
    audio.voice = audio.voice or (sp.voice_for(eng.name) or "")
    return audio
