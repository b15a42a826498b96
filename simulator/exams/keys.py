"""The trainer's secret: where it may come from, and the key a sitting is signed with.

The threat model (README, 考试的可信度) is a candidate who can read, write and delete every file
the app's account reaches and run any program as that account. So the secret that signs a sitting,
its seal and its appeals is the trainer's alone:

* it is typed at a prompt (asked twice when a sitting is opened), read from ``--key-file`` (a file
  outside the user data folder — a USB stick the trainer takes away), or read from stdin
  (``--key-stdin``, for scripts and tests);
* it is never written anywhere, never read from an environment variable (``/proc/<pid>/environ``
  is readable by the same account), and the key derived from it lives only in this process;
* a secret shorter than :data:`MIN_SECRET` characters is refused.

The signing key is ``scrypt(secret, salt)`` with a random salt per sitting, so a stolen sitting does
not help guess the passphrase faster than scrypt allows. :attr:`TrainerKey.key_id` (a short
HMAC of a fixed word) is stored in the sitting: with the wrong secret, ``exam verify`` says "the
key is not the one this sitting was opened with" rather than "every signature is broken".
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from simulator.exams.errors import KeyProblem

MIN_SECRET = 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class TrainerKey:
    key: bytes = b""
    salt: str = ""

    @property
    def key_id(self) -> str:
        return hmac.new(self.key, b"hotline-exam-key-id/1", hashlib.sha256).hexdigest()[:16]

    def sign(self, data: bytes) -> str:
        return hmac.new(self.key, data, hashlib.sha256).hexdigest()

    def check(self, data: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(data), signature or "")

    def __repr__(self) -> str:  # never print the key
        return f"TrainerKey(id={self.key_id})"


def new_salt() -> str:
    return secrets.token_hex(16)


def derive(secret: str, salt: str) -> TrainerKey:
    if len(secret) < MIN_SECRET:
        raise KeyProblem(f"考官密钥太短（{len(secret)} 个字符），至少要 {MIN_SECRET} 个",
                         hint="用一句只有考官知道的话，或 hotline exam keygen 生成的密钥文件")
    key = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), dklen=32, **SCRYPT)
    return TrainerKey(key, salt)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def check_key_location(path: Path, what: str = "密钥文件") -> None:
    """Refuse a key file (or a receipt) in the app's own folders: the candidate's account reads them."""
    from simulator.paths import data_root, install_dir, user_data_dir

    for folder, name in ((user_data_dir(), "用户数据目录"), (install_dir(), "程序数据目录"),
                         (data_root(), "程序目录")):
        if _inside(path, folder):
            raise KeyProblem(
                f"{what} {path} 在{name} {folder} 里，考生的账号能读到它",
                hint=f"把{what}放在考官自己的U盘或考官账号的目录里，用完带走",
            )


def read_secret(*, key_file: Path | None = None, stdin: bool = False, confirm: bool = False,
                stream: TextIO | None = None) -> str:
    """The trainer's secret from ``key_file``, stdin, or a prompt (``confirm``: ask twice)."""
    if key_file is not None:
        check_key_location(key_file)
        try:
            text = key_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyProblem(f"无法读取密钥文件 {key_file}：{exc}",
                             hint="检查U盘是否插好、路径是否正确") from exc
        secret = text.strip()
        if not secret:
            raise KeyProblem(f"密钥文件 {key_file} 是空的", hint="用 hotline exam keygen --out 文件 生成一个")
        return secret
    if stdin:
        line = (stream or sys.stdin).readline()
        secret = line.rstrip("\r\n")
        if not secret:
            raise KeyProblem("标准输入里没有考官密钥", hint="在第一行给出密钥，或改用 --key-file")
        return secret
    return _prompt(confirm)


def _prompt(confirm: bool) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise KeyProblem("需要考官密钥，但当前没有终端可以输入",
                         hint="用 --key-file 文件（放在数据目录以外）或 --key-stdin 提供密钥")
    try:
        secret = getpass.getpass("考官密钥：")
        if confirm and getpass.getpass("再输入一次：") != secret:
            raise KeyProblem("两次输入的密钥不一致", hint="重新运行命令")
    except (EOFError, KeyboardInterrupt) as exc:
        raise KeyProblem("没有输入考官密钥") from exc
    return secret


def generate_key_file(path: Path) -> None:
    """Write a new random secret to ``path`` (refused inside the app's folders; never overwritten)."""
    check_key_location(path)
    secret = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise KeyProblem(f"{path} 已存在，不会覆盖", hint="换一个文件名") from exc
    except OSError as exc:
        raise KeyProblem(f"无法写入密钥文件 {path}：{exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secret + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise KeyProblem(f"无法写入密钥文件 {path}：{exc.strerror or exc}") from exc
