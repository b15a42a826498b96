"""The trainee's voice on the call clock: what the ear reports — speech began, a barge-in, a turn.

No textual here. :class:`HeardTurns` is a mixin of :class:`~simulator.tui.session.CallSession`.
The ear's turns carry their own call times (:meth:`~HeardTurns.heard`); while the trainee is
speaking (:meth:`~HeardTurns.speaking`) no silence timeout fires and the render ahead waits;
talking over a ``barge_in: cut`` line stops it at once (:meth:`~HeardTurns.barge_in`). A turn that
began while the phone still rang is not said to the caller: through speakers, the ring-back tone
reached the microphone and came back from the recogniser as words, as a first turn. (Typed replies:
:mod:`simulator.tui.typed_reply`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import events as ev
from simulator.tui.timeline import CallTimeline

PRE_ANSWER = 0.5  # seconds before the answer a turn may start (a greeting begun as F2 is pressed)


class HeardTurns(CallTimeline):
    """Mixin of :class:`~simulator.tui.session.CallSession`: the ear's reports."""

    answered_at: float | None

    if TYPE_CHECKING:

        @property
        def live(self) -> bool: ...

    def speaking(self, on: bool) -> None:
        """The ear heard the trainee start (True) or stop without a turn (False)."""
        self.is_speaking = on
        self.voice.trainee_speaking(on)

    def barge_in(self, line: int) -> None:
        """The trainee is talking over caller line ``line``: a ``barge_in: cut`` caller stops now."""
        node = self.scenario.nodes.get(self.state.node or "")
        if self.live and node is not None and node.barge_in == "cut":
            self.voice.cut(line)

    def heard(self, start: float, end: float, text: str, confidence: float | None = None) -> None:
        """A recognised turn (call time); not one begun while the phone rang."""
        self.is_speaking = False
        self.voice.trainee_speaking(False)
        if not self.live or not text.strip():
            return
        if self.answered_at is not None and start < self.answered_at - PRE_ANSWER:
            return
        t0 = max(start, self.state.t)
        t1 = max(end, t0)
        self.tick(upto=t0)
        if self.live:
            # not rounded: the tick may have moved the engine to t0 itself (the record rounds)
            self._step(ev.Say(t0, t1, text, confidence), t0, text, who="operator")
        self.tick()
