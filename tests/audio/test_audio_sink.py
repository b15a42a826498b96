"""WavSink: the device-less player that writes the caller channel on a timeline."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from simulator.audio.sink import WavSink  # noqa: E402
from simulator.audio.wav import read_wav  # noqa: E402


def test_lines_queue_cut_and_land_where_the_record_says(tmp_path):
    rate = 8000
    one = np.full(rate, 0.5, np.float32)  # 1 s at 8 kHz
    ended: list[tuple[int | None, float, float]] = []
    with WavSink(tmp_path / "caller.wav", rate=16000) as sink:
        a = sink.play(one, rate, line=1, at=2.0, on_end=lambda *e: ended.append(e))
        b = sink.play(one, rate, line=2, at=2.5)  # queued: starts when line 1 ends
        assert (a.started, a.ended) == (2.0, 3.0)
        assert (b.started, b.ended) == (3.0, 4.0)
        assert sink.cut(2, at=3.25) and b.cut and b.ended == 3.25
        assert not sink.cut(2, at=3.5)  # already cut
        sink.set_bed(np.full(100, 0.1, np.float32), 16000, at=5.0)
        sink.stop(at=6.0)
    assert ended == [(1, 2.0, 3.0)]
    y, r = read_wav(tmp_path / "caller.wav")
    assert r == 16000 and abs(len(y) / r - 6.0) < 1e-3
    def level(t0: float, t1: float) -> float:
        return float(np.mean(np.abs(y[int(t0 * r) : int(t1 * r)])))
    assert level(0.0, 1.9) == 0.0
    assert abs(level(2.1, 2.9) - 0.5) < 0.01 and abs(level(3.05, 3.2) - 0.5) < 0.01
    assert level(3.3, 4.9) == 0.0  # line 2 was cut at 3.25
    assert abs(level(5.1, 5.9) - 0.1) < 0.01  # the background bed until stop()


def test_simulated_clock(tmp_path):
    clock = {"t": 0.0}
    sink = WavSink(None, rate=8000, clock=lambda: clock["t"])
    clock["t"] = 1.5
    h = sink.play(np.zeros(800, np.float32), 8000, line=3)
    assert h.started == 1.5 and abs(h.ended - 1.6) < 1e-9
    assert len(sink.render()) == round(1.6 * 8000)
    sink.close()  # no path: nothing written
