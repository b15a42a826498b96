"""A call driven by voice: the engine, the listener and the caller's audio output, in real time.

This is the loop the TUI runs (minus the screen), and what the benchmark and the loopback test
drive. Everything runs on the caller's thread through :meth:`VoiceCall.poll`::

    call = VoiceCall(engine, listener, output, voice=lambda text, mood: (samples, rate))
    call.answer()                       # rings, picks up, starts listening
    while not call.ended:
        for item in call.poll(0.05):    # hearing events and engine actions, for the screen
            ...
    call.finish()                       # stops listening; the record with both transcripts

* A :class:`Turn` is stepped into the engine as a ``Say`` (its start never before the engine's
  time); the caller's lines are handed to ``output.play`` when due (at once if recognition took
  longer than the caller's reaction time) and reported back as ``CallerPlayed`` with real times.
* A :class:`BargeIn` cuts the playing caller line at once when the node's ``barge_in`` is ``cut``.
* Silence timeouts: when the engine's ``Wait.until`` has passed and the operator is not speaking,
  a ``Silence`` up to that time is stepped.
* :class:`InputLost`: the listener has stopped; ``typed`` is set and the driver takes typed lines
  with :meth:`type_line` — the call goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from simulator.engine import Engine
from simulator.engine import actions as ac
from simulator.engine import events as ev
from simulator.hearing.events import BargeIn, Event, InputLost, SpeechStarted, Turn, Unheard
from simulator.hearing.hints import Hints, hints_for
from simulator.hearing.listener import Listener
from simulator.hearing.typed import TypedInput


class CallerOutput(Protocol):
    def play(self, line: int, samples: Any, rate: int) -> None: ...

    def stop(self, line: int) -> None: ...


Voice = Callable[[str, str], tuple[Any, int]]  # (text, mood) → (samples, rate)


class VoiceCall:
    def __init__(self, engine: Engine, listener: Listener | None, output: CallerOutput, voice: Voice,
                 *, answer_after: float = 0.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine, self.listener, self.output, self.voice = engine, listener, output, voice
        self.answer_after = answer_after
        self.clock = clock
        self.t0 = 0.0  # clock() at the first ring
        self.until: float | None = None
        self.pending: list[ac.CallerSay] = []
        self.playing: dict[int, tuple[float, float]] = {}  # line → (t, end) as played
        self.handed: dict[int, float] = {}  # line → clock() when its first sample went to the output
        self.speaking = False
        self.typed: TypedInput | None = None if listener is not None else TypedInput()
        self.lost: InputLost | None = None
        self.log: list[Event | ac.Action] = []
        self._hints: Hints = hints_for(engine)
        if listener is not None:
            listener.assembler.hints_for = self.hints

    # ------------------------------------------------------------------ public
    @property
    def now(self) -> float:
        return self.clock() - self.t0

    @property
    def ended(self) -> bool:
        return self.engine.state.ended and not self.pending

    def hints(self) -> Hints:
        """The expected acts at the current node (read by the listener thread)."""
        return self._hints

    def answer(self) -> list[Event | ac.Action]:
        self.t0 = self.clock()
        out = self._take(self.engine.start())
        if self.answer_after:
            time.sleep(self.answer_after)
        out += self._take(self.engine.step(ev.Answer(round(self.now, 2))))
        if self.listener is not None:
            self.listener.start(offset=self.now)
        return out + self._due()

    def poll(self, timeout: float = 0.05) -> list[Event | ac.Action]:
        out: list[Event | ac.Action] = self._due()
        event = self.listener.get(timeout) if self.listener is not None and self.lost is None else None
        if event is None and (self.listener is None or self.lost is not None):
            time.sleep(timeout)
        if event is not None:
            out.append(event)
            out += self._on_event(event)
        if not self.speaking and self.until is not None and self.now >= self.until \
                and not self.engine.state.ended:
            t = self.engine.state.t
            out += self._take(self.engine.step(ev.Silence(t, max(0.0, self.until - t))))
        self.log += out
        return out + self._due()

    def type_line(self, text: str) -> list[Event | ac.Action]:
        """A typed reply (after :class:`InputLost`, or without a microphone)."""
        if self.typed is None:
            self.typed = TypedInput()
        turn = self.typed.submit(text, self.now, not_before=self.engine.state.t)
        return self._on_event(turn) if turn is not None else []

    def finish(self) -> dict[str, Any]:
        if not self.engine.state.ended:
            self._take(self.engine.step(ev.HangUp(max(self.engine.state.t, round(self.now, 2)))))
        record = self.engine.record()
        if self.listener is not None:
            self.listener.stop()
            record = self.listener.annotate(record)
        return record

    # ------------------------------------------------------------------ internals
    def _on_event(self, event: Event) -> list[Event | ac.Action]:
        if isinstance(event, SpeechStarted):
            self.speaking = True
        elif isinstance(event, Unheard):
            self.speaking = False
        elif isinstance(event, BargeIn):
            node = self.engine.state.node
            if node is not None and self.engine.scenario.node(node).barge_in == "cut" \
                    and event.line in self.playing:
                self.output.stop(event.line)
        elif isinstance(event, InputLost):
            self.lost, self.speaking = event, False
            self.typed = TypedInput()
        elif isinstance(event, Turn):
            self.speaking = False
            if not self.engine.state.ended:
                say = event.say()
                t = max(say.t, self.engine.state.t)
                return self._take(self.engine.step(ev.Say(t, max(say.end, t), say.text, say.confidence)))
        return []

    def _take(self, actions: list[ac.Action]) -> list[Event | ac.Action]:
        for a in actions:
            if isinstance(a, ac.CallerSay):
                self.pending.append(a)
            elif isinstance(a, ac.CallerCut) and a.line in self.playing:
                self.output.stop(a.line)
                if self.listener is not None:
                    self.listener.caller_cut(a.line, a.t)
            elif isinstance(a, ac.Wait):
                self.until = a.until
        self._hints = hints_for(self.engine)
        return list(actions)

    def _due(self) -> list[Event | ac.Action]:
        """Hand the caller lines that are due to the output."""
        out: list[Event | ac.Action] = []
        while self.pending and self.pending[0].t <= self.now + 0.005:
            say = self.pending.pop(0)
            samples, rate = self.voice(say.text, say.mood)
            self.output.play(say.line, samples, rate)
            start = self.now
            self.handed[say.line] = self.clock()
            end = start + len(samples) / rate
            self.playing[say.line] = (start, end)
            if self.listener is not None:
                self.listener.caller_line(say.line, start, end, say.text)
            if not self.engine.state.ended:
                out += self._take(self.engine.step(ev.CallerPlayed(say.line, round(start, 2), round(end, 2))))
        return out
