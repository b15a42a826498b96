"""edge-tts: unreachable network falls back to the next engine within 1 s; MP3 decoding."""

from __future__ import annotations

import socket
import threading
import time

import pytest

pytest.importorskip("edge_tts")
np = pytest.importorskip("numpy")

from voicekit import assert_speech, espeak_or_skip  # noqa: E402

from simulator.voices.base import EngineUnavailable, Prosody  # noqa: E402
from simulator.voices.cache import VoiceCache  # noqa: E402
from simulator.voices.chain import Voices  # noqa: E402
from simulator.voices.edge import LIVE, EdgeEngine, decode_mp3  # noqa: E402


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


class BlackHole:
    """A loopback server that accepts connections and never answers (a hung network)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def blackhole():
    bh = BlackHole()
    yield bh
    bh.close()


@pytest.mark.parametrize("kind", ["refused", "hangs"])
def test_unreachable_edge_falls_back_within_one_second(kind, blackhole, tmp_path):
    espeak = espeak_or_skip()
    port = closed_port() if kind == "refused" else blackhole.port
    edge = EdgeEngine(LIVE, proxy=f"http://127.0.0.1:{port}")  # every connection goes through the proxy
    voices = Voices([edge, espeak], VoiceCache(tmp_path / "c"), effect="phone")
    start = time.monotonic()
    out = voices.render("喂，你好，我想问一下。", "f-adult-mandarin", "calm")
    elapsed = time.monotonic() - start
    assert out.engine == "espeak" and not out.cached
    assert [name for name, _ in out.skipped] == ["edge"]
    assert elapsed < 1.0, f"回退用了 {elapsed:.2f} 秒"
    assert_speech(out.audio.samples, out.audio.rate, "喂你好我想问一下")
    # The engine now knows the service is down: the next line does not wait at all.
    start = time.monotonic()
    again = voices.render("还有一件事。", "f-adult-mandarin", "angry")
    assert again.engine == "espeak" and time.monotonic() - start < 0.3
    assert edge.check() is not None


def test_edge_alone_raises_engine_unavailable_quickly(blackhole):
    edge = EdgeEngine(LIVE, proxy=f"http://127.0.0.1:{blackhole.port}")
    start = time.monotonic()
    with pytest.raises(EngineUnavailable):
        edge.synthesize("你好", "zh-CN-XiaoxiaoNeural", Prosody())
    assert time.monotonic() - start < 1.0


def test_mp3_from_the_service_decodes(tmp_path):
    sf = pytest.importorskip("soundfile")
    rate = 24000
    t = np.arange(rate) / rate
    tone = (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = tmp_path / "x.mp3"
    try:
        sf.write(path, tone, rate, format="MP3")
    except Exception as exc:  # libsndfile without MP3 support
        pytest.skip(f"无法生成 MP3：{exc}")
    got = decode_mp3(path.read_bytes())
    assert got.dtype == np.float32 and abs(len(got) / rate - 1.0) < 0.1
    spectrum = np.abs(np.fft.rfft(got[: rate // 2]))
    assert abs(np.argmax(spectrum) * 2 - 440) < 5  # 0.5 s window: 2 Hz bins
