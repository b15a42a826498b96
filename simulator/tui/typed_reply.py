"""Typed replies on the call clock: when a reply typed in the reply box starts and ends.

No textual here. :class:`TypedReplies` is a mixin of :class:`~simulator.tui.session.CallSession`.
The first keystroke (:meth:`~TypedReplies.compose`) freezes the clock where the reply will start —
at once, or 0.8 s after the caller's last scheduled line ends — and :meth:`~TypedReplies.say_typed`
sends the reply with the spoken length of its text (4 characters a second) and lets the clock run
on from its end. (Heard replies carry the ear's own times: :meth:`CallSession.heard`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import events as ev
from simulator.play.runner import REPLY_GAP, speech_seconds
from simulator.tui.timeline import CallTimeline


class TypedReplies(CallTimeline):
    """Mixin of :class:`~simulator.tui.session.CallSession`: composing and sending a typed reply."""

    _compose_at: float | None  # where the reply being typed starts (the clock is frozen there)

    if TYPE_CHECKING:

        @property
        def live(self) -> bool: ...

    @property
    def composing(self) -> bool:
        return self._compose_at is not None

    @property
    def caller_end(self) -> float:
        """When the caller's last scheduled line ends (call time; 0 before any line)."""
        return self._caller_end

    def reply_start(self) -> float:
        """When a reply begun now starts: now, or 0.8 s after the caller's scheduled lines end."""
        return max(self.clock.now(), self._caller_end + REPLY_GAP if self._caller_end else 0.0)

    def compose(self, typing: bool) -> None:
        """The reply box became non-empty (``True``) or was cleared (``False``)."""
        if typing and self._compose_at is None and self.live:
            start = self.reply_start()
            self._compose_at = start
            self.clock.freeze(start)
        elif not typing and self._compose_at is not None:
            self._compose_at = None
            self.clock.thaw()

    def say_typed(self, text: str) -> None:
        text = text.strip()
        if not text or not self.live:
            self.compose(False)
            return
        if self._compose_at is None:
            self.compose(True)
        start = max(self._compose_at or 0.0, self.state.t)
        end = start + speech_seconds(text)
        self._compose_at = None
        self.clock.thaw(to=end)
        self._step(ev.Say(start, end, text), start, f"{text}", who="operator")
        self.tick()
