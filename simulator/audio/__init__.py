"""Audio utilities: WAV I/O, resampling, playback through sounddevice and a WAV-file sink.

Nothing here is imported by the headless core. numpy and sounddevice are imported lazily; a
missing one raises :class:`~simulator.errors.MissingExtraError` with the install hint.

* :mod:`simulator.audio.wav` — ``read_wav``, ``write_wav``, ``wav_bytes``, ``as_float32``, ``as_int16``
* :mod:`simulator.audio.resample` — ``resample(samples, src_rate, dst_rate)``
* :mod:`simulator.audio.devices` — output devices, whether a sound server is reachable
* :mod:`simulator.audio.output` — ``Player``: an explicit low-latency ``OutputStream`` that plays
  lines and stops within 50 ms
* :mod:`simulator.audio.sink` — ``WavSink``: the same interface, writing the caller channel to a WAV
"""
