"""Audio inputs: the WAV replay and the microphone path, with a fake PortAudio at the sounddevice boundary.

The fake stands in for PortAudio only (no sound card is needed to test what happens when one is
missing or unplugged); the capture code above it is the real one.
"""

from __future__ import annotations

import sys
import threading
import time
import wave
from pathlib import Path
from typing import Any

import pytest
from hearing_helpers import RATE

from simulator.hearing import capture
from simulator.hearing.capture import MicSource
from simulator.hearing.errors import DeviceLostError, NoAudioDeviceError
from simulator.hearing.wavsource import WavSource, load_pcm16k


def tone(seconds: float, hz: float = 440.0, amp: float = 0.3) -> Any:
    import numpy as np

    t = np.arange(int(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def drain(src: Any, limit: float = 30.0) -> list[Any]:
    out = []
    deadline = time.monotonic() + limit
    while not src.finished and time.monotonic() < deadline:
        c = src.read(0.5)
        if c is not None:
            out.append(c)
    return out


# ---------------------------------------------------------------- WAV input


def test_wav_any_rate_and_stereo_becomes_16k_mono(tmp_path: Path) -> None:
    import numpy as np
    import soundfile as sf

    mono = tone(1.0)
    resampled = np.interp(np.arange(44100) / 44100 * RATE, np.arange(RATE), mono)
    path = tmp_path / "stereo.wav"
    sf.write(path, np.stack([resampled, resampled], axis=1), 44100, subtype="PCM_16")
    pcm = load_pcm16k(path)
    assert len(pcm) == pytest.approx(2 * RATE, abs=8)
    got = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768
    spectrum = np.abs(np.fft.rfft(got))
    assert np.fft.rfftfreq(len(got), 1 / RATE)[spectrum.argmax()] == pytest.approx(440, abs=2)


def test_wav_replays_in_real_time_and_faster(tmp_path: Path) -> None:
    from simulator.audio.wav import write_wav

    path = write_wav(tmp_path / "a.wav", tone(1.0), RATE)
    for speed, low, high in ((1.0, 0.95, 1.6), (4.0, 0.24, 0.6), (0.0, 0.0, 0.3)):
        src = WavSource(path, speed=speed, tail=0.0, record_to=tmp_path / f"rec{speed}.wav")
        t = time.monotonic()
        src.start()
        got = drain(src)
        took = time.monotonic() - t
        src.stop()
        assert low <= took <= high, (speed, took)
        assert sum(len(c.pcm) for c in got) == 2 * RATE
        assert got[1].t == pytest.approx(0.03) and got[-1].t == pytest.approx(0.99)  # 33 full chunks + 10 ms
        with wave.open(str(tmp_path / f"rec{speed}.wav")) as w:  # the whole channel, recorded
            assert (w.getframerate(), w.getnchannels(), w.getnframes()) == (RATE, 1, RATE)
        assert src.level > -20  # the meter saw the tone


def test_wav_lead_and_tail_silence() -> None:
    src = WavSource(pcm=b"\1\0" * RATE, speed=0, lead=0.5, tail=0.25)
    src.start()
    assert sum(len(c.pcm) for c in drain(src)) == 2 * int(1.75 * RATE)


# ---------------------------------------------------------------- the microphone, fake PortAudio


class FakeStream:
    """What sounddevice.InputStream does, driven by a thread; ``fail_after`` frames then the device goes."""

    def __init__(self, owner: FakeSD, **kw: Any) -> None:
        self.kw, self.owner = kw, owner
        self.active = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.owner.open_error:
            raise self.owner.PortAudioError(self.owner.open_error)
        self.active = True
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import numpy as np

        block = self.kw["blocksize"]
        n = 0
        while self.active:
            if self.owner.fail_after is not None and n >= self.owner.fail_after:
                if self.owner.mode == "abort":  # PortAudio aborts the stream: finished_callback
                    self.active = False
                    self.kw["finished_callback"]()
                return  # "stall": callbacks just stop, the stream still claims to run
            data = (np.ones((block, 1)) * 1000).astype("<i2")
            self.kw["callback"](data, block, None, None)
            n += 1
            time.sleep(block / RATE / 4)

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active = False


class FakeSD:
    class PortAudioError(Exception):
        pass

    def __init__(self, devices: list[dict[str, Any]], fail_after: int | None = None, mode: str = "abort",
                 open_error: str | None = None) -> None:
        self.devices, self.fail_after, self.mode, self.open_error = devices, fail_after, mode, open_error
        self.opened: list[FakeStream] = []

    def query_devices(self) -> list[dict[str, Any]]:
        return self.devices

    def InputStream(self, **kw: Any) -> FakeStream:
        s = FakeStream(self, **kw)
        self.opened.append(s)
        return s


HEADSET = [{"name": "Speakers", "max_input_channels": 0, "max_output_channels": 2},
           {"name": "USB Headset Mic", "max_input_channels": 1, "max_output_channels": 0},
           {"name": "Built-in Mic", "max_input_channels": 2, "max_output_channels": 0}]


def use(monkeypatch: pytest.MonkeyPatch, fake: FakeSD) -> FakeSD:
    monkeypatch.setattr(capture, "sounddevice", lambda: fake)
    return fake


def test_device_by_name_or_index_and_stream_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = use(monkeypatch, FakeSD(HEADSET))
    for choice, index in (("usb", 1), ("Built-in", 2), (2, 2), ("1", 1), (None, None)):
        src = MicSource(device=choice)
        src.start()
        assert fake.opened[-1].kw["device"] == index
        src.stop()
    kw = fake.opened[-1].kw
    assert (kw["samplerate"], kw["channels"], kw["dtype"]) == (RATE, 1, "int16")
    for bad in ("nothing-like-this", 0, 7):
        with pytest.raises(NoAudioDeviceError) as err:
            MicSource(device=bad).start()
        assert "hotline devices" in (err.value.hint or "")


def test_no_input_device(monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, FakeSD(HEADSET[:1]))
    with pytest.raises(NoAudioDeviceError) as err:
        MicSource().start()
    assert "没有找到任何录音设备" in err.value.message and "键盘" in err.value.message


def test_device_that_cannot_be_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    use(monkeypatch, FakeSD(HEADSET, open_error="Device unavailable"))
    with pytest.raises(NoAudioDeviceError, match="无法打开录音设备"):
        MicSource().start()


def test_no_portaudio_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    with pytest.raises(NoAudioDeviceError) as err:
        MicSource().start()
    assert "PortAudio" in err.value.message and "libportaudio2" in (err.value.hint or "")
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # not installed at all
    with pytest.raises(NoAudioDeviceError, match="sounddevice"):
        MicSource().start()


@pytest.mark.parametrize("mode", ["abort", "stall"])
def test_device_that_disappears_mid_call(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str) -> None:
    use(monkeypatch, FakeSD(HEADSET, fail_after=20, mode=mode))
    rec = tmp_path / "op.wav"
    src = MicSource(device="usb", record_to=rec, stall_seconds=0.5)
    src.start()
    got = 0
    with pytest.raises(DeviceLostError) as err:
        for _ in range(200):
            c = src.read(0.2)
            got += c is not None
    assert got == 20 and "键盘" in err.value.message
    with wave.open(str(rec)) as w:  # the recording so far is kept and readable
        assert w.getnframes() == 20 * 480
    assert src.read(0.1) is None  # stays stopped


def test_listener_reports_the_lost_device_and_the_call_goes_on_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("webrtcvad")
    from simulator.call import frames as fr
    from simulator.call.clock import CallClock
    from simulator.call.loop import CallLoop
    from simulator.hearing.listener import Listener
    from simulator.hearing.recognisers.base import Recogniser, Transcript
    from simulator.scenario.library import find
    from simulator.tui.ear_port import ListeningEar

    class NoWords(Recogniser):  # never reached: the fake mic only delivers a hum below the VAD floor
        name = "none"

        def transcribe(self, pcm: bytes, hints: Any = None) -> Transcript:
            return Transcript("", None, self.name)

    use(monkeypatch, FakeSD(HEADSET, fail_after=30))
    clock = CallClock()
    ear = ListeningEar(lambda hints: Listener(MicSource(stall_seconds=0.5), NoWords(), hints=hints),
                       clock.peek, "mic")
    loop = CallLoop(find("silent-caller"), 1, ear=ear, clock=clock)
    eng = loop.session.engine
    loop.start()
    loop.session.answer()
    lost = None
    deadline = time.monotonic() + 60
    while lost is None and time.monotonic() < deadline:
        lost = next((f for f in loop.poll(0.05) if isinstance(f, fr.EarFailed)), None)
    assert lost is not None and "键盘" in lost.message
    assert loop.failed == lost.message and not eng.state.ended
    loop.session.say_typed("您好，12320卫生热线，请讲。")  # the call goes on, typed
    assert eng.state.node != "line-open"
    record = loop.finish()
    says = [e for e in record["events"] if e["type"] == "say" and e["who"] == "operator"]
    assert says and says[0]["text"] == "您好，12320卫生热线，请讲。" and says[0]["typed"] is True


def test_a_recogniser_failing_mid_call_falls_back_to_typing() -> None:
    pytest.importorskip("webrtcvad")
    from simulator.hearing.events import InputLost
    from simulator.hearing.listener import Listener
    from simulator.hearing.recognisers.base import Recogniser, Transcript

    class Broken(Recogniser):
        name = "broken"

        def transcribe(self, pcm: bytes, hints: Any = None) -> Transcript:
            raise RuntimeError("model file truncated")

    import numpy as np

    t = np.arange(RATE) / RATE
    voiced = (8000 * np.sign(np.sin(2 * np.pi * 150 * t))).astype("<i2").tobytes()
    lis = Listener(WavSource(pcm=voiced, speed=0, tail=1.0), Broken())
    lis.start()
    events = []
    while (e := lis.get(5)) is not None:
        events.append(e)
        if isinstance(e, InputLost):
            break
    lis.stop()
    lost = [e for e in events if isinstance(e, InputLost)]
    assert lost and "model file truncated" in lost[0].message and "键盘" in lost[0].message
