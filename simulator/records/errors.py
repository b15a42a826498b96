"""The store's errors, in words a trainee or a trainer can act on.

A full disk, a read-only folder, a database that is not there: each is a :class:`StoreError` (a
:class:`~simulator.errors.HotlineError`, so the CLI prints it once, with a hint, and exits 2), never
a traceback. :func:`explain` turns a driver's exception into one.
"""

from __future__ import annotations

import errno
import sqlite3

from simulator.errors import HotlineError

DISK_FULL = "磁盘已满"
READ_ONLY = "只读"


class StoreError(HotlineError):
    """The records store cannot do what was asked (the message says why, the hint what to do)."""


def explain(exc: BaseException, where: str) -> StoreError:
    """A driver or OS error while using the store at ``where``, as a clear :class:`StoreError`."""
    text = str(exc)
    low = text.lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "database or disk is full" in low \
            or "no space left" in low or "could not extend file" in low:
        return StoreError(f"无法保存通话记录：{DISK_FULL}（{where}）",
                          hint="请清理磁盘空间后重试；已保存的记录没有被改动。")
    if "disk i/o error" in low or (isinstance(exc, OSError) and exc.errno in (errno.EIO, errno.EFBIG)):
        return StoreError(f"无法保存通话记录：磁盘写入失败，磁盘可能已满或出了故障（{where}）",
                          hint="请清理磁盘空间、检查磁盘后重试；已保存的记录没有被改动。")
    if (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) \
            or "readonly" in low or "read-only" in low or "permission denied" in low \
            or "unable to open database" in low:
        return StoreError(f"无法写入通话记录库：文件夹{READ_ONLY}或没有写权限（{where}）",
                          hint="请检查数据目录的权限（环境变量 HOTLINE_DATA 可换一个可写的目录）。")
    if isinstance(exc, sqlite3.DatabaseError) and ("malformed" in low or "not a database" in low):
        return StoreError(f"通话记录库文件已损坏：{where}",
                          hint="请从备份恢复该文件；损坏的库不能证明记录未被改动。")
    if "connection" in low or "could not connect" in low or "server" in low:
        return StoreError(f"无法连接通话记录数据库（{where}）：{text.strip()}",
                          hint="请检查 HOTLINE_DB 的地址、数据库服务是否在运行，以及网络。")
    return StoreError(f"通话记录库出错（{where}）：{text.strip() or type(exc).__name__}")
