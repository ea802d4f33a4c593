"""The installation's own secret key (Django's SECRET_KEY), made once and kept in the data directory.

Pure module (no Django): settings call it before Django is set up. Without `CARBONPEAK_SECRET_KEY` a fresh
installation draws a random key on first start and writes it, readable by its owner only (mode 0600), to
`<data directory>/secret_key`; every later start, and every process of the same installation (the web
server, the jobs loop, commands), reads the same file. There is no public fallback: a key that anyone
could read in the source would let anyone forge sessions and password-reset links.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

FILE_NAME = "secret_key"
# Django's deploy check wants at least 50 characters and 5 distinct ones; 50 random bytes give 67.
_RANDOM_BYTES = 50


class SecretKeyError(RuntimeError):
    """The key file cannot be read or written; the message names the file and what to do."""


def load_or_create(data_dir: Path) -> str:
    """The key kept in `data_dir`, made (mode 0600) if there is none yet."""
    path = data_dir / FILE_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: of two processes starting at once, one writes the key and the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as exc:
        raise SecretKeyError(
            f"无法在 {data_dir} 生成密钥文件，请设置 CARBONPEAK_SECRET_KEY 或 CARBONPEAK_DATA_DIR"
            f" / cannot create the key file in {data_dir}: set CARBONPEAK_SECRET_KEY or CARBONPEAK_DATA_DIR"
            f" ({exc.strerror})"
        ) from exc
    key = secrets.token_urlsafe(_RANDOM_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key


def _read(path: Path) -> str:
    # Another process may have created the file a moment ago and be writing it: wait up to a second.
    for _ in range(20):
        try:
            key = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SecretKeyError(f"无法读取密钥文件 / cannot read the key file {path}: {exc}") from exc
        if key:
            return key
        time.sleep(0.05)
    # A file left empty by a crash between create and write: refuse rather than run keyless.
    raise SecretKeyError(f"密钥文件为空，请删除后重启 / the key file {path} is empty: delete it and start again")
