"""The training-room app: ``hotline`` with no arguments (Textual, Simplified Chinese).

Optional part: needs the ``tui`` extra (textual). The headless core never imports this package.

* :mod:`.launch` — ``run()``: native stderr to a log file, then the app
* :mod:`.app` — :class:`~.app.HotlineApp`, its services (:mod:`.services`) and commands
* :mod:`.session` — one call in real time (engine + :mod:`.clock` + the caller's voice), no textual
* :mod:`.ports` — the audio interfaces: the caller's voice out, the trainee's ear in
* :mod:`.render_ahead` — the caller's lines rendered before they are needed (from the brief on)
* :mod:`.call_guard` — a fault inside a call ends the call (kept and graded), not the app
* :mod:`.hints` — standard phrases for the current situation (practice mode)
* :mod:`.store` — settings, the sealed history of calls, reports as JSON
* :mod:`.screens` — one screen per module; :mod:`.widgets` — the call screen's parts
"""
