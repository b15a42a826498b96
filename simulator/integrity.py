"""Installed model files are checked against their checksums when loaded, not only when installed.

A Kokoro ``.onnx`` cut short by a full disk, a whisper ``model.bin`` truncated by a bad copy, a
``vocab.json`` overwritten with junk: loading one used to crash deep inside onnxruntime or
CTranslate2 (a traceback, or a SIGABRT). :func:`file_problem` compares a file with its pinned
size and SHA-256 and says in Chinese what is wrong, so the engine reports itself unavailable
with a "reinstall" hint and the program falls back to the next engine or to typed replies.

Hashing a 100 MB model takes a fraction of a second; the verdict is remembered per (path, size,
modification time) in memory and in a small mark file next to the model (when the folder is
writable), so a file that has not changed is not hashed again, and a file that has — truncated,
replaced, touched — is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

_MARK_SUFFIX = ".sha256-ok"
_seen: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) → sha256 it had


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _mark(path: Path) -> Path:
    return path.with_name(f".{path.name}{_MARK_SUFFIX}")


def file_problem(path: Path, sha256: str, size: int | None = None) -> str | None:
    """None when ``path`` is a file with that SHA-256 (and size); otherwise what is wrong."""
    try:
        st = path.stat()
    except OSError:
        return f"缺少 {path.name}"
    if size is not None and st.st_size != size:
        return f"{path.name} 大小不对（{st.st_size:,} 字节，应为 {size:,}），文件不完整"
    key = (str(path), st.st_size, st.st_mtime_ns)
    if _seen.get(key) == sha256:
        return None
    mark = _mark(path)
    with contextlib.suppress(OSError, ValueError):
        if mark.read_text("ascii").split() == [sha256, str(st.st_size), str(st.st_mtime_ns)]:
            _seen[key] = sha256
            return None
    try:
        digest = sha256_of(path)
    except OSError as exc:
        return f"无法读取 {path.name}（{exc.strerror}）"
    if digest != sha256:
        return f"{path.name} 校验和不符（文件损坏或被改动）"
    _seen[key] = sha256
    with contextlib.suppress(OSError):  # a read-only models folder: remembered in memory only
        tmp = mark.with_name(mark.name + f".{os.getpid()}")
        tmp.write_text(f"{sha256} {st.st_size} {st.st_mtime_ns}\n", "ascii")
        os.replace(tmp, mark)
    return None


def json_problem(path: Path) -> str | None:
    """None when ``path`` holds a JSON object; otherwise what is wrong."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError:
        return f"缺少 {path.name}"
    except (UnicodeDecodeError, ValueError, RecursionError):
        return f"{path.name} 不是有效的 JSON（文件损坏）"
    return None if isinstance(data, dict) and data else f"{path.name} 内容不对（应为非空的 JSON 对象）"
