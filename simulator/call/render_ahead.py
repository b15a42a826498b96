"""Rendering the caller's lines before they are needed, without slowing the call down.

On a fresh install the voice cache is empty, and Kokoro needs 2–15 s for a line on two busy cores.
:class:`RenderAhead` renders a scenario's planned lines into the voice cache on one background
thread, from the moment the trainee opens the brief (the brief shows how many are ready) through the
call:

* **what is needed next first**: the plan is in graph order (the opening lines first), and
  :meth:`RenderAhead.follow` moves the lines the caller may say next — from the node the call is
  in — to the front as the call goes;
* **out of the way**: between lines it waits while a line to be said now is being rendered
  (:meth:`RenderAhead.urgent`) and while the trainee speaks and is being recognised
  (:meth:`RenderAhead.trainee_speaking`), at most :data:`MAX_YIELD` seconds at a time;
* **one at a time**: :func:`render_ahead` keeps one renderer; the brief and the call of the same
  scenario share it, another scenario's replaces it (after the line in hand).

No textual and no voice engine imported here: the voices object is passed in.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from typing import Any

from simulator.call.ports import LineToSay, lower_priority
from simulator.scenario.model import Scenario

MAX_YIELD = 20.0  # seconds the render ahead waits for the trainee at most (a turn never reported)

_current: RenderAhead | None = None
_registry_lock = threading.Lock()


def upcoming_texts(scenario: Scenario, node_id: str | None) -> set[str]:
    """What the caller may say next from ``node_id``: its own lines and those of the nodes and
    transitions one step on."""
    node = scenario.nodes.get(node_id or "")
    if node is None:
        return set()
    out = set(node.unclear)
    targets = [node.next] if node.next else []
    for tr in node.transitions:
        out.update(tr.say)
        targets.append(tr.goto)
    for target in targets:
        nxt = scenario.nodes.get(target or "")
        if nxt is not None:
            out.update(nxt.unclear)
            if not nxt.silent:
                out.update(nxt.say)
    return {t.strip() for t in out if t.strip()}


class RenderAhead:
    def __init__(self, voices: Any, lines: list[LineToSay], effect: str | None) -> None:
        self.voices, self.lines, self.effect = voices, lines, effect
        self.key = _key(voices, lines, effect)
        self._cv = threading.Condition()  # guards everything below; notified on every change
        self._done: set[int] = set()  # indexes of lines in the cache (rendered or found there)
        self._first: set[str] = set()  # texts wanted next
        self._speaking = False
        self._urgent = 0
        self.stopped = False
        self._thread = threading.Thread(target=self._run, name="caller-voice-ahead", daemon=True)

    def start(self) -> RenderAhead:
        self._thread.start()
        return self

    # ------------------------------------------------------------------ the call's side
    def progress(self) -> tuple[int, int]:
        """(lines ready, lines planned)."""
        with self._cv:
            return len(self._done), len(self.lines)

    def follow(self, texts: Iterable[str]) -> None:
        with self._cv:
            self._first = set(texts)

    def trainee_speaking(self, on: bool) -> None:
        with self._cv:
            self._speaking = on
            self._cv.notify_all()

    def urgent(self, on: bool) -> None:
        """A line to be said now is (True) / is no longer (False) waiting to be rendered: the
        render ahead waits meanwhile. Calls come in pairs."""
        with self._cv:
            self._urgent += 1 if on else -1
            self._cv.notify_all()

    def stop(self) -> None:
        with self._cv:
            self.stopped = True
            self._cv.notify_all()

    # ------------------------------------------------------------------ the thread
    def _make_way(self) -> None:
        end = time.monotonic() + MAX_YIELD
        with self._cv:
            while (self._speaking or self._urgent) and not self.stopped:
                left = end - time.monotonic()
                if left <= 0 or not self._cv.wait(left):
                    break

    def _next(self) -> int | None:
        with self._cv:
            left = [i for i in range(len(self.lines)) if i not in self._done]
            wanted = [i for i in left if self.lines[i].text in self._first]
            first = wanted or left
            return first[0] if first else None

    def _run(self) -> None:
        lower_priority()
        while not self.stopped:
            self._make_way()
            i = self._next()
            if i is None or self.stopped:
                return
            item = self.lines[i]
            with contextlib.suppress(Exception):  # best effort: rendered again when it is said
                self.voices.render(item.text, item.persona, item.mood, noise=item.noise, effect=self.effect)
            with self._cv:
                self._done.add(i)
                self._cv.notify_all()


def _key(voices: Any, lines: list[LineToSay], effect: str | None) -> tuple[Any, ...]:
    return (id(voices), effect, tuple((x.text, x.persona, x.mood, x.noise) for x in lines))


def stop_current(wait: float = 0.0) -> bool:
    """Stop the running render ahead (the app is quitting); True when its thread has ended
    within ``wait`` seconds (a line being synthesised is not interrupted)."""
    with _registry_lock:
        cur = _current
    if cur is None:
        return True
    cur.stop()
    cur._thread.join(wait)
    return not cur._thread.is_alive()


def render_ahead(voices: Any, lines: list[LineToSay], effect: str | None) -> RenderAhead:
    """The renderer for these lines: the one already running for them, else a new one (stopping
    any other)."""
    global _current
    with _registry_lock:
        cur = _current
        if cur is not None and not cur.stopped and cur.key == _key(voices, lines, effect):
            return cur
        if cur is not None:
            cur.stop()
        _current = RenderAhead(voices, lines, effect).start()
        return _current
