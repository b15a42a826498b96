"""The one live-call runtime, headless: it drives the engine in time for the app, ``hotline play
--live``, the benchmarks and the tests.

* :mod:`.clock` — call time (real or simulated source; holds while a reply is typed or a caller
  line is owed);
* :mod:`.session` — :class:`~.session.CallSession`, the one class that runs a call: the pending
  caller actions, the silence timer, lines owed, the ring, typed and heard replies;
* :mod:`.timing` — the one speech-timing model;
* :mod:`.ports` — the caller's voice out and the trainee's ear in (hardware lives behind them);
* :mod:`.render_ahead` — rendering the caller's lines before they are needed;
* :mod:`.wording` — the Chinese names of outcomes, events and moods;
* :mod:`.turns` — the live transcript's lines.

Nothing here imports textual, an audio library, a recogniser or a voice engine.
"""
