"""Hearing the trainee: audio input, turn detection and speech recognition (the ``asr`` extra).

What a driver (the TUI, ``hotline transcribe``, the benchmark) uses::

    from simulator.hearing.config import load_config            # hearing.yaml + env
    from simulator.hearing.capture import MicSource, find_input, sounddevice
    from simulator.hearing.wavsource import WavSource           # a WAV through the same path
    from simulator.hearing.recognisers import make              # "vosk" | "whisper" | "auto"
    from simulator.hearing.listener import Listener
    from simulator.hearing.hints import hints_for               # expected phrases at the node
    from simulator.hearing.typed import TypedInput              # the keyboard as a recogniser

    cfg = load_config()
    lis = Listener(MicSource(cfg.device, record_to=call_dir / "operator.wav"), make("auto", cfg),
                   accurate=make("whisper", cfg), config=cfg, hints=lambda: latest_hints)
    lis.start(offset=call_time_now)          # NoAudioDeviceError → typed input
    event = lis.get(timeout=0.05)            # events.Turn / Partial / SpeechStarted / BargeIn /
                                             # Backchannel / Unheard / InputLost (→ typed input)
    engine.step(event.say())                 # for a Turn
    lis.caller_line(line, t, end); lis.caller_cut(line, t); lis.level   # dBFS for the meter
    lis.stop(); record = lis.annotate(engine.record())   # "asr": {stream, final, recogniser, …}

:class:`simulator.call.loop.CallLoop` is that loop without a screen — the app's own call runtime
(:class:`~simulator.call.session.CallSession`) fed by the ear's frames — used by ``hotline play
--live``, the benchmarks and the loopback tests.

Modules: ``source`` (the shared queue, level, WAV recording), ``capture`` (sounddevice),
``wavsource``, ``vad`` (webrtcvad), ``turns`` (turn assembly, barge-in, backchannels, early
decision), ``events``, ``hints``, ``recognisers`` (``base``, ``vosk_rec``, ``whisper_rec``),
``listener``, ``typed``, ``pulse`` (a monitor source is not a microphone), ``transcribe``,
``devices``, ``models`` and ``download``
(``hotline models``), ``config``, ``errors``. Heavy libraries (sounddevice, vosk, faster_whisper,
webrtcvad, numpy) are imported only when used; a missing one raises
:class:`~simulator.errors.MissingExtraError` (or :class:`~simulator.hearing.errors.NoAudioDeviceError`
for audio input) saying what to install.
"""
