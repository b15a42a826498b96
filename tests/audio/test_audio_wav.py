"""WAV read/write round trips and the polyphase resampler."""

from __future__ import annotations

import wave

import pytest

np = pytest.importorskip("numpy")

from simulator.audio.resample import resample  # noqa: E402
from simulator.audio.wav import AudioFileError, as_float32, as_int16, read_wav, wav_bytes, write_wav  # noqa: E402


def tone(freq: float, rate: int, seconds: float = 1.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def test_round_trip_float_and_int16(tmp_path):
    x = tone(440, 16000)
    path = write_wav(tmp_path / "a" / "t.wav", x, 16000)
    y, rate = read_wav(path)
    assert rate == 16000 and y.dtype == np.float32 and len(y) == len(x)
    assert np.max(np.abs(y - x)) < 1.0 / 16384
    pcm = as_int16(x)
    assert pcm.dtype == np.int16 and np.array_equal(as_int16(pcm), pcm)
    assert np.max(np.abs(as_float32(pcm) - x)) < 1.0 / 16384
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
    assert not list((tmp_path / "a").glob(".tmp-*"))  # atomic write leaves no temporary file


def test_clipping_and_stereo_downmix(tmp_path):
    assert as_int16(np.array([2.0, -2.0], np.float32)).tolist() == [32767, -32767]
    stereo = np.stack([tone(300, 8000), -tone(300, 8000)], axis=1)
    assert np.max(np.abs(as_float32(stereo))) < 1e-6
    import soundfile as sf

    sf.write(tmp_path / "f.wav", stereo * 0 + 0.25, 8000, subtype="FLOAT")  # float WAV via soundfile
    y, rate = read_wav(tmp_path / "f.wav")
    assert rate == 8000 and np.allclose(y, 0.25)


def test_bad_file_raises(tmp_path):
    with pytest.raises(AudioFileError):
        read_wav(tmp_path / "missing.wav")
    (tmp_path / "junk.wav").write_bytes(b"not a wav file at all")
    with pytest.raises(AudioFileError):
        read_wav(tmp_path / "junk.wav")
    assert wav_bytes(np.zeros(0, np.float32), 8000)[:4] == b"RIFF"


@pytest.mark.parametrize(("src", "dst"), [(24000, 16000), (22050, 16000), (16000, 48000), (8000, 16000)])
def test_resample_keeps_a_tone(src, dst):
    x = tone(440, src, 2.0)
    y = resample(x, src, dst)
    assert y.dtype == np.float32 and len(y) == -(-len(x) * dst // src)
    ref = tone(440, dst, len(y) / dst)[: len(y)]
    mid = slice(dst // 10, len(y) - dst // 10)
    assert np.max(np.abs(y[mid] - ref[mid])) < 1e-3  # same phase: no delay introduced


def test_resample_removes_what_the_new_rate_cannot_hold():
    y = resample(tone(7000, 24000), 24000, 8000)  # above 4 kHz Nyquist
    assert np.sqrt(np.mean(y[800:-800] ** 2)) < 1e-3
    assert np.array_equal(resample(np.zeros(0, np.float32), 8000, 16000), np.zeros(0, np.float32))
    with pytest.raises(ValueError):
        resample(tone(100, 8000), 8000, 0)


def test_recorder_places_blocks_on_the_clock(tmp_path):
    from simulator.audio.recorder import WavRecorder

    rec = WavRecorder(tmp_path / "c.wav", 1000, t0=10.0)
    block = np.full(100, 0.5, np.float32)
    rec.write(block, 10.0)  # samples 0–99
    rec.write(block, 10.5)  # the stream stalled: 400 samples of silence first
    rec.write(block, 10.6)  # on time
    rec.write(block, 10.69)  # 10 ms early: within the slack, appended as is
    rec.write(block, 9.95)  # before t0: only its last 50 samples count, and they overlap: dropped
    rec.close()
    y, rate = read_wav(tmp_path / "c.wav")
    assert rate == 1000 and len(y) == 800
    assert np.all(y[:100] > 0.4) and not y[100:500].any() and np.all(y[500:800] > 0.4)
