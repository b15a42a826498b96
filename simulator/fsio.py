"""Every file the program writes goes through here: written whole or not at all.

A record, report, settings file or voice-cache index is written to a temporary file in the same
folder, flushed to the disk (``fsync``) and only then renamed over the target (``os.replace``,
atomic on POSIX), and the folder is synced so the rename survives a power cut. A full disk, a
read-only mount, a missing permission or a name too long therefore never leaves a 0-byte or
half-written file, and never destroys what was there: the old file stays as it was and the
caller gets a :class:`WriteError` whose message says in Chinese what happened and what to do.

Text is encoded *before* anything is created, so text that cannot be encoded (a lone surrogate
from undecodable input) fails with the same clear error and no file at all.

Use :func:`atomic_write_bytes` / :func:`atomic_write_text` / :func:`atomic_write_json` for
whole files and :func:`atomic_open` to stream a large file (an archive member, a download).
:func:`describe_os_error` turns any ``OSError`` into the same Chinese sentence for code that
reads or creates folders.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from simulator.errors import HotlineError

_TMP_PREFIX = ".tmp-"
_SHOWN_PATH = 120  # characters of a path quoted in a message (a 300-character name stays readable)


class WriteError(HotlineError):
    """A file could not be written; the old file (if any) is intact."""

    def __init__(self, message: str, *, hint: str | None = None, path: Path | None = None,
                 errno_: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.errno = errno_


def shown(path: str | os.PathLike[str]) -> str:
    """A path as quoted in a message: control characters escaped, a very long one shortened."""
    text = os.fspath(path)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > _SHOWN_PATH:
        text = text[: _SHOWN_PATH // 2 - 1] + "…" + text[-(_SHOWN_PATH // 2):]
    return text


_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("磁盘空间不足", "清理磁盘空间后重试"),
    errno.EDQUOT: ("超出磁盘配额", "清理文件或请管理员提高配额后重试"),
    errno.EROFS: ("所在的文件系统是只读的", "换一个可写的位置（或设置 HOTLINE_DATA 指向可写的文件夹）"),
    errno.EACCES: ("没有写入权限", "检查文件夹的权限，或换一个可写的位置"),
    errno.EPERM: ("操作不被允许", "检查文件夹的权限，或换一个可写的位置"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "换一个短一些的名称或路径"),
    errno.ENOENT: ("文件或所在的文件夹不存在", "检查路径是否写错（写入时先创建文件夹）"),
    errno.ENOTDIR: ("路径中有一段是文件而不是文件夹", "检查路径是否写错"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "换一个文件名"),
    errno.EEXIST: ("已存在同名的文件", "换一个名称"),
    errno.EMFILE: ("打开的文件太多", "关闭一些程序后重试"),
    errno.EIO: ("磁盘读写出错", "检查磁盘是否损坏或已拔出"),
    errno.ELOOP: ("路径中的符号链接太多（或成环）", "检查路径中的符号链接"),
}


def describe_os_error(exc: OSError, path: str | os.PathLike[str] | None = None, *,
                      action: str = "写入") -> tuple[str, str]:
    """``(message, hint)`` in Chinese for an ``OSError`` while doing ``action`` on ``path``."""
    where = shown(path if path is not None else (exc.filename or "?"))
    reason, hint = _REASONS.get(exc.errno or -1, (exc.strerror or str(exc), "检查路径和磁盘后重试"))
    return f"无法{action} {where}：{reason}", hint


def write_error(exc: OSError, path: str | os.PathLike[str], *, action: str = "写入",
                kept: bool = True) -> WriteError:
    """The :class:`WriteError` for ``exc``; ``kept`` adds that the old file is untouched."""
    message, hint = describe_os_error(exc, path, action=action)
    if kept and _exists(Path(path)):
        message += "（原文件未改动）"
    return WriteError(message, hint=hint, path=Path(path), errno_=exc.errno)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _file_mode(path: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o644


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened or synced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], *, mode: int | None = None,
                make_parents: bool = False) -> Iterator[IO[bytes]]:
    """A binary file to write ``path`` through: renamed over ``path`` only if the block ends
    without an exception; otherwise removed, and ``path`` is as it was. ``OSError`` becomes a
    :class:`WriteError` (``mode``: permission bits, default the old file's or 0644)."""
    target = Path(path)
    try:
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".part", dir=target.parent)
    except OSError as exc:
        raise write_error(exc, target) from exc
    try:
        with os.fdopen(fd, "w+b") as fh:  # readable too: a caller may check what it wrote
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(target, mode))
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise write_error(exc, target) from exc
        raise
    _sync_dir(target.parent)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None,
                       make_parents: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all (see the module docstring)."""
    with atomic_open(path, mode=mode, make_parents=make_parents) as fh:
        fh.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
                      mode: int | None = None, make_parents: bool = False) -> None:
    """Write ``text`` to ``path`` whole or not at all; text that cannot be encoded is a
    :class:`WriteError` before any file is created."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise WriteError(f"无法写入 {shown(path)}：内容中有无法用 {encoding} 编码的字符"
                         f"（第 {exc.start + 1} 个字符附近）",
                         hint="输入中可能有损坏的文字（不是 UTF-8）；修正后重试",
                         path=Path(path)) from exc
    atomic_write_bytes(path, data, mode=mode, make_parents=make_parents)


def atomic_write_json(path: str | os.PathLike[str], obj: Any, *, indent: int | None = 2,
                      mode: int | None = None, make_parents: bool = False) -> None:
    """``obj`` as UTF-8 JSON (non-ASCII kept readable), written atomically, ending in a newline."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    atomic_write_text(path, text + "\n", mode=mode, make_parents=make_parents)


def writable_problem(folder: str | os.PathLike[str], *, what: str = "文件夹") -> WriteError | None:
    """None when ``folder`` exists (or can be created) and a file can be written in it; otherwise
    the error to show — checked before work whose result must be saved (a call, the app's logs)."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".part", dir=path)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        message, hint = describe_os_error(exc, path, action=f"写入{what}")
        return WriteError(message, hint=hint, path=path, errno_=exc.errno)
    return None


def remove_stale_temps(folder: str | os.PathLike[str]) -> int:
    """Remove temporary files left in ``folder`` by a write that was killed; returns how many."""
    n = 0
    with contextlib.suppress(OSError):
        for p in Path(folder).glob(_TMP_PREFIX + "*.part"):
            with contextlib.suppress(OSError):
                p.unlink()
                n += 1
    return n
